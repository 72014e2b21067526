"""``load_bank``: bytes of an uploaded bank file to a validated ``Bank``, or every error.

Load → validate, nothing applied: the size is checked before anything else, the bytes must be
UTF-8 text, the format is told by the content (a file starting with ``{`` is bank JSON, anything
else GIFT; the file name only breaks ties), and then every error of the parse and of
``validate_bank`` is raised together in one ``BankFormatError``, sorted by line or question.
"""

import re
from typing import NoReturn

from quizapp.core.interchange.gift_parse import FORMAT_MARKER, read_gift
from quizapp.core.interchange.json_format import read_json
from quizapp.core.interchange.model import MAX_BANK_BYTES, BankFormatError, Issue, LoadResult
from quizapp.core.interchange.validate import validate_bank

FILE = "file"
_JSON_ARRAY = re.compile(r"\[\s*(?:[\[{\"\]\d-]|true|false|null)")
_FIRST_NUMBER = re.compile(r"(?:line |questions\[)(\d+)")
#: Most errors listed: past that, one more line says how many were left out.
MAX_LISTED_ERRORS = 200


def load_bank(data: bytes, filename: str | None = None) -> LoadResult:
    """Read and check a whole bank file; BankFormatError lists every error, nothing half-read."""
    text = decode_bank(data)
    bank_format = detect_format(text, filename)
    reader = read_json if bank_format == "json" else read_gift
    bank, errors, warnings = reader(text)
    if bank_format == "json" and errors and filename and filename.lower().endswith(".gift"):
        errors.append(Issue(FILE, "The file was read as bank JSON because it starts with '{'."))
    checked = validate_bank(bank)
    if errors:  # "no questions" only restates why the questions could not be read
        checked = [issue for issue in checked if issue.location != "questions"]
    errors = errors + checked
    if errors:
        errors = sorted(errors, key=_order)
        if len(errors) > MAX_LISTED_ERRORS:
            left_out = len(errors) - MAX_LISTED_ERRORS
            errors = [*errors[:MAX_LISTED_ERRORS], Issue(FILE, f"… and {left_out:,} more errors.")]
        raise BankFormatError(errors)
    return LoadResult(bank=bank, warnings=sorted(warnings, key=_order), format=bank_format)


def decode_bank(data: bytes) -> str:
    """The file's text: size limit, emptiness, binary data and UTF-8 checked, in that order."""
    data = bytes(data)
    size = len(data)
    if size > MAX_BANK_BYTES:
        limit = MAX_BANK_BYTES // 1024 // 1024
        _refuse(
            FILE,
            f"The file is {size / 1024 / 1024:.1f} MB ({size:,} bytes); bank files are "
            f"limited to {limit} MB ({MAX_BANK_BYTES:,} bytes).",
        )
    if not data.strip():
        _refuse(FILE, "The file is empty.")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        _refuse(FILE, "The file is UTF-16 text; save it as UTF-8.")
    nul = data.find(b"\x00")
    if nul >= 0:
        _refuse(
            FILE,
            f"This is a binary file, not a text bank (a NUL byte at offset {nul}); upload "
            "bank JSON or a GIFT text file.",
        )
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        bad = error.start
    before = data[:bad]
    line = before.count(b"\n") + 1
    column = bad - (before.rfind(b"\n") + 1) + 1
    _refuse(
        f"line {line}",
        f"Not valid UTF-8: byte 0x{data[bad]:02x} at offset {bad} (line {line}, byte {column} "
        "of the line); save the file as UTF-8.",
    )


def _refuse(location: str, message: str) -> NoReturn:
    raise BankFormatError([Issue(location, message)])


def detect_format(text: str, filename: str | None = None) -> str:
    """ "json" for bank JSON, "gift" for GIFT: by the content, the file name breaking ties.

    A file starting with ``{`` (or a JSON array) is JSON; one with GIFT's marks (an answer
    block, a comment, a title, a category, a format marker) is GIFT; for anything else a
    ``.json`` name says JSON, so the teacher gets JSON's error message rather than GIFT's.
    """
    start = text.lstrip()
    if start.startswith("{"):
        return "json"
    if start.startswith("[") and not FORMAT_MARKER.match(start) and _JSON_ARRAY.match(start):
        return "json"
    looks_like_gift = "{" in text or start.startswith(("//", "::", "$CATEGORY:", "["))
    if not looks_like_gift and filename and filename.lower().endswith(".json"):
        return "json"
    return "gift"


def _order(issue: Issue) -> tuple[int, int]:
    """Sort issues by the line or question they are about; file-level ones first."""
    match = _FIRST_NUMBER.match(issue.location)
    return (1, int(match.group(1))) if match else (0, 0)
