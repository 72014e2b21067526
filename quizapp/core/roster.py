"""A class roster CSV a teacher uploads: read, checked row by row, usernames given or made.

Load → validate, as every import here: ``parse_roster`` reads the whole file and returns a
``Roster`` holding either rows (every one good) or errors (each with the spreadsheet row it is
on), never a mix; the caller shows the errors, or previews the rows and applies them in one
transaction.

The file
--------
- **Encoding**: UTF-8, with or without a BOM (Excel's "CSV UTF-8" writes one). Anything else
  is refused, naming the line of the first byte that is not UTF-8, rather than guessed at: a
  wrong guess turns अनीता into mojibake that then becomes an account name. UTF-16 (Excel's
  "Unicode Text") is recognised by its BOM and refused with its own message.
- **Delimiter**: ``,`` ``;`` or tab (a German or French Excel saves ``;``). When the first row
  is a header, the delimiter is the one that splits it into the most known column names;
  otherwise the one found in the most of the first 50 lines, ``,`` if none is.
- **Line numbers** are the rows a spreadsheet shows (1-based, blank rows counted, a quoted cell
  holding a line break still one row), so "line 7" is row 7 in the teacher's spreadsheet. An
  encoding error, found before any row is read, gives the text line of the bad byte.

Two shapes
----------
1. **Moodle-style header**, recognised when the first non-blank row names a known column.
   The columns of Moodle's "Upload users": ``username``, ``firstname``, ``lastname``,
   ``email``, ``group``, in any order and case; spaces, ``_`` and ``-`` in a header are
   ignored (``First Name``, ``e-mail``). Also understood: ``group1`` (Moodle's own name) for
   group, and ``name`` / ``fullname`` for the whole name. Other columns (``idnumber``,
   ``password``, ``course1``, …) are ignored, each with a *warning*: a Moodle export carries
   many, and refusing the file for them would only make the teacher delete columns by hand.
   ``username`` is optional (missing or empty cells get a generated one); a name is not: at
   least one of firstname, lastname or name is needed, and name may not be mixed with
   firstname/lastname (which one would win?).
2. **A plain list of names**, one per line, no header, a single column. A line with two
   non-empty cells is an error (most likely a list with a header row we did not recognise, or
   "Sharma, Anita" unquoted).

Blank rows (and rows of empty cells, as spreadsheets write them) are skipped.

Errors (the whole file is refused if there is any)
--------------------------------------------------
Each ``RosterProblem`` has a ``code`` for the interface to translate, an English ``message``
(for the CLI and API), the ``line`` (None when it is about the whole file) and the offending
``value``. Codes: ``too_big``, ``utf16``, ``not_utf8``, ``binary`` (a NUL byte), ``bad_csv``
(a stray or unclosed double quote), ``empty`` (no names at all), ``duplicate_column``,
``no_name_column``, ``name_and_parts``, ``too_many_rows`` (over ``MAX_ROWS`` learners),
``line_too_long``, ``extra_cells``, ``several_columns``, ``empty_name``, ``name_too_long``,
``control_character``, ``bad_username``, ``duplicate_username``, ``bad_email``,
``group_too_long``. Warnings: ``ignored_column``, ``same_name`` (two learners with one name:
allowed, they get distinct usernames, but the teacher may want to tell them apart).

Usernames
---------
A given username must be what sign-up accepts (``USERNAME_PATTERN``, the same as
``quizapp.auth.services``: 3 to 40 letters, digits, ``.``, ``-`` or ``_``; Devanagari allowed)
and unique in the file, compared as accounts are (NFKC, case-folded, look-alikes as one: see
``core.confusables``). It is kept as given, whoever holds it already: the caller matches it to
that account (``taken`` is about generated usernames only).

A missing username is made from the name: ASCII, lowercase, the words joined by dots.
Devanagari is romanised with ``core.romanize`` (built on ``indic_transliteration``), with
``aa`` written ``a`` as Indian names are spelled in English: अनीता शर्मा → anita.sharma,
रवि कुमार → ravi.kumar. Accents are dropped (José → jose); a name with nothing left (another
script) becomes ``learner``. A username already used, by a given username in the file, an
earlier row or ``taken``, gets 2, 3, … appended (ravi.kumar, ravi.kumar2); a name shorter than
3 letters gets a number at once (om → om1). Generation runs in file order and depends only on
the file and ``taken``: "the same file twice changes nothing" holds when the caller's ``taken``
answers "held by an account that is *not* already in this class" — then the second import
regenerates the same usernames, and the caller matches them to the existing learners.

Passwords
---------
``generate_password`` gives three words and two digits, ``kite-mango-river-47``: easy to copy
from a printed slip onto a phone, and read aloud without spelling. 256 words (``WORDS``), digits
2–9: 256**3 * 8**2 ≈ 1.07e9 (30 bits), plenty for an online guesser throttled per account,
and zxcvbn scores such passwords 4; each is checked with ``core.passwords`` anyway, so a
generated password is always one the app would accept from a person.
"""

