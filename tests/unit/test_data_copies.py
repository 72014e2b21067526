"""The copies of outside texts in tests/data stay what they were copied from.

They let the tests run on a plain clone; this check makes sure they cannot drift from the
originals in ../shared unnoticed. It is the only test that reads ../shared, and it skips when
that folder is not beside the repository.
"""

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


@pytest.mark.parametrize("copy", COPIES)
def test_copy_is_byte_for_byte_the_shared_original(copy):
    original = SHARED / COPIES[copy]
    if not original.exists():
        pytest.skip(f"{original} is not beside this checkout")
    assert (DATA / copy).read_bytes() == original.read_bytes()


@pytest.mark.parametrize("copy", COPIES)
def test_copy_has_its_source_and_licence_noted(copy):
    assert (DATA / copy).is_file()
    assert f"`{copy}`" in (DATA / "SOURCES.md").read_text(encoding="utf-8")
