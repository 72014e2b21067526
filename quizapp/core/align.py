"""Pair Hindi sentences with the English sentences that translate them (Gale–Church, anchored).

A teacher pastes a Hindi text and its English translation; the reader needs them sentence by
sentence. Translators do not keep sentences one to one: they merge two short Hindi sentences
(2-1), split a long one (1-2), now and then drop or add one (1-0, 0-1). This module finds the
most likely pairing, and every pair that is not one to one is flagged for a one-click fix.

The model is Gale & Church (1993, "A program for aligning sentences in bilingual corpora",
*Computational Linguistics* 19:75-102): dynamic programming over *beads* 1-1, 1-0, 0-1, 2-1,
1-2 and 2-2, each bead costing

    -log P(length match) - log P(bead kind) + anchor cost.

For a bead with ``lh`` Hindi and ``le`` English characters (white space not counted), the
English length is modelled as normal with mean ``c·lh`` and variance ``s²·m``, where
``m = (lh + le/c) / 2`` (their symmetric form): ``δ = (le - c·lh) / sqrt(s²·m)`` and
``P(length match) = 2·(1 - Φ(|δ|))``. A sentence left untranslated (1-0, 0-1) has no length
to match, and its bead costs its prior alone (:func:`_length_cost` says why).

Anchors are what lengths cannot see. Each sentence gets three small sets:

* **numbers** — digit strings in ASCII or Devanagari digits (``१२`` = ``12``, ``1,243`` =
  ``1243``, ``46.8``), number words two to twelve and twenty (तीन / three; not एक / one,
  which Hindi uses as an article), months and weekdays (अक्टूबर / October, मंगलवार / Tuesday);
* **names** — capitalised English words, matched with the same word in Latin letters in the
  Hindi (``WHO``, ``COVID-19``), else with the Hindi words whose romanisation
  (:func:`quizapp.core.romanize.romanize`, then :func:`quizapp.core.text.latin_key`) has
  the same consonant skeleton: बिडेन ~ Biden (``bdn``), लावरोव ~ Lavrov (``lvrv``), आइसलैंड ~
  Iceland (``slnd``); one skeleton may be a prefix of the other (मॉस्को ``msk`` ~ Moscow
  ``mskv``). Skeletons shorter than three consonants are ignored: they collide with common
  words (दल ``dl`` ~ Delhi);
* **marks** — a question mark, a double quotation mark.

A bead that pairs sentences earns ``bonus`` for each anchor both sides share and pays ``miss``
for each anchor on one side only (so "412" in a Hindi sentence pulls it towards the English
sentence that has "412", and away from a merge with one that does not). A sentence left
untranslated (1-0, 0-1) pays neither: it has no translation to check. A number or mark that
only one side of the whole text has still counts (it is the best sign of a dropped sentence);
an English name no Hindi word spells does not (it is a sentence-initial capital, "Traders",
or a name the romanisation misses). On the stress test of ``tests/align_fit.py --stress``
(one English sentence taken out of a gold passage) those two rules took the Hindi sentences
found as 1-0 links from 63% to 77%; lengths alone find 44%.

The parameters are :data:`DEFAULT` below, fitted on the hand-aligned gold set in
``tests/data/align_gold`` by ``python -m tests.align_fit`` (which prints them with the
accuracy, leave-one-out, and timing). The DP runs in a band around the diagonal: 12
sentences either side, or the difference between the sentence counts if that is more, so a
translation pasted only in part still aligns. A news passage takes about 1.5 ms; 200 Hindi
sentences against 200 English ones about 0.2 s, against 100 about 0.4 s (on the 2-core
machine the tests run on).

Paragraphs (:func:`align_texts`): when both texts have as many paragraphs, they are aligned
paragraph by paragraph. When the counts differ, the paragraphs themselves are aligned first
with the same model (a paragraph is a long "sentence": lengths, numbers, names, marks), and
the sentences of each group of paragraphs are then aligned together, with no bead allowed to
join two Hindi paragraphs. The result always has one list of pairs per Hindi paragraph (the
Hindi paragraphs are what sentence ids are numbered from); an English sentence with no Hindi
partner goes with the paragraph of the pair before it.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from quizapp.core.romanize import romanize
from quizapp.core.segment import split_paragraphs, split_sentences, tokenize
from quizapp.core.text import latin_key

__all__ = [
    "DEFAULT",
    "Alignment",
    "Link",
    "Pair",
    "Params",
    "Priors",
    "align_sentences",
    "align_texts",
]


@dataclass(frozen=True)
class Priors:
    """Prior probability of each bead kind (Hindi sentences - English sentences)."""

    one_one: float
    one_zero: float
    zero_one: float
    two_one: float
    one_two: float
    two_two: float

    def of(self, hi: int, en: int) -> float:
        """The prior of the bead pairing ``hi`` Hindi with ``en`` English sentences."""
        return getattr(self, _PRIOR_FIELDS[hi, en])


_PRIOR_FIELDS = {
    (1, 1): "one_one",
    (1, 0): "one_zero",
    (0, 1): "zero_one",
    (2, 1): "two_one",
    (1, 2): "one_two",
    (2, 2): "two_two",
}
#: The bead kinds the DP tries, as (Hindi sentences, English sentences).
BEADS = tuple(_PRIOR_FIELDS)


@dataclass(frozen=True)
class Params:
    """The aligner's model: length ratio, bead priors, anchor weights (costs are in nats)."""

    #: English characters per Hindi character (white space not counted).
    ratio_mean: float
    #: Variance of the English length per unit of bead length (Gale–Church's s²).
    ratio_var: float
    priors: Priors
    number_bonus: float = 2.0
    number_miss: float = 1.0
    name_bonus: float = 1.5
    name_miss: float = 0.5
    mark_bonus: float = 1.0
    mark_miss: float = 1.0
    #: Half-width of the band around the diagonal the DP searches (in sentences).
    band: int = 12


