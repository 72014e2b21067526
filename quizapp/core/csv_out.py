"""CSV that spreadsheets open cleanly and safely: gradebook, item analysis, word lists.

A teacher double-clicks the file; Excel, LibreOffice and Google Sheets must all read it the
same way. So:

- **UTF-8 with a BOM.** Without the BOM, Excel on Windows reads UTF-8 as the ANSI code page and
  अनीता becomes mojibake; with it, every spreadsheet program detects UTF-8.
- **CRLF line ends and RFC 4180 quoting**: a cell is quoted when it holds a comma, a double
  quote, CR or LF, and a double quote inside is doubled. Nothing else is quoted.
- **Plain numbers.** ``int`` as written; ``float`` and ``Decimal`` rounded to ``decimals``
  places (4 by default), never in exponent form, trailing zeros stripped (``0.75``, not
  ``0.7500000001`` nor ``7.5e-01``), ``-0`` written ``0``. NaN and infinities become empty
  cells: a spreadsheet has no literal for them, and text there would break a column's sums.
- ``None`` is an empty cell. ``True``/``False`` are ``1``/``0``: a number, so a column of
  them sums (how many submitted) in any language of spreadsheet, where ``TRUE`` would be
  translated (``WAHR``) and "yes"/"no" would be English inside a Hindi export.
- ``date`` is ISO ``2024-05-01``; ``datetime`` ISO with a space and whole seconds
  (``2024-05-01 10:30:00``), which spreadsheets parse as a date-time; convert to the zone you
  want shown before writing.
- **Formula injection (CWE-1236) neutralised.** A *string* cell that starts with ``=``, ``+``,
  ``-``, ``@``, tab or CR (or the full-width ``＝ ＋ － ＠``, which some Excel locales
  treat the same) gets a leading single quote, as OWASP advises, so a learner named
  ``=HYPERLINK(...)`` or an answer ``@SUM(A1)`` is shown as text, never run. Numbers are never
  prefixed: ``-3`` passed as an ``int`` is the number -3. Pass numbers as numbers; the string
  ``"-3"`` is text and comes out ``'-3``.

Other ``numbers.Integral`` and ``numbers.Real`` (numpy's, ``Fraction``) count as numbers too.
Everything else is ``str(value)`` under the string rules (a lone surrogate, which UTF-8
cannot hold, becomes U+FFFD rather than failing the whole export). Devanagari passes through
untouched.

Two ways in: ``to_csv`` returns the whole file as bytes (tests, small exports);
``iter_csv`` yields it as ``str`` chunks, one line each, the first starting with the BOM, for a
streamed response (``Response(iter_csv(...), mimetype="text/csv; charset=utf-8")``; Flask
encodes the chunks as UTF-8).
"""

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from numbers import Integral, Real

BOM = "\ufeff"
LINE_END = "\r\n"
#: Decimal places numbers are rounded to by default (facility 0.7532, a score 12.5).
DEFAULT_DECIMALS = 4
#: First characters that make a spreadsheet read a cell as a formula (OWASP, CWE-1236).
FORMULA_STARTS = frozenset("=+-@\t\r" + "\uff1d\uff0b\uff0d\uff20")
_NEEDS_QUOTES = frozenset(',"\r\n')
#: A lone surrogate (from JSON's "\ud800") cannot be written in UTF-8; it becomes U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")


def format_number(value: float | Decimal, decimals: int = DEFAULT_DECIMALS) -> str:
    """A number as a spreadsheet reads it: fixed point, at most ``decimals`` places, no noise."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return ""
        try:
            text = format(round(value, decimals), "f")
        except InvalidOperation:  # more digits than the context holds: already whole
            text = format(value, "f")
    else:
        if not math.isfinite(value):
            return ""
        text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would otherwise run it as a formula."""
    return "'" + text if text and text[0] in FORMULA_STARTS else text


def format_cell(value: object, decimals: int = DEFAULT_DECIMALS) -> str:
    """One value as the text of a cell, before CSV quoting (rules in the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Decimal):
        return format_number(value, decimals)
    if isinstance(value, Real):  # float, Fraction, numpy floats
        return format_number(float(value), decimals)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(_SURROGATE.sub("\ufffd", str(value)))


def quote(cell: str) -> str:
    """RFC 4180: quote a cell holding a comma, quote, CR or LF, doubling its quotes."""
    if _NEEDS_QUOTES.isdisjoint(cell):
        return cell
    return '"' + cell.replace('"', '""') + '"'


def format_row(values: Sequence[object], decimals: int = DEFAULT_DECIMALS) -> str:
    """One CSV line, CRLF included."""
    return ",".join(quote(format_cell(value, decimals)) for value in values) + LINE_END


def iter_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    decimals: int = DEFAULT_DECIMALS,
) -> Iterator[str]:
    """The CSV as ``str`` chunks, one line each, BOM first: for a streamed download.

    Raises ``ValueError`` on a row whose length differs from the header's (a bug in the caller:
    the columns would silently shift).
    """
    yield BOM + format_row(header, decimals)
    for number, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise ValueError(f"row {number} has {len(row)} cells, the header {len(header)}")
        yield format_row(row, decimals)


def to_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    decimals: int = DEFAULT_DECIMALS,
) -> bytes:
    """The whole CSV file as UTF-8 bytes with a BOM."""
    return "".join(iter_csv(header, rows, decimals)).encode("utf-8")
