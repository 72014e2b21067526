"""Fit the aligner's parameters on the hand-aligned gold set and measure it.

    .venv/bin/python -m tests.align_fit [tests/data/align_gold]

Prints the fitted :class:`quizapp.core.align.Params` (to paste into ``DEFAULT``), the share of
gold links found exactly with the current ``DEFAULT`` and with the freshly fitted parameters,
the leave-one-out accuracy (each passage aligned with parameters fitted on the others, so the
figure is not flattered by fitting on the test), and the time per passage.

A gold passage is a JSON file in ``tests/data/align_gold``: ``{"source", "licence",
"paragraphs": [[{"hi": [sentences], "en": [sentences]}, ...], ...]}`` — each link lists the
sentences it pairs, so 2-1 and 1-2 links are explicit. The seed article is referenced rather
than copied: ``{"seed": {"hi": <article.hi.txt>, "en": <article.json>}}`` pairs each Hindi
sentence ``p{n}s{m}`` with ``translation["p{n}s{m}"]``.

Fitting, as Gale & Church did on their data: the length ratio's mean is ΣEnglish / ΣHindi
characters over links with both sides; its variance is Σ(le - c·lh)² / Σ(lh + le/c)/2 (the
model's denominator); the bead priors are link-kind frequencies with half a count added to
each kind (a kind the gold set lacks is still possible in a paste).

Then one choice is made by accuracy: Gale–Church score a bead by the tail probability of its
length difference, not by a likelihood, so the variance that describes the data best (the
moment estimate above) is not the scale that decides best between a 2-2 bead and two 1-1
beads. On this gold set the moment estimate sits at the edge of a cliff (two adjacent seed
sentences, one 2σ long and one 1.7σ short, get merged into a 2-2), and every variance from
1.5 to 6 times it aligns the same links. So the variance is the moment estimate times the
scale in ``VARIANCE_SCALES`` whose accuracy on the passages fitted is best, the middle one
when several tie. Leave-one-out repeats all of it without the passage being tested.

The anchor weights are not fitted: they keep the values ``DEFAULT`` has, set by hand in nats
before the gold set was written. ``--stress`` also measures what they are worth, on edits
of the gold passages: the whole passage without its paragraphs, one English sentence taken
out (is its Hindi sentence then a 1-0 link, or at least in a link flagged for review?), and
two adjacent English sentences joined into one (is the 2-1 found?).
"""

import dataclasses
import json
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from quizapp.core.align import (
    BEADS,
    DEFAULT,
    Params,
    Priors,
    _length,
    align_sentences,
    align_texts,
)
from quizapp.core.segment import sentence_keys, split_paragraphs, split_sentences

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "align_gold"

#: A link as indices into its paragraph's Hindi and English sentences.
LinkKey = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class GoldParagraph:
    """One paragraph of a gold passage: its sentences and the hand-made links between them."""

    hi: tuple[str, ...]
    en: tuple[str, ...]
    links: tuple[LinkKey, ...]


@dataclass(frozen=True)
class GoldPassage:
    """A hand-aligned passage: its file name and paragraphs."""

    name: str
    paragraphs: tuple[GoldParagraph, ...]

    @property
    def hi_text(self) -> str:
        """The Hindi as a teacher would paste it: one line per paragraph."""
        return "\n".join(" ".join(p.hi) for p in self.paragraphs)

    @property
    def en_text(self) -> str:
        """The English as a teacher would paste it: one line per paragraph."""
        return "\n".join(" ".join(p.en) for p in self.paragraphs)

    @property
    def links(self) -> list[LinkKey]:
        """All links, paragraph by paragraph."""
        return [link for p in self.paragraphs for link in p.links]


def _paragraph(links: list[tuple[list[str], list[str]]]) -> GoldParagraph:
    hi: list[str] = []
    en: list[str] = []
    keys = []
    for hi_side, en_side in links:
        keys.append(
            (
                tuple(range(len(hi), len(hi) + len(hi_side))),
                tuple(range(len(en), len(en) + len(en_side))),
            )
        )
        hi += hi_side
        en += en_side
    return GoldParagraph(tuple(hi), tuple(en), tuple(keys))


def _seed_links(spec: dict[str, str]) -> list[list[tuple[list[str], list[str]]]]:
    hi_text = (ROOT / spec["hi"]).read_text(encoding="utf-8")
    translation = json.loads((ROOT / spec["en"]).read_text(encoding="utf-8"))["translation"]
    sentences = [split_sentences(p, "hi") for p in split_paragraphs(hi_text)]
    return [
        [([s], [translation[key]]) for s, key in zip(para, keys, strict=True)]
        for para, keys in zip(sentences, sentence_keys(sentences), strict=True)
    ]