# Fitted by `python -m tests.align_fit` on the hand-aligned gold set tests/data/align_gold
# (26 news-style passages, the seed article among them; 181 links, 14% not one to one):
# ratio_mean = ΣEnglish / ΣHindi characters over links with both sides; ratio_var = 4 times
# the moment estimate Σ(le - c·lh)² / Σ(lh + le/c)/2 = 1.515, the scale chosen by accuracy
# (every scale from 2 to 8 times aligns 179 of the 181 links, the moment estimate itself 176:
# tests/align_fit.py says why); priors = link-kind frequencies with half a count added to
# each kind. Leave-one-out, refitting all of it without the passage tested: 179/181 links.
# The anchor weights were set by hand, in nats, before the gold set was written.
DEFAULT = Params(
    ratio_mean=1.074,
    ratio_var=6.062,
    priors=Priors(
        one_one=0.8451,
        one_zero=0.008152,
        zero_one=0.008152,
        two_one=0.0625,
        one_two=0.06793,
        two_two=0.008152,
    ),
)


@dataclass(frozen=True)
class Link:
    """Hindi sentences ``hi`` translated by English sentences ``en`` (indices), and the cost."""

    hi: tuple[int, ...]
    en: tuple[int, ...]
    cost: float

    @property
    def kind(self) -> str:
        """Hindi count, then English count: "1-1", "2-1", "0-1" ..."""
        return f"{len(self.hi)}-{len(self.en)}"


@dataclass(frozen=True)
class Pair:
    """One link as text: its Hindi sentences joined by a space, and its English ones."""

    hi: str
    en: str
    hi_count: int
    en_count: int
    #: The link's cost in nats (:func:`align_sentences`): the higher, the less sure.
    cost: float = 0.0
    #: Every link that is not one to one is shown to the teacher for a one-click fix.
    needs_review: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs_review", (self.hi_count, self.en_count) != (1, 1))


@dataclass(frozen=True)
class Alignment:
    """Pairs per Hindi paragraph, and what the teacher should know (plain English)."""

    paragraphs: list[list[Pair]]
    warnings: list[str]


# --- anchors ------------------------------------------------------------------------------

