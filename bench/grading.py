"""Grading throughput: answers graded per second, per question type.

    .venv/bin/python -m bench.grading [--count 3000] [--rounds 3]

Each type grades ``--count`` realistic answers (right, wrong, near misses, Devanagari and
Latin-typed Hindi, a few malformed ones) drawn with a fixed seed from the seeded article's
content; the best of ``--rounds`` timings is reported. Translation runs chrF (sacrebleu) per
answer and is orders of magnitude slower than the rest; that is expected, not a regression.
"""

import argparse
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quizapp.core.grading import QUESTION_TYPES, get_type, validate_spec

SEED = Path(__file__).resolve().parents[1] / "quizapp" / "content" / "seed"
P1S1_HI = SEED.joinpath("article.hi.txt").read_text(encoding="utf-8").split("।")[0] + "।"
P1S1_EN = json.loads(SEED.joinpath("article.json").read_text(encoding="utf-8"))["translation"][
    "p1s1"
]
CLOZE_TEXT = (
    "इसने अगले महीने बिडेन और रूसी राष्ट्रपति व्लादिमीर पुतिन के बीच संभावित "
    "{{शिखर वार्ता|शिखर-वार्ता}} की {{आधारशिला}} भी रखी।"
)

SPECS: dict[str, dict[str, Any]] = {
    "mcq": {
        "options": [
            {"en": "Reykjavik", "hi": "रिक्जेविक", "correct": True},
            {"en": "Moscow", "hi": "मॉस्को", "feedback": {"en": "Lavrov's capital."}},
            {"en": "Washington", "hi": "वाशिंगटन"},
            {"en": "Geneva", "hi": "जिनेवा"},
        ]
    },
    "multi": {
        "options": [
            {"en": "fighting COVID-19", "correct": True},
            {"en": "climate change", "correct": True},
            {"en": "the Afghan peace process", "correct": True},
            {"en": "the Olympic Games"},
            {"en": "oil prices"},
        ]
    },
    "true_false": {"answer": True},
    "numeric": {"value": 8},
    "short_answer": {"accept": {"hi": ["समकक्ष"], "en": ["counterpart"]}, "near_miss_credit": 0.5},
    "cloze": {"text": {"hi": CLOZE_TEXT}, "near_miss_credit": 0.5},
    "matching": {
        "pairs": [
            {"left": "समकक्ष", "right": "counterpart"},
            {"left": "प्रतिबंध", "right": "sanctions"},
            {"left": "मतभेद", "right": "differences"},
            {"left": "शिखर वार्ता", "right": "summit"},
        ]
    },
    "ordering": {"items": ["पदारोहण", "प्रतिबंध", "बैठक", "शिखर वार्ता", "वार्ता"]},
    "translation": {"source": {"hi": P1S1_HI}, "references": {"en": [P1S1_EN]}},
}

SHORT_ANSWERS = [
    "समकक्ष",
    "समकक्ष।",
    "samkaksh",
    "samakaksha",
    "समककक्ष",
    "counterpart",
    "Counterpart.",
    "counterpat",
    "partner",
    "प्रतिपक्ष",
    "",
]
BLANK_ANSWERS = [
    ["शिखर वार्ता", "आधारशिला"],
    ["शिखर-वार्ता", "आधारशिला"],
    ["shikhar varta", "aadharshila"],
    ["शिखर वार्ता", "आधारशीला"],
    ["सम्मेलन", "नींव"],
    ["", "आधारशिला"],
]
TRANSLATIONS = [
    P1S1_EN,
    "On Wednesday, US Secretary of State Antony Blinken met with his Russian counterpart Sergei "
    "Lavrov and discussed ways for their countries to cooperate in spite of their differences.",
    "The American foreign minister Antony Blinken met Russian counterpart Sergei Lavrov on "
    "Wednesday and they discussed how their countries could cooperate despite differences.",
    "Blinken met the Russian minister Lavrov on Wednesday and they talked about working together.",
    "The weather in Iceland was cold and windy all week.",
]


def shuffled_words(rng: random.Random, text: str) -> str:
    """A learner's variant: some words dropped or moved, so no two answers are alike."""
    words = text.split()
    if rng.random() < 0.5 and len(words) > 3:
        del words[rng.randrange(len(words))]
    if rng.random() < 0.3:
        i, j = rng.randrange(len(words)), rng.randrange(len(words))
        words[i], words[j] = words[j], words[i]
    return " ".join(words)


#: How to draw one realistic answer for each type.
ANSWERS: dict[str, Callable[[random.Random], Any]] = {
    "mcq": lambda rng: rng.choice([0, 0, 1, 2, 3, 7, "1"]),
    "multi": lambda rng: rng.sample(range(5), rng.randint(0, 4)),
    "true_false": lambda rng: rng.choice([True, False, True, "true"]),
    "numeric": lambda rng: rng.choice([8, "8", "८", " 8 ", 7, "१०", 8.0, "eight", "1,000"]),
    "short_answer": lambda rng: rng.choice(SHORT_ANSWERS),
    "cloze": lambda rng: list(rng.choice(BLANK_ANSWERS)),
    "matching": lambda rng: [rng.randrange(4) for _ in range(4)],
    "ordering": lambda rng: rng.sample(range(5), 5),
    "translation": lambda rng: shuffled_words(rng, rng.choice(TRANSLATIONS)),
}


def measure(name: str, count: int, rounds: int) -> tuple[float, float]:
    """Best answers-per-second over ``rounds`` runs, and the mean score (a sanity check)."""
    question_type = get_type(name)
    spec = SPECS[name]
    rng = random.Random(f"bench-{name}")
    answers = [ANSWERS[name](rng) for _ in range(count)]
    best = 0.0
    scores = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        scores = sum(question_type.grade(spec, answer).score for answer in answers)
        elapsed = time.perf_counter() - start
        best = max(best, count / elapsed)
    return best, scores / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=3000, help="answers per type")
    parser.add_argument("--rounds", type=int, default=3, help="timings per type; best is kept")
    args = parser.parse_args()

    for name, spec in SPECS.items():
        assert not validate_spec(name, spec), (name, validate_spec(name, spec))
    assert set(SPECS) == set(QUESTION_TYPES), "a registered type has no benchmark"

    print(f"{'type':<14}{'answers/s':>12}{'µs/answer':>12}{'mean score':>12}")
    for name in QUESTION_TYPES:
        rate, mean = measure(name, args.count, args.rounds)
        print(f"{name:<14}{rate:>12,.0f}{1e6 / rate:>12.1f}{mean:>12.2f}")
    print("translation computes chrF per answer (sacrebleu); it is expected to be far slower.")


if __name__ == "__main__":
    main()