import csv
import io
import itertools
import re
import secrets
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal

from quizapp.core.confusables import skeleton
from quizapp.core.passwords import password_problem
from quizapp.core.romanize import romanize

#: More learners than this in one file is refused (a class is 30–40; a year group fits).
MAX_ROWS = 500
#: Characters in one row, all cells together.
MAX_LINE = 1000
#: A bigger upload is refused before it is decoded.
MAX_BYTES = 1_000_000
MAX_NAME = 100
MAX_EMAIL = 254
MAX_GROUP = 100
#: As ``quizapp.auth.services.USERNAME_PATTERN`` (kept in step by hand: core cannot import it).
USERNAME_PATTERN = re.compile(r"^[\w.\-\u0900-\u097f]{3,40}$")
MIN_USERNAME = 3
MAX_USERNAME = 40
#: Room left for a number when a generated username is cut short.
_MAX_BASE = MAX_USERNAME - 6
#: Usernames made from a name with nothing Latin left in it.
FALLBACK_USERNAME = "learner"
DELIMITERS = (",", ";", "\t")
#: Header cells (lowercased, without spaces, ``_`` and ``-``) and the field each one fills.
COLUMNS = {
    "username": "username",
    "firstname": "firstname",
    "lastname": "lastname",
    "email": "email",
    "group": "group",
    "group1": "group",
    "name": "name",
    "fullname": "name",
}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_WHITESPACE = re.compile(r"\s+")
_DEVANAGARI_RUN = re.compile(r"[\u0900-\u097f\u200c\u200d]+")
_APOSTROPHES = re.compile(r"['\u2019\u02bc`]")
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")
#: Zero-width joiner and non-joiner shape Devanagari; other invisible characters are dropped.
_KEPT_FORMAT = frozenset("\u200c\u200d")


@dataclass(frozen=True)
class RosterProblem:
    """An error or warning: where, a code to translate, and an English message."""

    line: int | None
    code: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        return self.message if self.line is None else f"Line {self.line}: {self.message}"


@dataclass(frozen=True)
class RosterRow:
    """One learner of the roster."""

    line: int
    name: str
    username: str
    #: True when the file had no username for this learner and one was made from the name.
    username_generated: bool
    email: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Roster:
    """The parsed file: rows when it is good, errors when not (never both)."""

    rows: tuple[RosterRow, ...]
    errors: tuple[RosterProblem, ...]
    warnings: tuple[RosterProblem, ...] = ()
    shape: Literal["moodle", "names", ""] = ""
    delimiter: str = ""

    @property
    def ok(self) -> bool:
        """True when the rows may be applied."""
        return not self.errors


@dataclass
class _Draft:
    line: int
    name: str
    username: str | None
    email: str | None
    group: str | None


class _Stop(Exception):
    """Reading the file cannot go on (bad CSV, too many rows): the problem is already noted."""


