"""The review table's one-click fixes, as pure functions over a passage's sentence pairs.

A teacher reviewing an aligned passage sees one row per pair (Hindi | English) and fixes the
links the aligner could not make one to one: merge a pair with the next, split a pair, move an
English sentence to the pair above or below, or edit the two texts (a blank line splits a pair
in two). Each action takes the rows as they are stored and returns new rows; the page saves
them at once (``update_passage``), so a reload loses nothing and every action works as a plain
form post, without JavaScript.

Splitting cuts each side at a sentence boundary; a side with one sentence is cut at a clause
boundary (a comma, semicolon, colon or dash) instead, since a translator who merged two
sentences usually joined them with ", and". Of the possible cuts, the one whose share of the
text is closest on both sides wins (lengths, as the aligner weighs beads). A side that cannot
be cut at all stays with the first half, and the other side loses its first sentence.

Also here, because the teacher pages need them and they are as pure: glossary entries in the
shape ``update_passage`` takes, and the home page's filters (words, status, passage).
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import zip_longest

from quizapp.core.segment import split_sentences

#: The actions of the review table, as the buttons name them.
ACTIONS = ("merge-down", "split", "move-up", "move-down", "edit")

#: Where a sentence with one clause per side may be cut: after these marks and a space.
_CLAUSE_BREAK = re.compile(r"[,;:،—–]\s+|\s[—–]\s+")
#: A blank line (white space allowed on it) separates the pieces of an edited pair.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True)
class Row:
    """One sentence pair of the review table and the paragraph it belongs to (0-based)."""

    paragraph: int
    hi: str
    en: str

    @property
    def counts(self) -> tuple[int, int]:
        """How many Hindi and English sentences the pair holds."""
        return len(split_sentences(self.hi, "hi")), len(split_sentences(self.en, "en"))

    @property
    def needs_review(self) -> bool:
        """Not one to one (2-1, 1-2, 1-0, 0-1 …): shown to the teacher for a fix."""
        return self.counts != (1, 1)


class ActionRefused(ValueError):
    """An action that cannot apply to this row; ``reason`` names why (for the page's message)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def rows_of(sentences: Iterable) -> list[Row]:
    """Rows from stored sentences (anything with ``paragraph``, ``hi`` and ``en``), in order."""
    numbers: dict[int, int] = {}
    rows = []
    for sentence in sentences:
        paragraph = numbers.setdefault(sentence.paragraph, len(numbers))
        rows.append(Row(paragraph, sentence.hi, sentence.en))
    return rows


def paragraphs_of(rows: Sequence[Row]) -> list[list[dict[str, str]]]:
    """The rows as ``update_passage`` takes them: paragraphs of {hi, en} pairs; empty pairs and
    paragraphs left empty are dropped."""
    paragraphs: dict[int, list[dict[str, str]]] = {}
    for row in rows:
        if row.hi.strip() or row.en.strip():
            paragraphs.setdefault(row.paragraph, []).append({"hi": row.hi, "en": row.en})
    return [paragraphs[p] for p in sorted(paragraphs)]


def table(rows: Sequence[Row]) -> list[list[tuple[int, Row]]]:
    """The rows grouped by paragraph for the page, each with its index in ``rows``."""
    grouped: dict[int, list[tuple[int, Row]]] = {}
    for index, row in enumerate(rows):
        grouped.setdefault(row.paragraph, []).append((index, row))
    return [grouped[p] for p in sorted(grouped)]


def apply_action(
    rows: Sequence[Row], action: str, index: int, hi: str = "", en: str = ""
) -> list[Row]:
    """``rows`` after ``action`` on the row at ``index`` (``hi``/``en``: an edit's texts)."""
    if not 0 <= index < len(rows):
        raise ActionRefused("no-row")
    if action == "merge-down":
        return merge_down(rows, index)
    if action == "split":
        return split_row(rows, index)
    if action in ("move-up", "move-down"):
        return move_english(rows, index, -1 if action == "move-up" else 1)
    if action == "edit":
        changed = edit_row(rows, index, hi, en)
        if not changed:
            raise ActionRefused("no-rows-left")
        return changed
    raise ActionRefused("unknown-action")


def merge_down(rows: Sequence[Row], index: int) -> list[Row]:
    """Join a pair with the next one of its paragraph (Hindi with Hindi, English with English)."""
    if index + 1 >= len(rows) or rows[index + 1].paragraph != rows[index].paragraph:
        raise ActionRefused("no-next")
    first, second = rows[index], rows[index + 1]
    merged = Row(first.paragraph, _join(first.hi, second.hi), _join(first.en, second.en))
    return [*rows[:index], merged, *rows[index + 2 :]]


def split_row(rows: Sequence[Row], index: int) -> list[Row]:
    """Cut a pair in two where both sides' shares of the text agree best (see the module)."""
    row = rows[index]
    hi_cuts, en_cuts = _cuts(row.hi, "hi"), _cuts(row.en, "en")
    if not hi_cuts and not en_cuts:
        raise ActionRefused("nothing-to-split")
    if hi_cuts and en_cuts:
        hi_cut, en_cut = min(
            ((h, e) for h in hi_cuts for e in en_cuts),
            key=lambda cut: abs(_share(row.hi, cut[0]) - _share(row.en, cut[1])),
        )
    else:  # one side cannot be cut: split off its first sentence, the other side goes with it
        hi_cut, en_cut = (hi_cuts or [None])[0], (en_cuts or [None])[0]
    hi_parts, en_parts = _cut(row.hi, hi_cut), _cut(row.en, en_cut)
    pieces = [Row(row.paragraph, h, e) for h, e in zip(hi_parts, en_parts, strict=True)]
    return [*rows[:index], *pieces, *rows[index + 1 :]]


def move_english(rows: Sequence[Row], index: int, step: int) -> list[Row]:
    """Move the pair's first English sentence to the pair above (``step`` -1), or its last to
    the pair below (+1). A pair left with no text at all disappears."""
    neighbour = index + step
    if not 0 <= neighbour < len(rows):
        raise ActionRefused("no-previous" if step < 0 else "no-next")
    sentences = split_sentences(rows[index].en, "en")
    if not sentences:
        raise ActionRefused("no-english")
    row, other = rows[index], rows[neighbour]
    if step < 0:
        moved, rest = sentences[0], sentences[1:]
        other = Row(other.paragraph, other.hi, _join(other.en, moved))
    else:
        moved, rest = sentences[-1], sentences[:-1]
        other = Row(other.paragraph, other.hi, _join(moved, other.en))
    row = Row(row.paragraph, row.hi, " ".join(rest))
    changed = list(rows)
    changed[index], changed[neighbour] = row, other
    return [r for r in changed if r.hi.strip() or r.en.strip()]


def edit_row(rows: Sequence[Row], index: int, hi: str, en: str) -> list[Row]:
    """Replace a pair's texts; a blank line in them makes several pairs (the n-th Hindi piece
    with the n-th English one). Both texts empty removes the pair."""
    row = rows[index]
    pieces = [
        Row(row.paragraph, _spaced(h), _spaced(e))
        for h, e in zip_longest(_pieces(hi), _pieces(en), fillvalue="")
    ]
    pieces = [piece for piece in pieces if piece.hi or piece.en]
    return [*rows[:index], *pieces, *rows[index + 1 :]]


def flagged(rows: Sequence[Row]) -> list[int]:
    """Indices of the rows that are not one to one."""
    return [index for index, row in enumerate(rows) if row.needs_review]


def _join(first: str, second: str) -> str:
    return " ".join(part for part in (first.strip(), second.strip()) if part)


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _pieces(text: str) -> list[str]:
    return [piece for piece in _BLANK_LINE.split(text.replace("\r\n", "\n")) if piece.strip()]


def _cuts(text: str, lang: str) -> list[int]:
    """Offsets where ``text`` may be cut: between its sentences, or else between clauses."""
    text = text.strip()
    sentences = split_sentences(text, lang)
    if len(sentences) > 1:
        cuts, offset = [], 0
        for sentence in sentences[:-1]:
            offset = text.index(sentence, offset) + len(sentence)
            cuts.append(offset)
        return cuts
    return [match.end() for match in _CLAUSE_BREAK.finditer(text) if match.end() < len(text)]


def _share(text: str, cut: int) -> float:
    """How much of ``text`` (white space not counted) lies before ``cut``."""
    text = text.strip()
    return len("".join(text[:cut].split())) / max(1, len("".join(text.split())))


def _cut(text: str, cut: int | None) -> tuple[str, str]:
    text = text.strip()
    if cut is None:
        return text, ""
    return text[:cut].strip(), text[cut:].strip()


# ---- The glossary: entries as update_passage takes them -------------------------------------


def entry_dict(entry) -> dict:
    """A stored glossary entry (``GlossaryEntry``) in the seed article's JSON shape; its ``id``
    keeps its row, so learners' words copied from it stay linked."""
    return {
        "id": entry.key,
        "lemma": {"hi": entry.lemma_hi, "roman": entry.lemma_roman},
        "forms": [dict(form) for form in entry.forms],
        "en": entry.meaning_en,
        "pos": entry.pos,
        "gender": entry.gender,
        "note": entry.note_en,
    }


def new_entry(hi: str, roman: str, meaning: str, pos: str) -> dict:
    """A glossary entry for a suggested word, as the text spells it."""
    hi, roman = " ".join(hi.split()), " ".join(roman.split())
    return {
        "lemma": {"hi": hi, "roman": roman},
        "forms": [{"hi": hi, "roman": roman}],
        "en": meaning.strip(),
        "pos": pos,
    }


# ---- The teacher's home page: lists filtered by the search box ------------------------------

#: Statuses the home page filters by.
STATUSES = ("draft", "published")


@dataclass(frozen=True)
class Filters:
    """The home page's search box and filters, from its query string."""

    query: str = ""
    status: str = ""  # "" for any
    passage: str = ""  # a passage slug, "" for any

    @classmethod
    def from_args(cls, args) -> "Filters":
        """Read ``q``, ``status`` and ``passage``; anything odd is ignored."""
        status = args.get("status", "")
        return cls(
            query=" ".join(args.get("q", "").split())[:200],
            status=status if status in STATUSES else "",
            passage=args.get("passage", "")[:120],
        )

    @property
    def active(self) -> bool:
        """Whether anything is filtered out."""
        return bool(self.query or self.status or self.passage)

    def passages(self, passages: Iterable) -> list:
        """Passages (``slug``, ``status``, titles) that fit."""
        return [p for p in passages if self._fits(p.status, p.slug, p.title_hi, p.title_en, p.slug)]

    def sets(self, sets: Iterable, by_status: bool = True) -> list:
        """Question sets (``status``, ``passage``, titles) that fit."""
        return [
            s
            for s in sets
            if self._fits(
                s.status if by_status else "",
                s.passage.slug if s.passage else "",
                s.title_hi,
                s.title_en,
            )
        ]

    def _fits(self, status: str, slug: str, *texts: str) -> bool:
        return (
            (not self.status or not status or status == self.status)
            and (not self.passage or slug == self.passage)
            and matches(self.query, *texts)
        )


def passage_choices(passages: Iterable, sets: Iterable) -> list:
    """The passages to filter by: the teacher's and those of the sets listed, once each."""
    found = {p.slug: p for p in passages}
    for question_set in sets:
        if question_set.passage is not None:
            found.setdefault(question_set.passage.slug, question_set.passage)
    return list(found.values())


def matches(query: str, *texts: str) -> bool:
    """Every word of ``query`` occurs in one of ``texts`` (case folded); an empty query matches."""
    haystack = " ".join(texts).casefold()
    return all(word in haystack for word in query.casefold().split())