_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_NUMBER = re.compile(r"[0-9०-९]+(?:[,.][0-9०-९]+)*")
_NUMBER_WORDS = {
    "दो": "2", "तीन": "3", "चार": "4", "पाँच": "5", "पांच": "5", "छह": "6", "छः": "6",
    "सात": "7", "आठ": "8", "नौ": "9", "दस": "10", "ग्यारह": "11", "बारह": "12", "बीस": "20",
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
}  # fmt: skip
_CALENDAR = {
    **dict.fromkeys(("जनवरी", "january"), "month-1"),
    **dict.fromkeys(("फ़रवरी", "फरवरी", "february"), "month-2"),
    **dict.fromkeys(("मार्च", "march"), "month-3"),
    **dict.fromkeys(("अप्रैल", "अप्रेल", "april"), "month-4"),
    **dict.fromkeys(("मई", "May"), "month-5"),  # "may" the verb is not a month
    **dict.fromkeys(("जून", "june"), "month-6"),
    **dict.fromkeys(("जुलाई", "july"), "month-7"),
    **dict.fromkeys(("अगस्त", "august"), "month-8"),
    **dict.fromkeys(("सितंबर", "सितम्बर", "september"), "month-9"),
    **dict.fromkeys(("अक्टूबर", "अक्तूबर", "october"), "month-10"),
    **dict.fromkeys(("नवंबर", "नवम्बर", "november"), "month-11"),
    **dict.fromkeys(("दिसंबर", "दिसम्बर", "december"), "month-12"),
    **dict.fromkeys(("सोमवार", "monday"), "day-1"),
    **dict.fromkeys(("मंगलवार", "tuesday"), "day-2"),
    **dict.fromkeys(("बुधवार", "wednesday"), "day-3"),
    **dict.fromkeys(("गुरुवार", "बृहस्पतिवार", "thursday"), "day-4"),
    **dict.fromkeys(("शुक्रवार", "friday"), "day-5"),
    **dict.fromkeys(("शनिवार", "saturday"), "day-6"),
    **dict.fromkeys(("रविवार", "sunday"), "day-7"),
}
_QUOTES = frozenset('"“”')
#: Capitalised English words that start sentences but are never names.
_NOT_NAMES = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "you", "i", "his", "her", "their", "our", "my", "in", "on", "at", "of", "for", "to", "from",
    "by", "with", "after", "before", "since", "during", "until", "under", "over", "and", "but",
    "or", "so", "yet", "if", "when", "while", "as", "although", "though", "however", "once",
    "meanwhile", "according", "what", "who", "which", "where", "why", "how", "is", "are", "was",
    "were", "will", "would", "can", "could", "there", "here", "then", "today", "now", "next",
    "last", "more", "most", "some", "many", "several", "all", "both",
})  # fmt: skip
_VOWELS = re.compile(r"[aeiou]+")
_NOT_LETTER = re.compile(r"[^a-z]+")
_SKELETON_FOLDS = (("ck", "k"), ("ph", "f"), ("q", "k"), ("x", "ks"), ("w", "v"), ("z", "j"))
_SOFT_C = re.compile(r"c(?=[eiy])")
_REPEAT = re.compile(r"(.)\1+")
_MIN_SKELETON = 3


def _skeleton(latin: str) -> str:
    """Consonant skeleton of a Latin-letter word: what an English spelling of a name and the
    romanisation of its Hindi spelling have in common (Blinken / blinkan -> ``blnkn``)."""
    key = _NOT_LETTER.sub("", latin_key(latin))
    for old, new in _SKELETON_FOLDS:
        key = key.replace(old, new)
    key = _SOFT_C.sub("s", key).replace("c", "k").replace("y", "")
    return _REPEAT.sub(r"\1", _VOWELS.sub("", key))


@dataclass(frozen=True)
class _Anchors:
    numbers: frozenset[str]
    names: frozenset[str]
    marks: frozenset[str]


_NONE = _Anchors(frozenset(), frozenset(), frozenset())


def _number(digits: str) -> str:
    """A number as both sides write it: ASCII digits, no thousands commas, no leading zeros."""
    digits = digits.translate(_DIGITS).replace(",", "")
    return digits if "." in digits else digits.lstrip("0") or "0"


def _numbers(text: str, words: Sequence[str]) -> set[str]:
    found = {_number(m.group()) for m in _NUMBER.finditer(text)}
    for word in words:
        lower = word.lower()
        value = _NUMBER_WORDS.get(lower) or _CALENDAR.get(word if lower == "may" else lower)
        if value:
            found.add(value)
    return found


def _marks(text: str) -> frozenset[str]:
    marks = set()
    if "?" in text:
        marks.add("?")
    if any(char in _QUOTES for char in text):
        marks.add('"')
    return frozenset(marks)


def _english_names(words: Sequence[str], hindi_latin: set[str]) -> set[str]:
    """Name keys of the capitalised words: the word itself if the Hindi has it in Latin
    letters (WHO, COVID), else its consonant skeleton."""
    names = set()
    for word in words:
        lower = word.lower()
        acronym = len(word) > 1 and word.isupper()  # WHO is no "who"
        if not word[:1].isupper() or (lower in _NOT_NAMES and not acronym) or lower in _CALENDAR:
            continue
        if lower in hindi_latin:
            names.add(f"={lower}")
        elif len(skeleton := _skeleton(word)) >= _MIN_SKELETON:
            names.add(skeleton)
    return names