# ---- Reading ------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str | None, RosterProblem | None]:
    if len(data) > MAX_BYTES:
        message = f"The file is larger than {MAX_BYTES // 1_000_000} MB; a roster is far smaller."
        return None, RosterProblem(None, "too_big", message)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = (
            "The file is UTF-16 (Unicode Text). Save it as “CSV UTF-8 (comma delimited)” and "
            "upload that."
        )
        return None, RosterProblem(None, "utf16", message)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = _line_of(data[: error.start].decode("utf-8", "replace"))
        byte = data[error.start]
        message = (
            f"This line is not UTF-8 text (byte 0x{byte:02X}). Save the file as "
            "“CSV UTF-8 (comma delimited)” and upload that."
        )
        return None, RosterProblem(line, "not_utf8", message)
    if "\x00" in text:
        line = _line_of(text[: text.index("\x00")])
        message = "This is not a text file (it holds NUL characters). Upload a CSV file."
        return None, RosterProblem(line, "binary", message)
    return text, None


def _line_of(before: str) -> int:
    """The text line a character is on, given the text before it (CRLF, LF or CR line ends)."""
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


def _header_key(cell: str) -> str:
    return re.sub(r'[\s_\-"]+', "", cell.casefold())


def _known_columns(cells: list[str]) -> int:
    return sum(_header_key(cell) in COLUMNS for cell in cells)


def _detect_delimiter(text: str) -> str:
    lines = [line for line in itertools.islice(io.StringIO(text, newline=""), 200) if line.strip()]
    lines = lines[:50]
    if not lines:
        return ","

    def score(delimiter: str) -> tuple[int, int]:
        header = _known_columns(lines[0].split(delimiter))
        return header, sum(delimiter in line for line in lines)

    best = max(DELIMITERS, key=score)  # max keeps the first of equals: "," before ";" and tab
    return best if score(best) != (0, 0) else ","


def _records(text: str, delimiter: str, problems: list[RosterProblem]):
    """(line, cells) for every row, blank ones too; a CSV error is noted and ends the reading."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(_csv_problem(line + 1, str(error)))
            raise _Stop from error
        line += 1
        yield line, cells


def _csv_problem(line: int, detail: str) -> RosterProblem:
    if "field larger than field limit" in detail:
        return RosterProblem(line, "line_too_long", _line_too_long_message())
    if "unexpected end of data" in detail:
        message = "A double quote opens a cell here and is never closed."
    else:
        message = (
            "A double quote is out of place. Put the whole cell in double quotes and double any "
            'quote inside it ("Anita ""Annu"" Sharma"), or remove the quote.'
        )
    return RosterProblem(line, "bad_csv", message, detail)


def _line_too_long_message() -> str:
    return f"This line is longer than {MAX_LINE} characters."


# ---- Checking cells ------------------------------------------------------------------------


def _clean_name(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw)
    text = "".join(
        char for char in text if char in _KEPT_FORMAT or unicodedata.category(char) != "Cf"
    )
    return _WHITESPACE.sub(" ", text).strip()


def _check_name(name: str, line: int, problems: list[RosterProblem]) -> None:
    if not name:
        problems.append(RosterProblem(line, "empty_name", "The name is empty."))
    elif len(name) > MAX_NAME:
        message = f"The name is longer than {MAX_NAME} characters."
        problems.append(RosterProblem(line, "name_too_long", message, name))
    elif any(unicodedata.category(char) == "Cc" for char in name):
        message = "The name holds a control character."
        problems.append(RosterProblem(line, "control_character", message, name))


def _check_username(username: str, line: int, problems: list[RosterProblem]) -> None:
    if not USERNAME_PATTERN.fullmatch(username):
        message = (
            f"The username “{username}” is not allowed: use {MIN_USERNAME} to {MAX_USERNAME} "
            "letters, digits, dots (.), dashes (-) or underscores (_), without spaces."
        )
        problems.append(RosterProblem(line, "bad_username", message, username))


def _check_email(email: str, line: int, problems: list[RosterProblem]) -> None:
    if len(email) > MAX_EMAIL or not _EMAIL.match(email):
        message = f"“{email}” does not look like an email address."
        problems.append(RosterProblem(line, "bad_email", message, email))


def _check_group(group: str, line: int, problems: list[RosterProblem]) -> None:
    if len(group) > MAX_GROUP:
        message = f"The group is longer than {MAX_GROUP} characters."
        problems.append(RosterProblem(line, "group_too_long", message, group))


def username_key(username: str) -> str:
    """Usernames compared as accounts are: NFKC, case-folded, look-alikes as one (``аsha``)."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", username).casefold())
    return skeleton(folded.strip())


