"""Spec for quizapp.core.roster: a class roster CSV read, checked by line, usernames made."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.passwords import password_problem
from quizapp.core.roster import (
    MAX_ROWS,
    PASSWORD_DIGITS,
    USERNAME_PATTERN,
    WORDS,
    RosterRow,
    generate_password,
    generate_username,
    parse_roster,
    username_base,
    username_key,
)

DATA = Path(__file__).parents[2] / "data" / "roster"
BOM = b"\xef\xbb\xbf"


def _read(name: str):
    return parse_roster((DATA / name).read_bytes())


def _codes(data: bytes) -> list[tuple[int | None, str]]:
    roster = parse_roster(data)
    assert not roster.rows, "a file with errors gives no rows"
    return [(error.line, error.code) for error in roster.errors]


def _usernames(data: bytes, taken=frozenset()) -> list[str]:
    roster = parse_roster(data, taken)
    assert roster.ok, [str(error) for error in roster.errors]
    return [row.username for row in roster.rows]


# ---- Usernames made from names -------------------------------------------------------------

# One row per rule: (name, username base, what the row shows).
BASES = [
    ("Anita Sharma", "anita.sharma", "words joined by a dot, lowercase"),
    ("अनीता शर्मा", "anita.sharma", "Devanagari romanised, aa written a"),
    ("रवि कुमार", "ravi.kumar", "कुमार is kumar, not kumaar"),
    ("मोहम्मद आसिफ़", "mohammad.asif", "nukta letter फ़ is f"),
    ("श्रीकांत", "shrikant", "conjunct and anusvara"),
    ("लक्ष्मी", "lakshmi", "क्ष is ksh"),
    ("अनीता Sharma", "anita.sharma", "scripts mixed"),
    ("José García", "jose.garcia", "accents dropped"),
    ("Zoë Ångström", "zoe.angstrom", "more accents"),
    ("O'Brien", "obrien", "apostrophe dropped, not a break"),
    ("D’Souza", "dsouza", "curly apostrophe too"),
    ("Mary-Jane  Smith", "mary.jane.smith", "dash and double space are one break"),
    ("  Ravi Kumar  ", "ravi.kumar", "spaces around ignored"),
    ("AARON", "aaron", "aa kept in Latin names"),
    ("Ravi 2", "ravi.2", "digits kept"),
    ("李小龙", "learner", "nothing Latin left: a fallback"),
    ("", "learner", "empty"),
    ("x" * 60, "x" * 34, "cut short, room left for a number"),
    ("a" * 33 + " b", "a" * 33, "no dot left at the end after cutting"),
]


@pytest.mark.parametrize(("name", "base", "why"), BASES, ids=[row[2] for row in BASES])
def test_username_base(name, base, why):
    assert username_base(name) == base


# One row per rule: (name, usernames taken, username made, what the row shows).
GENERATED = [
    ("Ravi Kumar", set(), "ravi.kumar", "free: the base"),
    ("Ravi Kumar", {"ravi.kumar"}, "ravi.kumar2", "taken: 2 appended"),
    ("Ravi Kumar", {"ravi.kumar", "ravi.kumar2"}, "ravi.kumar3", "then 3"),
    ("Ravi Kumar", {"Ravi.Kumar"}, "ravi.kumar2", "taken compared without case"),
    ("Ravi Kumar", {"ravi.kumar2"}, "ravi.kumar", "a gap is not filled early"),
    ("Om", set(), "om1", "a short name gets a number at once"),
    ("Om", {"om1"}, "om2", "and counts on"),
    ("A", set(), "a01", "a one-letter name is padded to three characters"),
    ("李小龙", {"learner"}, "learner2", "the fallback counts too"),
]


@pytest.mark.parametrize(
    ("name", "taken", "username", "why"), GENERATED, ids=[row[3] for row in GENERATED]
)
def test_generate_username(name, taken, username, why):
    assert generate_username(name, taken) == username
    assert USERNAME_PATTERN.match(username)


def test_taken_may_be_a_predicate():
    held = {"anita.sharma", "anita.sharma2"}
    assert generate_username("Anita Sharma", held.__contains__) == "anita.sharma3"


def test_username_key_folds_case_width_and_look_alikes():
    assert username_key("Asha") == username_key("asha") == username_key("ａｓｈａ")
    assert username_key("\u0430sha") == username_key("asha")  # Cyrillic а
    assert username_key("रवि") != username_key("रवी")


# ---- Sample files ----------------------------------------------------------------------------


def test_moodle_file_with_bom_and_semicolons():
    data = (DATA / "moodle_bom_semicolon.csv").read_bytes()
    assert data.startswith(BOM) and data.count(b"\r\n") == data.count(b"\n") == 7
    roster = parse_roster(data)
    assert roster.ok
    assert (roster.shape, roster.delimiter) == ("moodle", ";")
    assert roster.rows == (
        RosterRow(2, "अनीता शर्मा", "anita.s", False, "anita@example.org", "7A"),
        RosterRow(3, "रवि कुमार", "ravi.kumar", True, None, "7A"),
        RosterRow(4, "रवि कुमार", "ravi.kumar2", True, None, "7B"),
        RosterRow(5, "Priya Nair", "priya.nair", True, "priya@example.org", "7B"),
        RosterRow(7, "Mohammed D'Souza", "mohammed.dsouza", True, None, None),
    )
    assert [(w.line, w.code, w.value) for w in roster.warnings] == [
        (1, "ignored_column", "idnumber"),
        (4, "same_name", "रवि कुमार"),
    ]


def test_plain_list_of_devanagari_names():
    roster = _read("names_devanagari.csv")
    assert (roster.shape, roster.errors) == ("names", ())
    assert [(row.line, row.name, row.username) for row in roster.rows] == [
        (1, "अनीता शर्मा", "anita.sharma"),
        (2, "रवि कुमार", "ravi.kumar"),
        (4, "Priya Nair", "priya.nair"),
        (5, "रवि कुमार", "ravi.kumar2"),
        (6, "मोहम्मद आसिफ़", "mohammad.asif"),
    ]
    assert all(row.username_generated and row.email is row.group is None for row in roster.rows)
    assert [(w.line, w.code) for w in roster.warnings] == [(5, "same_name")]


def test_tab_separated_with_a_name_column():
    roster = _read("tab_name_group.tsv")
    assert (roster.shape, roster.delimiter) == ("moodle", "\t")
    assert [(row.name, row.username, row.group) for row in roster.rows] == [
        ("अनीता शर्मा", "anita.sharma", "7A"),
        ("Ravi Kumar", "ravi.kumar", "7A"),
    ]


def test_bad_file_is_refused_whole_with_an_error_on_each_line():
    roster = _read("bad_several_errors.csv")
    assert roster.rows == ()
    assert not roster.ok
    assert [(e.line, e.code, e.value) for e in roster.errors] == [
        (3, "bad_username", "bad name"),
        (4, "empty_name", ""),
        (5, "duplicate_username", "ASHA"),
        (6, "bad_email", "meena-at-example.org"),
        (7, "extra_cells", ""),
    ]
    assert str(roster.errors[2]) == "Line 5: The username “ASHA” is already on line 2."


def test_latin1_file_is_refused_naming_the_line():
    roster = _read("latin1.csv")
    assert [(e.line, e.code) for e in roster.errors] == [(2, "not_utf8")]
    assert "0xE9" in roster.errors[0].message
    assert "CSV UTF-8" in roster.errors[0].message


# ---- Reading: encodings, delimiters, line numbers ----------------------------------------------

NAMES_AS_READ = [
    # (file, names read, what the row shows)
    (b"Anita\nRavi\n", ["Anita", "Ravi"], "LF"),
    (b"Anita\r\nRavi\r\n", ["Anita", "Ravi"], "CRLF"),
    (b"Anita\rRavi\r", ["Anita", "Ravi"], "old Mac CR"),
    (b"Anita\nRavi", ["Anita", "Ravi"], "no newline at the end"),
    (BOM + b"Anita\n", ["Anita"], "BOM dropped"),
    (b'"Sharma, Anita"\n', ["Sharma, Anita"], "quoted comma is one name"),
    (b'"Anita ""Annu"" Sharma"\n', ['Anita "Annu" Sharma'], "doubled quotes"),
    (b'"Anita\nSharma"\n', ["Anita Sharma"], "a line break inside a name is a space"),
    (b"Anita,,\nRavi,,\n", ["Anita", "Ravi"], "empty trailing cells from a spreadsheet"),
    ("  अनीता   शर्मा \n".encode(), ["अनीता शर्मा"], "spaces squeezed"),
    ("अनी\u200bता\n".encode(), ["अनीता"], "zero-width space dropped"),
    ("क्\u200dष\n".encode(), ["क्\u200dष"], "ZWJ kept: it shapes Devanagari"),
    ("\u202eAnita\n".encode(), ["Anita"], "bidi override dropped"),
    ("\u0958\n".encode(), ["क\u093c"], "NFC: precomposed क़ is क + nukta"),
]


@pytest.mark.parametrize(
    ("data", "names", "why"), NAMES_AS_READ, ids=[row[2] for row in NAMES_AS_READ]
)
def test_names_as_read(data, names, why):
    roster = parse_roster(data)
    assert roster.ok, [str(e) for e in roster.errors]
    assert [row.name for row in roster.rows] == names


DELIMITERS = [
    (b"firstname,lastname\nAnita,Sharma\n", ",", "comma header"),
    (b"firstname;lastname\nAnita;Sharma\n", ";", "semicolon header"),
    (b"firstname\tlastname\nAnita\tSharma\n", "\t", "tab header"),
    (b'"firstname";"lastname"\n"Anita";"Sharma"\n', ";", "quoted header cells"),
    (b"firstname;lastname;note\nAnita;Sharma;a, b\n", ";", "header decides over commas below"),
    (b"Anita Sharma\nRavi Kumar\n", ",", "no delimiter at all: comma"),
    (b"name\nAnita\n", ",", "one column header"),
]


@pytest.mark.parametrize(("data", "delimiter", "why"), DELIMITERS, ids=[r[2] for r in DELIMITERS])
def test_delimiter(data, delimiter, why):
    roster = parse_roster(data)
    assert roster.ok, [str(e) for e in roster.errors]
    assert roster.delimiter == delimiter
    assert roster.rows[0].name in ("Anita Sharma", "Anita")


HEADERS = [
    (b"FirstName,LastName\nAnita,Sharma\n", "case ignored"),
    (b"First Name,Last_Name\nAnita,Sharma\n", "spaces and underscores ignored"),
    (b"lastname,firstname\nSharma,Anita\n", "any order"),
    (b"Full Name\nAnita Sharma\n", "full name"),
    (b"firstname,lastname,group1\nAnita,Sharma,7A\n", "Moodle's group1"),
    (b"firstname\nAnita Sharma\n", "firstname alone"),
    (b"\n\nfirstname,lastname\nAnita,Sharma\n", "blank lines before the header"),
]


@pytest.mark.parametrize(("data", "why"), HEADERS, ids=[row[1] for row in HEADERS])
def test_headers_understood(data, why):
    roster = parse_roster(data)
    assert (roster.shape, roster.errors) == ("moodle", ())
    assert roster.rows[0].name == "Anita Sharma"


def test_username_column_empty_or_missing_is_generated_given_is_kept():
    data = b"username,firstname,lastname\nAsha.V,Asha,Verma\n,Ravi,Kumar\n"
    roster = parse_roster(data)
    assert [(r.username, r.username_generated) for r in roster.rows] == [
        ("Asha.V", False),
        ("ravi.kumar", True),
    ]


def test_a_devanagari_username_given_is_kept():
    data = "username,name\nअनीता_7,अनीता\n".encode()
    assert _usernames(data) == ["अनीता_7"]


def test_generated_usernames_avoid_usernames_given_later_in_the_file():
    data = b"username,name\n,Ravi Kumar\nravi.kumar,Ravi K\n"
    assert _usernames(data) == ["ravi.kumar2", "ravi.kumar"]


# ---- Errors: one row per rule ------------------------------------------------------------------

HEADER = b"username,firstname,lastname,email,group\n"

ERRORS = [
    # (file, [(line, code)], what the row shows)
    (b"", [(None, "empty")], "empty file"),
    (b"\n\n  \n", [(None, "empty")], "only blank lines"),
    (HEADER, [(None, "empty")], "header only"),
    (b"\xff\xfeA\x00n\x00", [(None, "utf16")], "UTF-16 with its BOM"),
    (b"Anita\nRavi\n\x93Asha\x94\n", [(3, "not_utf8")], "Windows-1252 quotes on line 3"),
    (b"Anita\r\nRavi\r\n\x93Asha\x94\r\n", [(3, "not_utf8")], "the same with CRLF"),
    (b"Anita\rRavi\r\x93Asha\x94\r", [(3, "not_utf8")], "the same with CR"),
    (b"Anita\nRa\x00vi\n", [(2, "binary")], "a NUL byte"),
    (b'Anita\n"Ravi\nKumar\n', [(2, "bad_csv")], "a quote never closed"),
    (b'Anita\n"Ravi" Kumar\n', [(2, "bad_csv")], "text after a closing quote"),
    (b"Anita\nRavi,Kumar\n", [(2, "several_columns")], "two cells in a list of names"),
    (HEADER + b"anita,,,,7A\n", [(2, "empty_name")], "a username but no name"),
    (HEADER + b"ab,Ab,C,,\n", [(2, "bad_username")], "username too short"),
    (HEADER + b"ravi kumar,Ravi,K,,\n", [(2, "bad_username")], "username with a space"),
    (HEADER + b"ravi@school,Ravi,K,,\n", [(2, "bad_username")], "username with @"),
    (HEADER + b'"ra\nvi",Ravi,K,,\n', [(2, "bad_username")], "newline inside a username"),
    (HEADER + b"r" * 41 + b",Ravi,K,,\n", [(2, "bad_username")], "username too long"),
    (
        HEADER + b"ravi,Ravi,K,,\nasha,Asha,V,,\nRavi,Ravi,L,,\n",
        [(4, "duplicate_username")],
        "duplicate username, compared without case",
    ),
    (
        HEADER + "asha,Asha,V,,\n\u0430sha,Asha,W,,\n".encode(),
        [(3, "duplicate_username")],
        "duplicate username by a Cyrillic look-alike",
    ),
    (HEADER + b",Ravi,K,ravi.example.org,\n", [(2, "bad_email")], "email without @"),
    (HEADER + b",Ravi,K,ravi@example,\n", [(2, "bad_email")], "email without a dot"),
    (HEADER + b",Ravi,K,ra vi@example.org,\n", [(2, "bad_email")], "email with a space"),
    (HEADER + b",Ravi,K,," + b"g" * 101 + b"\n", [(2, "group_too_long")], "group too long"),
    (HEADER + b",Ravi," + b"k" * 100 + b",,\n", [(2, "name_too_long")], "name too long"),
    (b"Ra\x07vi\n", [(1, "control_character")], "a control character in a name"),
    (b"Anita\n" + b"x" * 1001 + b"\n", [(2, "line_too_long")], "line too long"),
    (b"Anita\n" + b"x" * 200_000 + b"\n", [(2, "line_too_long")], "longer than csv's limit"),
    (HEADER + b",Ravi,K,,,extra\n", [(2, "extra_cells")], "cell past the header"),
    (b"email,group\na@b.in,7A\n", [(1, "no_name_column")], "no column for the name"),
    (b"name,firstname\nA,B\n", [(1, "name_and_parts")], "name and firstname both"),
    (b"name,Name\nA,B\n", [(1, "duplicate_column")], "a column twice"),
    (b"x" * 1_000_001, [(None, "too_big")], "over a megabyte"),
    (
        HEADER + b"bad name,,,x,\n",
        [(2, "empty_name"), (2, "bad_username"), (2, "bad_email")],
        "every error of a line is reported",
    ),
]


@pytest.mark.parametrize(("data", "errors", "why"), ERRORS, ids=[row[2] for row in ERRORS])
def test_errors(data, errors, why):
    assert _codes(data) == errors


def test_every_error_has_an_english_message_and_the_line_in_str():
    roster = parse_roster(HEADER + b"ab,Ab,C,,\n")
    (error,) = roster.errors
    assert str(error).startswith("Line 2: The username “ab” is not allowed")


def test_too_many_rows_stops_at_the_first_one_over():
    names = b"".join(b"Learner %d\n" % n for n in range(MAX_ROWS))
    assert parse_roster(names).ok
    assert _codes(names + b"One Too Many\n" * 10) == [(MAX_ROWS + 1, "too_many_rows")]


def test_blank_lines_count_in_line_numbers_but_not_as_learners():
    names = b"\n".join(b"Learner %d" % n for n in range(MAX_ROWS)).replace(b"\n", b"\n\n")
    roster = parse_roster(names)
    assert roster.ok
    assert roster.rows[-1].line == 2 * MAX_ROWS - 1


def test_unused_columns_are_warnings_not_errors():
    roster = parse_roster(b"firstname,lastname,password,course1,\nAnita,Sharma,secret,C1,\n")
    assert roster.ok
    assert [(w.line, w.code, w.value) for w in roster.warnings] == [
        (1, "ignored_column", "password"),
        (1, "ignored_column", "course1"),
    ]


# ---- Duplicate names, determinism, re-import ---------------------------------------------------


def test_two_learners_with_one_name_get_distinct_usernames():
    roster = parse_roster("Ravi Kumar\nरवि कुमार\nRavi Kumar\n".encode())
    assert [row.username for row in roster.rows] == ["ravi.kumar", "ravi.kumar2", "ravi.kumar3"]
    assert [(w.line, w.code) for w in roster.warnings] == [(3, "same_name")]


def test_usernames_avoid_taken_ones():
    data = "अनीता शर्मा\nRavi Kumar\n".encode()
    assert _usernames(data, {"anita.sharma", "RAVI.KUMAR"}) == ["anita.sharma2", "ravi.kumar2"]
    assert _usernames(data, lambda u: u == "anita.sharma") == ["anita.sharma2", "ravi.kumar"]


def test_taken_is_asked_once_a_learner_when_many_share_a_name():
    asked = []

    def taken(username: str) -> bool:
        asked.append(username)
        return username == "ravi.kumar3"

    usernames = _usernames(b"Ravi Kumar\n" * 40, taken)
    assert usernames[:4] == ["ravi.kumar", "ravi.kumar2", "ravi.kumar4", "ravi.kumar5"]
    assert usernames[-1] == "ravi.kumar41"
    assert len(asked) == 41


def test_the_same_file_twice_gives_the_same_usernames():
    """With ``taken`` holding only accounts outside the class, a re-import regenerates the same
    usernames, so the caller finds every learner already there and changes nothing."""
    data = (DATA / "moodle_bom_semicolon.csv").read_bytes()
    elsewhere = {"ravi.kumar", "priya.nair2"}  # other schools' learners
    first = parse_roster(data, elsewhere)
    in_class = {row.username for row in first.rows}

    def taken(username: str) -> bool:
        return username in elsewhere and username not in in_class

    second = parse_roster(data, taken)
    assert second == first
    assert [row.username for row in first.rows] == [
        "anita.s",
        "ravi.kumar2",
        "ravi.kumar3",
        "priya.nair",
        "mohammed.dsouza",
    ]


@settings(max_examples=50)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8))
def test_any_list_of_names_gives_valid_distinct_usernames_or_errors(names):
    data = "\n".join('"' + name.replace('"', '""') + '"' for name in names).encode()
    roster = parse_roster(data)
    assert bool(roster.rows) != bool(roster.errors)
    usernames = [row.username for row in roster.rows]
    assert len({username_key(u) for u in usernames}) == len(usernames)
    assert all(USERNAME_PATTERN.match(u) and u.isascii() for u in usernames)
    assert parse_roster(data) == roster


# ---- Passwords ---------------------------------------------------------------------------------


def test_word_list():
    assert len(WORDS) == len(set(WORDS)) == 256
    assert all(word.isascii() and word.isalpha() and word.islower() for word in WORDS)
    assert all(3 <= len(word) <= 7 for word in WORDS)


def test_generated_passwords_are_three_words_and_two_digits_the_app_accepts():
    passwords = [generate_password("anita.sharma") for _ in range(50)]
    assert len(set(passwords)) == 50
    for password in passwords:
        *words, digits = password.split("-")
        assert len(words) == 3 and all(word in WORDS for word in words)
        assert len(digits) == 2 and set(digits) <= set(PASSWORD_DIGITS)
        assert password_problem(password, "anita.sharma") is None


def test_a_password_never_holds_the_username():
    for _ in range(30):
        assert "cat" not in generate_password("cat")
