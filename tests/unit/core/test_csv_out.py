"""Spec for quizapp.core.csv_out: CSV a spreadsheet opens cleanly, with no formula run."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.csv_out import format_cell, iter_csv, quote, to_csv

# One row per rule: (value, the cell's text before quoting, what the row shows).
CELLS = [
    # Numbers stay numbers.
    (0, "0", "zero"),
    (42, "42", "an int as written"),
    (-3, "-3", "a negative int is a number, not neutralised"),
    (10**20, "100000000000000000000", "a big int in full"),
    (0.75, "0.75", "a float without trailing zeros"),
    (0.7500000001, "0.75", "float noise rounded away"),
    (1 / 3, "0.3333", "four decimals at most"),
    (2 / 3, "0.6667", "rounded, not cut"),
    (-0.25, "-0.25", "a negative float is a number"),
    (3.0, "3", "a whole float has no point"),
    (-0.00001, "0", "negative zero after rounding is 0"),
    (1e20, "100000000000000000000", "no exponent for big floats"),
    (1e-7, "0", "no exponent for tiny floats"),
    (float("nan"), "", "NaN is an empty cell"),
    (float("inf"), "", "infinity is an empty cell"),
    (float("-inf"), "", "minus infinity is an empty cell, not text starting with -"),
    (Decimal("0.10"), "0.1", "Decimal without trailing zeros"),
    (Decimal("-12.50000"), "-12.5", "negative Decimal is a number"),
    (Decimal("1E+3"), "1000", "Decimal in exponent form written out"),
    (Decimal("1E+30"), "1" + "0" * 30, "a Decimal too long to round is already whole"),
    (Decimal("NaN"), "", "Decimal NaN is an empty cell"),
    (Fraction(1, 4), "0.25", "any real number"),
    # None and booleans.
    (None, "", "None is an empty cell"),
    (True, "1", "True is 1, so a column sums"),
    (False, "0", "False is 0"),
    # Dates.
    (date(2024, 5, 1), "2024-05-01", "a date in ISO form"),
    (datetime(2024, 5, 1, 10, 30, 5, 123456), "2024-05-01 10:30:05", "whole seconds"),
    (datetime(2024, 5, 1, 10, 30, tzinfo=UTC), "2024-05-01 10:30:00+00:00", "zone kept"),
    # Text.
    ("Anita", "Anita", "plain text"),
    ("अनीता शर्मा", "अनीता शर्मा", "Devanagari passes through"),
    ("", "", "empty text"),
    ("a-b", "a-b", "a dash inside is harmless"),
    ("3", "3", "a digit string is left as it is"),
    # Formula injection (CWE-1236): string cells only.
    ("=1+1", "'=1+1", "= starts a formula"),
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")', "a link formula"),
    ("+91 98765", "'+91 98765", "+ starts a formula, even in a phone number"),
    ("-3", "'-3", "a string -3 is text, so it is neutralised"),
    ("-", "'-", "a lone dash"),
    ("@SUM(A1)", "'@SUM(A1)", "@ starts a formula"),
    ("\tcmd", "'\tcmd", "a tab first"),
    ("\r=1", "'\r=1", "a CR first"),
    ("\uff1d1+1", "'\uff1d1+1", "full-width ="),
    ("\uff0b1", "'\uff0b1", "full-width +"),
    ("\uff0d1", "'\uff0d1", "full-width -"),
    ("\uff20x", "'\uff20x", "full-width @"),
    (" =1+1", " =1+1", "a space first is not a formula"),
    ("'quoted", "'quoted", "an apostrophe first is left alone"),
    ("a\ud800b", "a\ufffdb", "a lone surrogate is replaced, not an error"),
    ("a=b", "a=b", "= inside is harmless"),
]


@pytest.mark.parametrize(("value", "text", "why"), CELLS, ids=[row[2] for row in CELLS])
def test_cell_text(value, text, why):
    assert format_cell(value) == text


def test_decimals_can_be_chosen():
    assert format_cell(1 / 3, decimals=2) == "0.33"
    assert format_cell(2.5, decimals=0) == "2"  # banker's rounding of the format, as Python


def test_other_objects_are_text_and_neutralised():
    class Weird:
        def __str__(self):
            return "=cmd"

    assert format_cell(Weird()) == "'=cmd"


# One row per rule: (cell text, as written in the file, what the row shows).
QUOTING = [
    ("plain", "plain", "no quotes when not needed"),
    ("a,b", '"a,b"', "a comma"),
    ('say "hi"', '"say ""hi"""', "quotes doubled"),
    ('"', '""""', "a lone quote"),
    ("line\nbreak", '"line\nbreak"', "LF"),
    ("line\rbreak", '"line\rbreak"', "CR"),
    ("a;b", "a;b", "a semicolon is not a delimiter here"),
    (" padded ", " padded ", "spaces kept, unquoted"),
    ("", "", "empty"),
]