# ---- The two shapes ---------------------------------------------------------------------------


def _count_row(drafts: list[_Draft], line: int, problems: list[RosterProblem]) -> None:
    if len(drafts) >= MAX_ROWS:
        message = (
            f"The file has more than {MAX_ROWS} learners; this is learner {MAX_ROWS + 1}. "
            "Split it into smaller files."
        )
        problems.append(RosterProblem(line, "too_many_rows", message))
        raise _Stop


def _too_long(line: int, cells: list[str], problems: list[RosterProblem]) -> bool:
    if sum(len(cell) for cell in cells) + len(cells) - 1 > MAX_LINE:
        problems.append(RosterProblem(line, "line_too_long", _line_too_long_message()))
        return True
    return False


def _read_names(records, drafts: list[_Draft], problems: list[RosterProblem]) -> None:
    for line, cells in records:
        filled = [cell for cell in cells if cell.strip()]
        if not filled:
            continue
        _count_row(drafts, line, problems)
        if _too_long(line, cells, problems):
            continue
        if len(filled) > 1:
            message = (
                f"This line has {len(filled)} cells; a list of names has one name a line. For "
                "several columns, start the file with a header row: username, firstname, "
                "lastname, email, group."
            )
            problems.append(RosterProblem(line, "several_columns", message))
            continue
        name = _clean_name(filled[0])
        _check_name(name, line, problems)
        drafts.append(_Draft(line, name, None, None, None))


