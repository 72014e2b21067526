"""Paragraph, sentence and word splitting for Hindi and English text.

Sentence ids (``p1s1`` ...) are derived from this split, so it must stay stable: changing a
rule renumbers sentences that questions cite as evidence.
"""

import re
import unicodedata
from dataclasses import dataclass

# A sentence ends at a terminal mark followed by white space. A danda directly followed by a
# closing quote does not end the sentence there: the quote and what follows stay together,
# which is how the seed article's 17 sentences are counted (PRODUCT.md).
_HINDI_BOUNDARY = re.compile(r"(?<=[।॥?!])\s+")

# English: a terminal mark, optional closing quote or bracket, white space, then something that
# can start a sentence. Common abbreviations are protected separately.
_ENGLISH_BOUNDARY = re.compile(r"([.?!][\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "u.s", "u.k"}
    | {"u.n", "no", "fig", "approx", "dept", "gen", "col", "lt"}
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
    """Split one paragraph into sentences; joining them with single spaces gives it back."""
    paragraph = paragraph.strip()
    if not paragraph:
        return []
    if lang == "hi":
        return [s for s in _HINDI_BOUNDARY.split(paragraph) if s]
    return _split_english(paragraph)


def _split_english(paragraph: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _ENGLISH_BOUNDARY.finditer(paragraph):
        candidate = paragraph[start : match.end(1)]
        last_word = candidate.rsplit(None, 1)[-1].rstrip(".").lower() if candidate else ""
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
            continue
        pieces.append(candidate)
        start = match.end()
    pieces.append(paragraph[start:])
    return [p for p in pieces if p]


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
