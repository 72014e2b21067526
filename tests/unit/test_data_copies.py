"""The copies of outside texts in tests/data stay what they were copied from.

They let the tests run on a plain clone. Each copy's SHA-256 is written in tests/data/SOURCES.md
and checked on every run, so a copy cannot change unnoticed; where ../shared is beside the
repository the copy is also compared with its original there. Nothing here skips.
"""

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared"

#: Copy in tests/data → its original in ../shared (each listed in tests/data/SOURCES.md).
COPIES = {
    "gift/moodle-examples.gift": "fixtures/gift/moodle-examples.gift",
    "seed/article.hi.txt": "seed/article.hi.txt",
}


def _recorded_sha256(copy: str) -> str:
    """The SHA-256 written in the copy's row of SOURCES.md."""
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    row = next(line for line in sources.splitlines() if line.startswith(f"| `{copy}` |"))
    return re.search(r"SHA-256 `([0-9a-f]{64})`", row).group(1)


@pytest.mark.parametrize("copy", COPIES)
def test_copy_is_byte_for_byte_what_was_copied(copy):
    data = (DATA / copy).read_bytes()
    assert hashlib.sha256(data).hexdigest() == _recorded_sha256(copy)
    original = SHARED / COPIES[copy]
    if original.exists():  # beside a checkout with ../shared: the original itself as well
        assert data == original.read_bytes()


@pytest.mark.parametrize("copy", COPIES)
def test_copy_has_its_source_and_licence_noted(copy):
    assert (DATA / copy).is_file()
    assert f"`{copy}`" in (DATA / "SOURCES.md").read_text(encoding="utf-8")