def _read_header(
    line: int, cells: list[str], problems: list[RosterProblem], warnings: list[RosterProblem]
) -> dict[str, int]:
    """Column index of each field the header names; ignored columns become warnings."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _header_key(cell)
        if not key:
            continue
        field = COLUMNS.get(key)
        if field is None:
            message = f"The column “{cell.strip()}” is not used; it was ignored."
            warnings.append(RosterProblem(line, "ignored_column", message, cell.strip()))
        elif field in columns:
            message = f"The column “{field}” appears twice in the header."
            problems.append(RosterProblem(line, "duplicate_column", message, field))
        else:
            columns[field] = index
    parts = {"firstname", "lastname"} & columns.keys()
    if "name" in columns and parts:
        message = "Use either a name column or firstname and lastname columns, not both."
        problems.append(RosterProblem(line, "name_and_parts", message))
    elif "name" not in columns and not parts:
        message = "The header has no firstname, lastname or name column."
        problems.append(RosterProblem(line, "no_name_column", message))
    return columns


def _read_moodle(
    header_line: int,
    header: list[str],
    records,
    drafts: list[_Draft],
    problems: list[RosterProblem],
    warnings: list[RosterProblem],
) -> None:
    columns = _read_header(header_line, header, problems, warnings)
    if problems:
        return
    width = len(header)
    first_line_of: dict[str, int] = {}
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        _count_row(drafts, line, problems)
        if _too_long(line, cells, problems):
            continue
        if any(cell.strip() for cell in cells[width:]):
            message = f"This line has more cells than the header's {width} columns."
            problems.append(RosterProblem(line, "extra_cells", message))
            continue

        def cell(field: str, cells=cells) -> str:
            index = columns.get(field)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        if "name" in columns:
            name = _clean_name(cell("name"))
        else:
            name = _clean_name(f"{cell('firstname')} {cell('lastname')}")
        _check_name(name, line, problems)
        username = unicodedata.normalize("NFC", cell("username")) or None
        if username is not None:
            _check_username(username, line, problems)
            key = username_key(username)
            if key in first_line_of:
                message = f"The username “{username}” is already on line {first_line_of[key]}."
                problems.append(RosterProblem(line, "duplicate_username", message, username))
            else:
                first_line_of[key] = line
        email = cell("email") or None
        if email is not None:
            _check_email(email, line, problems)
        group = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", cell("group"))) or None
        if group is not None:
            _check_group(group, line, problems)
        drafts.append(_Draft(line, name, username, email, group))


# ---- Usernames -----------------------------------------------------------------------------------


def username_base(name: str) -> str:
    """The username a name suggests before any number: ``अनीता शर्मा`` → ``anita.sharma``."""
    text = _DEVANAGARI_RUN.sub(lambda m: romanize(m.group()).replace("aa", "a"), name)
    text = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text).casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    base = _NOT_ASCII_WORD.sub(".", text.encode("ascii", "ignore").decode()).strip(".")
    base = base[:_MAX_BASE].strip(".")
    return base or FALLBACK_USERNAME


def _candidates(base: str):
    if len(base) >= MIN_USERNAME:
        yield base
    for number in itertools.count(2 if len(base) >= MIN_USERNAME else 1):
        yield base + str(number).zfill(MIN_USERNAME - len(base))


def _as_predicate(taken: Callable[[str], bool] | Collection[str]) -> Callable[[str], bool]:
    if callable(taken):
        return taken
    keys = {username_key(username) for username in taken}
    return lambda username: username_key(username) in keys


def generate_username(
    name: str, taken: Callable[[str], bool] | Collection[str] = frozenset()
) -> str:
    """The first of ``base``, ``base2``, ``base3``, … that ``taken`` does not hold."""
    return _first_free(username_base(name), _as_predicate(taken), 0)[0]


def _first_free(base: str, is_taken: Callable[[str], bool], skip: int) -> tuple[str, int]:
    """The first candidate after the ``skip`` first that is free, and how many were looked at."""
    for seen, candidate in enumerate(itertools.islice(_candidates(base), skip, None), skip + 1):
        if not is_taken(candidate):
            return candidate, seen
    raise AssertionError("unreachable: the candidates never end")


# ---- The whole file ----------------------------------------------------------------------------


def parse_roster(
    data: bytes, taken: Callable[[str], bool] | Collection[str] = frozenset()
) -> Roster:
    """Read a roster file: every row good and with a username, or the errors by line.

    ``taken`` says which usernames are not free for generated ones: a set of usernames, or a
    predicate (compare with ``username_key``). For re-imports to change nothing, it should hold
    the usernames of accounts that are *not* already members of the class (module docstring).
    """
    text, problem = _decode(data)
    if text is None:
        return Roster((), (problem,))
    delimiter = _detect_delimiter(text)
    problems: list[RosterProblem] = []
    warnings: list[RosterProblem] = []
    drafts: list[_Draft] = []
    shape: Literal["moodle", "names"] = "names"
    records = _records(text, delimiter, problems)
    try:
        first = next(((line, cells) for line, cells in records if any(map(str.strip, cells))), None)
        if first is not None and _known_columns(first[1]):
            shape = "moodle"
            _read_moodle(*first, records, drafts, problems, warnings)
        elif first is not None:
            _read_names(itertools.chain([first], records), drafts, problems)
    except _Stop:
        pass
    if not drafts and not problems:
        problems.append(RosterProblem(None, "empty", "The file has no names in it."))
    if problems:
        return Roster((), tuple(problems), tuple(warnings), shape, delimiter)
    rows = _assign_usernames(drafts, _as_predicate(taken))
    return Roster(rows, (), tuple(warnings) + _same_names(rows), shape, delimiter)


def _assign_usernames(
    drafts: list[_Draft], is_taken: Callable[[str], bool]
) -> tuple[RosterRow, ...]:
    used = {username_key(draft.username) for draft in drafts if draft.username}

    def unavailable(candidate: str) -> bool:
        return username_key(candidate) in used or is_taken(candidate)

    # Candidates of a base found unavailable stay so (``used`` only grows, ``taken`` is fixed):
    # the next learner of the same name starts after them, and 40 Ravi Kumars ask ``taken``
    # about 40 usernames, not 820.
    looked_at: dict[str, int] = {}
    rows = []
    for draft in drafts:
        username = draft.username
        if username is None:
            base = username_base(draft.name)
            username, looked_at[base] = _first_free(base, unavailable, looked_at.get(base, 0))
            used.add(username_key(username))
        rows.append(
            RosterRow(
                draft.line, draft.name, username, draft.username is None, draft.email, draft.group
            )
        )
    return tuple(rows)


def _same_names(rows: tuple[RosterRow, ...]) -> tuple[RosterProblem, ...]:
    first: dict[str, RosterRow] = {}
    warnings = []
    for row in rows:
        key = row.name.casefold()
        if key in first:
            earlier = first[key]
            message = (
                f"{row.name} is also on line {earlier.line}: two learners, with the usernames "
                f"{earlier.username} and {row.username}."
            )
            warnings.append(RosterProblem(row.line, "same_name", message, row.name))
        else:
            first[key] = row
    return tuple(warnings)


# ---- Passwords -----------------------------------------------------------------------------------

# Short words a school child knows: things, animals, food, colours. No two that sound alike,
# nothing unkind.
_WORD_LIST = """
    ant bat bear bee bird camel cat cow crab crow deer dog duck eagle fish fox frog goat hen horse
    lion monkey mouse owl parrot rabbit sheep snake tiger zebra yak whale wolf panda donkey puppy
    kitten swan apple banana mango grape lemon melon orange papaya guava plum cherry peach bread
    rice cake milk honey sugar tea juice egg corn bean onion potato tomato carrot moon star sky
    cloud rain snow wind river lake hill rock stone sand tree leaf grass seed rose lotus forest
    ocean island beach ice wave book pen pencil bag box cup chair table door lamp bell ball kite
    drum flute boat ship car bus train bike clock key ring shoe hat coat sock brush comb fan bowl
    plate spoon basket ladder rope tent flag map coin gift toy doll card shell candle mirror
    window roof wall gate bridge road tower garden school house farm park market city village red
    blue green yellow pink purple brown black white gold silver happy big small tall fast quick
    bright calm kind brave clever gentle funny sunny sweet soft warm cool fresh shiny tiny quiet
    proud lucky busy merry neat wise young jump swim sing dance play paint fly climb smile laugh
    cook draw lamb dove hawk pigeon peacock turtle otter shark roti dosa lassi kulfi samosa butter
    cheese ginger pepper field valley desert cave pond rainbow planet comet earth chalk desk globe
    paper jar pot kettle radio camera piano guitar violin tabla button ribbon bucket hammer wheel
    rocket anchor lantern pocket helmet jacket scarf
"""
#: The words of generated passwords: 256 of them, so each word is 8 bits.
WORDS = tuple(_WORD_LIST.split())
#: No 0 or 1, which a child may read as O or l.
PASSWORD_DIGITS = "23456789"  # nosec B105 (an alphabet, not a password)
#: Fresh passwords tried before giving up; only a username found in most of them could need it.
_PASSWORD_TRIES = 100


def generate_password(username: str = "") -> str:
    """Three words and two digits, ``kite-mango-river-47``, that ``core.passwords`` accepts."""
    for _ in range(_PASSWORD_TRIES):
        words = [secrets.choice(WORDS) for _ in range(3)]
        digits = "".join(secrets.choice(PASSWORD_DIGITS) for _ in range(2))
        password = "-".join([*words, digits])
        if password_problem(password, username) is None:
            return password
    raise ValueError(f"no password without {username!r} in it")
