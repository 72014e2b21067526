"""quizapp.core stays free of Flask, SQLAlchemy, WTForms and the rest of quizapp."""

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[3] / "quizapp" / "core"
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "wtforms", "werkzeug", "jinja2", "alembic")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_nothing_impure(path):
    for name in _imports(path):
        assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
        if name.startswith("quizapp"):
            assert name.startswith("quizapp.core"), f"{path.name} imports {name}"