class _NameIndex:
    """The English names of a text, to find the Hindi words that spell one of them."""

    def __init__(self, names: set[str]):
        self.names = names
        self.by_start: dict[str, list[str]] = {}
        for name in names:
            self.by_start.setdefault(name[:_MIN_SKELETON], []).append(name)
        self._cache: dict[str, str | None] = {}

    def match(self, word: str) -> str | None:
        """The English name a Hindi word (or a Latin word in the Hindi) spells, if any."""
        if word not in self._cache:
            if word.isascii():
                exact = f"={word.lower()}"
                self._cache[word] = exact if exact in self.names else self._lookup(_skeleton(word))
            else:
                self._cache[word] = self._lookup(_skeleton(romanize(word)))
        return self._cache[word]

    def _lookup(self, skeleton: str) -> str | None:
        if len(skeleton) < _MIN_SKELETON:
            return None
        if skeleton in self.names:
            return skeleton
        for name in self.by_start.get(skeleton[:_MIN_SKELETON], ()):
            if name.startswith(skeleton) or skeleton.startswith(name):
                return name
        return None


def _anchor_sets(hi: Sequence[str], en: Sequence[str]) -> tuple[list[_Anchors], list[_Anchors]]:
    """Each sentence's anchors. An English name that no Hindi word in the text spells is
    dropped: sentence-initial capitals ("Traders") and names the romanisation misses would
    otherwise count as misses wherever their sentence went."""
    hi_words = [[t.text for t in tokenize(s)] for s in hi]
    hindi_latin = {w.lower() for words in hi_words for w in words if w.isascii() and w.isalpha()}
    en_words = [[t.text for t in tokenize(s)] for s in en]
    en_names = [_english_names(words, hindi_latin) for words in en_words]
    index = _NameIndex(set().union(*en_names))
    hi_anchors = []
    for sentence, words in zip(hi, hi_words, strict=True):
        names = {index.match(w) for w in words if not w.isdigit()} if index.names else set()
        names.discard(None)
        hi_anchors.append(
            _Anchors(frozenset(_numbers(sentence, words)), frozenset(names), _marks(sentence))
        )
    spelt = frozenset().union(*(a.names for a in hi_anchors))
    en_anchors = [
        _Anchors(frozenset(_numbers(s, words)), frozenset(names & spelt), _marks(s))
        for s, words, names in zip(en, en_words, en_names, strict=True)
    ]
    return hi_anchors, en_anchors


# --- the dynamic programme ----------------------------------------------------------------


def _length(text: str) -> int:
    return len(text) - sum(char.isspace() for char in text)


def _length_cost(lh: int, le: int, params: Params) -> float:
    """-log P(δ) under the normal model of the English length given the Hindi length.

    A sentence left untranslated (1-0, 0-1) has no length to match: its cost is its prior
    alone. (Gale and Church put its length through the same formula, which with the tight
    variance of careful translations makes a dropped sentence of 100 characters cost some
    70 nats, so the DP would rather merge it into a neighbour, wrongly, every time.)
    """
    if lh == 0 or le == 0:
        return 0.0
    c = params.ratio_mean
    delta = abs(le - c * lh) / math.sqrt(params.ratio_var * (lh + le / c) / 2)
    tail = math.erfc(delta / math.sqrt(2))
    if tail > 1e-300:
        return -math.log(tail)
    # Far in the tail: -log erfc(x/√2) ≈ x²/2 + log(x·sqrt(π/2)).
    return delta * delta / 2 + math.log(delta * math.sqrt(math.pi / 2))


def _union(anchors: Sequence[_Anchors]) -> _Anchors:
    if not anchors:
        return _NONE
    if len(anchors) == 1:
        return anchors[0]
    return _Anchors(
        frozenset().union(*(a.numbers for a in anchors)),
        frozenset().union(*(a.names for a in anchors)),
        frozenset().union(*(a.marks for a in anchors)),
    )


def _anchor_cost(h: _Anchors, e: _Anchors, params: Params) -> float:
    """Bonus for each anchor both sides of a translation share, a penalty for each one only
    one side has (only for beads with both sides: a dropped sentence has nothing to miss)."""
    cost = 0.0
    for mine, theirs, bonus, miss in (
        (h.numbers, e.numbers, params.number_bonus, params.number_miss),
        (h.names, e.names, params.name_bonus, params.name_miss),
        (h.marks, e.marks, params.mark_bonus, params.mark_miss),
    ):
        if mine or theirs:
            shared = len(mine & theirs)
            cost += miss * (len(mine) + len(theirs) - 2 * shared) - bonus * shared
    return cost