@pytest.mark.parametrize(("cell", "written", "why"), QUOTING, ids=[row[2] for row in QUOTING])
def test_quoting(cell, written, why):
    assert quote(cell) == written


def test_file_starts_with_bom_and_ends_lines_with_crlf():
    data = to_csv(["name", "score"], [["Anita", 3], ["Ravi", 0.5]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data == "\ufeffname,score\r\nAnita,3\r\nRavi,0.5\r\n".encode()
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_empty_body_is_header_only():
    assert to_csv(["a"], []) == "\ufeffa\r\n".encode()


def test_header_is_neutralised_and_quoted_too():
    assert to_csv(["-score", "a,b"], []) == '\ufeff\'-score,"a,b"\r\n'.encode()


def test_iter_csv_streams_one_line_a_chunk_bom_first():
    chunks = list(iter_csv(["a", "b"], iter([[1, 2], [3, None]])))
    assert chunks == ["\ufeffa,b\r\n", "1,2\r\n", "3,\r\n"]


def test_a_row_of_the_wrong_length_is_a_bug():
    with pytest.raises(ValueError, match="row 2 has 1 cells, the header 2"):
        to_csv(["a", "b"], [[1, 2], [3]])


def _read_back(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_round_trip_through_pythons_csv_reader():
    header = ["नाम", "username", "score", "note"]
    rows = [
        ["अनीता शर्मा", "anita.sharma", 0.75, 'said "नमस्ते", then left'],
        ["Ravi, Kumar", "ravi", -3, "two\r\nlines"],
        ["=cmd|' /C calc'!A0", "x", None, True],
        ["", "", 1e-9, "-1"],
    ]
    assert _read_back(to_csv(header, rows)) == [
        header,
        ["अनीता शर्मा", "anita.sharma", "0.75", 'said "नमस्ते", then left'],
        ["Ravi, Kumar", "ravi", "-3", "two\r\nlines"],
        ["'=cmd|' /C calc'!A0", "x", "", "1"],
        ["", "", "0", "'-1"],
    ]


def test_iter_csv_and_to_csv_agree():
    rows = [["क", 1.5], ["=x", -2]]
    assert "".join(iter_csv(["a", "b"], rows)).encode("utf-8") == to_csv(["a", "b"], rows)


#: Python's csv reader refuses NUL (the writer passes it through like any character), and a
#: lone surrogate is written as U+FFFD (a row of CELLS), so neither reads back as written.
_READABLE = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))


@given(st.lists(st.lists(st.text(alphabet=_READABLE), min_size=2, max_size=2), max_size=5))
def test_any_text_reads_back_as_written_or_with_one_quote_prefix(rows):
    read = _read_back(to_csv(["a", "b"], rows))
    assert read[0] == ["a", "b"]
    for written, back in zip(rows, read[1:], strict=True):
        for cell, cell_back in zip(written, back, strict=True):
            assert cell_back in (cell, "'" + cell)
            assert not cell_back or cell_back[0] not in "=+-@\t\r"