def load_passage(path: Path) -> GoldPassage:
    """Read one gold file (a passage of its own, or a reference to the seed article)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if "seed" in data:
        paragraphs = _seed_links(data["seed"])
    else:
        paragraphs = [[(link["hi"], link["en"]) for link in para] for para in data["paragraphs"]]
    return GoldPassage(path.stem, tuple(_paragraph(p) for p in paragraphs))


def load_gold(folder: Path = GOLD) -> list[GoldPassage]:
    """Every gold passage in ``folder``, in file-name order."""
    return [load_passage(path) for path in sorted(folder.glob("*.json"))]


def fit(passages: list[GoldPassage], base: Params = DEFAULT) -> Params:
    """Length-ratio mean and variance and bead priors from ``passages``; anchors from base."""
    pairs = []
    kinds: Counter[tuple[int, int]] = Counter()
    for passage in passages:
        for para in passage.paragraphs:
            for hi, en in para.links:
                kinds[len(hi), len(en)] += 1
                if hi and en:
                    lh = sum(_length(para.hi[i]) for i in hi)
                    le = sum(_length(para.en[j]) for j in en)
                    pairs.append((lh, le))
    c = sum(le for _, le in pairs) / sum(lh for lh, _ in pairs)
    s2 = sum((le - c * lh) ** 2 for lh, le in pairs) / sum((lh + le / c) / 2 for lh, le in pairs)
    total = sum(kinds.values()) + 0.5 * len(BEADS)
    prior = {bead: (kinds[bead] + 0.5) / total for bead in BEADS}
    priors = Priors(
        one_one=prior[1, 1],
        one_zero=prior[1, 0],
        zero_one=prior[0, 1],
        two_one=prior[2, 1],
        one_two=prior[1, 2],
        two_two=prior[2, 2],
    )
    return dataclasses.replace(base, ratio_mean=c, ratio_var=s2, priors=priors)


#: Multiples of the moment estimate of the variance that :func:`tune` tries.
VARIANCE_SCALES = (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


def tune(passages: list[GoldPassage], base: Params = DEFAULT) -> tuple[Params, list[int]]:
    """:func:`fit`, then the variance scale aligning most gold links (the middle of a tie);
    also returns the links found at each scale."""
    fitted = fit(passages, base)
    found = [
        accuracy(passages, dataclasses.replace(fitted, ratio_var=fitted.ratio_var * k))[0]
        for k in VARIANCE_SCALES
    ]
    best = [k for k, right in zip(VARIANCE_SCALES, found, strict=True) if right == max(found)]
    scale = best[len(best) // 2]
    return dataclasses.replace(fitted, ratio_var=fitted.ratio_var * scale), found


def score(passage: GoldPassage, params: Params = DEFAULT) -> tuple[int, int]:
    """(links found exactly, gold links) for one passage, aligned paragraph by paragraph."""
    right = 0
    for para in passage.paragraphs:
        found = {(link.hi, link.en) for link in align_sentences(para.hi, para.en, params)}
        right += len(found & set(para.links))
    return right, len(passage.links)


def accuracy(passages: list[GoldPassage], params: Params = DEFAULT) -> tuple[int, int]:
    """(links found exactly, gold links) over ``passages``."""
    scores = [score(p, params) for p in passages]
    return sum(r for r, _ in scores), sum(t for _, t in scores)


def leave_one_out(passages: list[GoldPassage], base: Params = DEFAULT) -> tuple[int, int]:
    """Accuracy with each passage aligned by parameters fitted (and tuned) on the others."""
    right = total = 0
    for k, passage in enumerate(passages):
        r, t = score(passage, tune(passages[:k] + passages[k + 1 :], base)[0])
        right, total = right + r, total + t
    return right, total


def time_passages(passages: list[GoldPassage], params: Params = DEFAULT) -> list[float]:
    """Seconds to align each passage from its pasted text (split and align), best of three."""
    times = []
    for passage in passages:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            align_texts(passage.hi_text, passage.en_text, params)
            best = min(best, time.perf_counter() - start)
        times.append(best)
    return times


def describe(passages: list[GoldPassage]) -> str:
    """Passages, links and the share of links that are not one to one."""
    kinds = Counter(f"{len(h)}-{len(e)}" for p in passages for h, e in p.links)
    total = sum(kinds.values())
    other = total - kinds["1-1"]
    detail = ", ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items()))
    return (
        f"{len(passages)} passages, {total} links ({detail}); "
        f"not one to one: {other} ({other / total:.1%})"
    )


def _whole(passage: GoldPassage) -> tuple[list[str], list[str], list[LinkKey]]:
    """The passage as one block of sentences, with its links renumbered to match."""
    hi: list[str] = []
    en: list[str] = []
    links: list[LinkKey] = []
    for para in passage.paragraphs:
        links += [
            (tuple(i + len(hi) for i in h), tuple(j + len(en) for j in e)) for h, e in para.links
        ]
        hi += para.hi
        en += para.en
    return hi, en, links


def _renumber(side: tuple[int, ...], removed: int) -> tuple[int, ...]:
    return tuple(j - (j > removed) for j in side if j != removed)


def stress(passages: list[GoldPassage], params: Params = DEFAULT) -> dict[str, tuple[int, int]]:
    """(right, cases) on edits of the gold passages, each aligned as one block (no paragraphs).

    ``whole``: gold links found; ``dropped``: with one English sentence of a 1-1 link taken
    out, its Hindi sentence comes back as a 1-0 link; ``dropped, flagged``: ... or at least in
    a link flagged for review; ``joined``: with the English sentences of two adjacent 1-1
    links joined into one, the 2-1 link is found.
    """
    counts = {"whole": [0, 0], "dropped": [0, 0], "dropped, flagged": [0, 0], "joined": [0, 0]}

    def tally(name: str, ok: bool) -> None:
        counts[name][0] += ok
        counts[name][1] += 1

    for passage in passages:
        hi, en, links = _whole(passage)
        found = {(link.hi, link.en) for link in align_sentences(hi, en, params)}
        for link in links:
            tally("whole", link in found)
        one_one = [k for k, (h, e) in enumerate(links) if len(h) == len(e) == 1]
        for k in one_one:
            (i,), (j,) = links[k]
            result = align_sentences(hi, en[:j] + en[j + 1 :], params)
            tally("dropped", any(link.hi == (i,) and not link.en for link in result))
            tally("dropped, flagged", any(i in link.hi and link.kind != "1-1" for link in result))
            if k + 1 in one_one:
                joined = [*en[:j], f"{en[j]} {en[j + 1]}", *en[j + 2 :]]
                want = ((i, i + 1), (j,))
                tally("joined", want in {(x.hi, x.en) for x in align_sentences(hi, joined, params)})
    return {name: (right, total) for name, (right, total) in counts.items()}


def _share(right: int, total: int) -> str:
    return f"{right}/{total} = {right / total:.1%}"


def main(argv: list[str]) -> None:
    """Print the gold set, the fitted parameters, accuracy, leave-one-out and timing."""
    args = [a for a in argv if not a.startswith("--")]
    folder = Path(args[0]) if args else GOLD
    passages = load_gold(folder)
    print("gold:", describe(passages))
    moments = fit(passages)
    print(
        f"moment estimates: ratio_mean={moments.ratio_mean:.4g} ratio_var={moments.ratio_var:.4g}"
    )
    tuned, found = tune(passages)
    total = sum(len(p.links) for p in passages)
    for k, right in zip(VARIANCE_SCALES, found, strict=True):
        print(f"  variance x{k:g} = {moments.ratio_var * k:.4g}: {_share(right, total)}")
    print("fitted (paste into DEFAULT):", tuned)
    print("accuracy with DEFAULT:", _share(*accuracy(passages)))
    print("accuracy with fitted:", _share(*accuracy(passages, tuned)))
    print(
        "leave-one-out accuracy (fitted and tuned without the passage):",
        _share(*leave_one_out(passages)),
    )
    times = time_passages(passages)
    print(
        f"time per passage (align_texts, best of 3): median {statistics.median(times) * 1e3:.1f}"
        f" ms, max {max(times) * 1e3:.1f} ms"
    )
    if "--stress" in argv:
        bare = dataclasses.replace(
            DEFAULT, number_bonus=0, number_miss=0, name_bonus=0, name_miss=0, mark_bonus=0,
            mark_miss=0,
        )  # fmt: skip
        for label, params in (("with anchors", DEFAULT), ("lengths only", bare)):
            results = stress(passages, params)
            print(f"stress, {label}: " + "; ".join(f"{n} {_share(*r)}" for n, r in results.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