def _align(
    hi: Sequence[str],
    en: Sequence[str],
    params: Params,
    hi_breaks: frozenset[int] = frozenset(),
) -> list[Link]:
    """The cheapest chain of beads; no bead joins Hindi sentence ``k - 1`` to ``k`` for ``k``
    in ``hi_breaks`` (where a Hindi paragraph begins)."""
    n, m = len(hi), len(en)
    if n == 0 or m == 0:
        return [Link((i,), (), 0.0) for i in range(n)] + [Link((), (j,), 0.0) for j in range(m)]
    hi_len = [0]
    for s in hi:
        hi_len.append(hi_len[-1] + _length(s))
    en_len = [0]
    for s in en:
        en_len.append(en_len[-1] + _length(s))
    hi_anchors, en_anchors = _anchor_sets(hi, en)
    log_prior = {bead: -math.log(params.priors.of(*bead)) for bead in BEADS}
    band = max(params.band, abs(n - m) + 2)

    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        centre = i * m / n
        for j in range(max(0, math.floor(centre - band)), min(m, math.ceil(centre + band)) + 1):
            if i == 0 and j == 0:
                continue
            best, best_step = inf, None
            for di, dj in BEADS:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or cost[pi][pj] == inf:
                    continue
                if di == 2 and pi + 1 in hi_breaks:
                    continue
                step = (
                    _length_cost(hi_len[i] - hi_len[pi], en_len[j] - en_len[pj], params)
                    + log_prior[di, dj]
                )
                if di and dj:
                    step += _anchor_cost(_union(hi_anchors[pi:i]), _union(en_anchors[pj:j]), params)
                if cost[pi][pj] + step < best:
                    best, best_step = cost[pi][pj] + step, (di, dj, step)
            cost[i][j] = best
            back[i][j] = best_step
    links = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        if step is None:  # cannot happen: 1-0 and 0-1 steps reach every cell of the band
            raise RuntimeError(f"no alignment path through ({i}, {j})")
        di, dj, step_cost = step
        links.append(Link(tuple(range(i - di, i)), tuple(range(j - dj, j)), step_cost))
        i, j = i - di, j - dj
    links.reverse()
    return links


def align_sentences(hi: Sequence[str], en: Sequence[str], params: Params = DEFAULT) -> list[Link]:
    """Pair Hindi sentences with English ones, in order; every sentence is in exactly one link."""
    return _align(hi, en, params)


# --- texts --------------------------------------------------------------------------------


def align_texts(hi_text: str, en_text: str, params: Params = DEFAULT) -> Alignment:
    """Split both texts into paragraphs and sentences and pair them (module docstring)."""
    hi_paras = split_paragraphs(hi_text)
    en_paras = split_paragraphs(en_text)
    warnings: list[str] = []
    if not hi_paras and not en_paras:
        return Alignment([], [])
    if not hi_paras:
        warnings.append("no Hindi text")
    if not en_paras:
        warnings.append("no English text")
    hi_sents = [split_sentences(p, "hi") for p in hi_paras]
    en_sents = [split_sentences(p, "en") for p in en_paras]
    if not hi_paras:  # nothing to number paragraphs from: keep the English ones
        return Alignment(
            [[Pair("", s, 0, 1) for s in sentences] for sentences in en_sents], warnings
        )

    if len(hi_paras) == len(en_paras) or not en_paras:
        groups = [((k,), (k,) if en_paras else ()) for k in range(len(hi_paras))]
    else:
        warnings.append(f"paragraph counts differ: {len(hi_paras)} Hindi, {len(en_paras)} English")
        groups = [(link.hi, link.en) for link in _align(hi_paras, en_paras, params)]

    paragraphs: list[list[Pair]] = [[] for _ in hi_paras]
    current = 0  # the Hindi paragraph an English-only pair joins
    for hi_group, en_group in groups:
        hi_list: list[str] = []
        owner: list[int] = []  # Hindi paragraph of each Hindi sentence
        breaks = set()
        for k in hi_group:
            if hi_list:
                breaks.add(len(hi_list))
            hi_list += hi_sents[k]
            owner += [k] * len(hi_sents[k])
        en_list = [s for k in en_group for s in en_sents[k]]
        for link in _align(hi_list, en_list, params, frozenset(breaks)):
            if link.hi:
                current = owner[link.hi[0]]
            paragraphs[current].append(
                Pair(
                    " ".join(hi_list[i] for i in link.hi),
                    " ".join(en_list[j] for j in link.en),
                    len(link.hi),
                    len(link.en),
                    round(link.cost, 3),
                )
            )
    return Alignment(paragraphs, warnings)
