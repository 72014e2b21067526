"""Every import points down the layers (docs/architecture.md): a feature imports only the
features below it, infrastructure imports no feature, and no routes module imports another
module's views. Signals carry the way up."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "quizapp"

#: Features from the bottom up; each may import those before it.
FEATURES = ("core", "auth", "content", "questions", "attempts", "words", "progress",
            "authoring", "classrooms", "main",
            "api", "demo", "cli")  # fmt: skip
#: Modules every feature may use; they import no feature themselves (core excepted).
INFRASTRUCTURE = ("config", "database", "extensions", "exceptions", "errors", "security", "i18n",
                  "templating", "compression", "fragments", "backup", "json_input",
                  "throttle")  # fmt: skip


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts == ("__init__",):
            continue  # create_app: the wiring, which imports everything by design
        yield path, parts


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return [name for name in found if name.startswith("quizapp.")]


def _layer(parts: tuple[str, ...]) -> str:
    return parts[0]


CASES = [(path, parts) for path, parts in _modules()]


@pytest.mark.parametrize(("path", "parts"), CASES, ids=[".".join(p) for _, p in CASES])
def test_imports_point_down(path, parts):
    here = _layer(parts)
    wrong = []
    for name in _imports(path):
        target = name.split(".")[1]
        if target == here or target not in FEATURES + INFRASTRUCTURE:
            continue
        if here in INFRASTRUCTURE:
            if target in FEATURES and target != "core":
                wrong.append(name)
        elif target in FEATURES and FEATURES.index(target) > FEATURES.index(here):
            wrong.append(name)
        if parts[-1] == "routes" and name.split(".")[-1] == "routes" and target != here:
            wrong.append(name)
    assert not wrong, f"{'.'.join(parts)} imports upwards: {sorted(set(wrong))}"


def test_every_module_has_a_place():
    unknown = {parts[0] for _path, parts in _modules()} - set(FEATURES) - set(INFRASTRUCTURE)
    assert not unknown, f"add these to FEATURES or INFRASTRUCTURE: {unknown}"
