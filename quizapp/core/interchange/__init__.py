"""Question banks in and out: bank JSON (``quizapp.bank.v1``) and Moodle GIFT.

Pure functions over frozen dataclasses (``model.py``), used as load → validate → apply:

    result = load_bank(data, "bank.gift")      # LoadResult(bank, warnings, format)
    text = render_json(result.bank)            # or render_gift(bank) -> (text, warnings)

``load_bank`` raises ``BankFormatError`` listing every error (with its line or JSON path) and
never returns a partly read bank. How GIFT maps onto quizapp's types is described in
``gift_parse.py`` (import) and ``gift_render.py`` (export).
"""

from quizapp.core.interchange.gift_parse import parse_gift
from quizapp.core.interchange.gift_render import render_gift
from quizapp.core.interchange.json_format import parse_json, render_json
from quizapp.core.interchange.load import detect_format, load_bank
from quizapp.core.interchange.model import (
    FORMAT_ID,
    MAX_BANK_BYTES,
    SKILLS,
    Bank,
    BankFormatError,
    Issue,
    LoadResult,
    QuestionData,
    SetData,
)
from quizapp.core.interchange.validate import validate_bank

__all__ = [
    "FORMAT_ID",
    "MAX_BANK_BYTES",
    "SKILLS",
    "Bank",
    "BankFormatError",
    "Issue",
    "LoadResult",
    "QuestionData",
    "SetData",
    "detect_format",
    "load_bank",
    "parse_gift",
    "parse_json",
    "render_gift",
    "render_json",
    "validate_bank",
]
