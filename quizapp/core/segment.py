"""Paragraph, sentence and word splitting for Hindi and English text.

Sentence ids (``p1s1`` ...) are derived from this split, so it must stay stable: changing a
rule renumbers sentences that questions cite as evidence.
"""

import re
import unicodedata
from dataclasses import dataclass

# A sentence ends at a terminal mark, then any closing quotes or brackets, then white space.
# The closing quote stays with the sentence it closes: in the seed article a quotation ends
# with `।"` and the next sentence (सचिव ने …) starts after it, so they are two sentences, as
# a reader counts them (18 in all, PRODUCT.md). Straight quotes after a terminal mark can only
# be closing ones; an opening quote follows white space instead.
_CLOSERS = "\"'”’»)]}"
_CLOSING = f"[{re.escape(_CLOSERS)}]*"
_HINDI_BOUNDARY = re.compile(rf"([।॥?!]{_CLOSING})\s+")

# English: `.` too, but only where what follows can start a sentence (a capital, a digit, an
# opening quote or bracket), so "covid-19 is. it" and "3.5" stay whole. Abbreviations and
# initials are protected separately.
_ENGLISH_BOUNDARY = re.compile(rf"([.?!]{_CLOSING})\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "u.s", "u.k"}
    | {"u.n", "fig", "approx", "dept", "gen", "col", "lt", "sen", "rep", "gov", "pres"}
    | {"jan", "feb", "mar", "apr", "aug", "sept", "oct", "nov", "dec", "inc", "ltd", "co"}
)

_DEVANAGARI_LETTER = re.compile(r"[\u0900-\u0963\u0971-\u097F\u200c\u200d]")
_WORD = re.compile(r"[\u0900-\u0963\u0971-\u097F\u200c\u200d]+|[A-Za-z0-9\u00C0-\u024F'’]+|[०-९]+")


@dataclass(frozen=True)
class Token:
    """A word of a sentence with its character span."""

    text: str
    start: int
    end: int


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are non-empty lines (or blocks separated by blank lines), stripped, NFC."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = re.split(r"\n\s*\n", text) if "\n\n" in text else text.split("\n")
    return [" ".join(block.split()) for block in blocks if block.strip()]


def split_sentences(paragraph: str, lang: str = "hi") -> list[str]:
    """Split one paragraph into sentences; joining them with single spaces gives it back.

    The one splitter for every passage, seeded or pasted: sentence ids come from it.
    """
    paragraph = paragraph.strip()
    if not paragraph:
        return []
    boundary = _HINDI_BOUNDARY if lang == "hi" else _ENGLISH_BOUNDARY
    pieces: list[str] = []
    start = 0
    for match in boundary.finditer(paragraph):
        candidate = paragraph[start : match.end(1)]
        if lang != "hi" and _ends_in_abbreviation(candidate, paragraph[match.end() :]):
            continue
        pieces.append(candidate)
        start = match.end()
    pieces.append(paragraph[start:])
    return [p for p in pieces if p]


def _ends_in_abbreviation(candidate: str, rest: str) -> bool:
    """True when the full stop ending ``candidate`` belongs to "Mr.", an initial ("J.") or a
    number sign ("No. 5"), so the text after it continues the sentence."""
    if not candidate.rstrip(_CLOSERS).endswith("."):
        return False
    last_word = candidate.rsplit(None, 1)[-1].rstrip(_CLOSERS).rstrip(".").lower()
    if last_word == "no":  # "No. 5" is a number; "The answer was no. Then" ends a sentence
        return rest[:1].isdigit()
    return last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word) is not None


def sentence_keys(paragraphs: list[list[str]]) -> list[list[str]]:
    """Stable ids for sentences: ``p{paragraph}s{position}``, both 1-based."""
    return [
        [f"p{p}s{s}" for s in range(1, len(sentences) + 1)]
        for p, sentences in enumerate(paragraphs, 1)
    ]


def tokenize(text: str) -> list[Token]:
    """Words of a Hindi or English sentence (Devanagari runs, Latin words, numbers)."""
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def is_word_char(char: str) -> bool:
    """True for characters that continue a Devanagari word (letters, matras, nukta, ZWJ)."""
    return bool(_DEVANAGARI_LETTER.match(char)) or char.isalnum()
