"""short_answer tolerance: the teacher-readable table in tests/data, its feedback and its field.

Each row of tests/data/short_answer_tolerance.tsv is one test (its id is the answer): accepted
answers (``|``-separated, Hindi or English by script), the learner's answer, whether the
question is tolerant, the verdict a teacher would give (correct / near_miss / wrong) and why.
"""

import json
from pathlib import Path

import pytest

from quizapp.core.grading import get_type
from quizapp.core.interchange import parse_gift, parse_json, render_gift, render_json
from quizapp.core.text import is_devanagari

from .samples import error_paths

TABLE = Path(__file__).resolve().parents[4] / "tests" / "data" / "short_answer_tolerance.tsv"
SHORT = get_type("short_answer")
VERDICTS = ("correct", "near_miss", "wrong")
PLACE = {"accept": {"hi": ["रिक्जेविक"], "en": ["Reykjavik"]}}


def spec_of(accepted: str, tolerant: str) -> dict:
    """A short_answer spec from a row: accepted answers by script, tolerant only when off."""
    accept: dict[str, list[str]] = {}
    for answer in accepted.split("|"):
        accept.setdefault("hi" if is_devanagari(answer) else "en", []).append(answer)
    spec: dict = {"accept": accept}
    if tolerant == "false":
        spec["tolerant"] = False
    return spec


def read_table() -> list[dict[str, str]]:
    """The table's rows as dicts keyed by its header."""
    header, *lines = TABLE.read_text(encoding="utf-8").splitlines()
    names = header.split("\t")
    return [dict(zip(names, line.split("\t"), strict=True)) for line in lines if line]


ROWS = read_table()


def verdict(result) -> str:
    """correct / near_miss / wrong, as the table writes it."""
    if result.correct:
        return "correct"
    return "near_miss" if result.near_miss else "wrong"


@pytest.mark.parametrize("row", [pytest.param(row, id=row["answer"]) for row in ROWS])
def test_table_row(row):
    spec = spec_of(row["accepted"], row["tolerant"])
    assert not SHORT.validate_spec(spec)
    result = SHORT.grade(spec, row["answer"])
    assert verdict(result) == row["expected"], row["why"]


def test_table_is_a_table_a_teacher_can_read():
    assert len(ROWS) >= 40
    assert all(row["expected"] in VERDICTS and row["tolerant"] in ("true", "false") for row in ROWS)
    assert all(row["why"].strip() for row in ROWS)
    hindi = [row for row in ROWS if is_devanagari(row["answer"])]
    english = [row for row in ROWS if not is_devanagari(row["answer"])]
    for rows in (hindi, english):
        assert {row["expected"] for row in rows} == set(VERDICTS)
    assert len({(r["accepted"], r["answer"], r["tolerant"]) for r in ROWS}) == len(ROWS)


@pytest.mark.parametrize(
    ("answer", "en", "hi"),
    [
        pytest.param(
            "not Reykjavik",
            "Not correct. Your answer adds 'not', which changes its meaning.",
            "सही नहीं है। आपके उत्तर में 'not' जुड़ा है, जिससे उसका अर्थ बदल जाता है।",
            id="not",
        ),
        pytest.param(
            "रिक्जेविक में नहीं",
            "Not correct. Your answer adds 'नहीं', which changes its meaning.",
            "सही नहीं है। आपके उत्तर में 'नहीं' जुड़ा है, जिससे उसका अर्थ बदल जाता है।",
            id="नहीं",
        ),
        pytest.param(
            "It wasn't Reykjavik",
            "Not correct. Your answer adds 'n't', which changes its meaning.",
            "सही नहीं है। आपके उत्तर में 'n't' जुड़ा है, जिससे उसका अर्थ बदल जाता है।",
            id="n't",
        ),
        pytest.param(
            "Reykjavik or Moscow",
            "Not correct. Give one answer; yours names more than one.",
            "सही नहीं है। एक ही उत्तर दें; आपके उत्तर में एक से ज़्यादा उत्तर हैं।",
            id="two answers",
        ),
        pytest.param(
            "Blinken and Lavrov met in Reykjavik on Wednesday",
            "Not correct. Give just the answer; yours says more than the question asks.",
            "सही नहीं है। केवल उत्तर लिखें; आपके उत्तर में पूछी गई बात के अलावा और बातें भी हैं।",
            id="a sentence",
        ),
        pytest.param("Moscow", "Not correct.", "सही नहीं है।", id="just wrong: no reason given"),
        pytest.param("नहीं", "Not correct.", "सही नहीं है।", id="a bare negation: just wrong"),
        pytest.param("in Reykjavik", "Correct!", "सही उत्तर!", id="accepted through tolerance"),
        pytest.param(
            "rikjevik mein",
            "Correct! In Devanagari it is written रिक्जेविक.",
            "सही उत्तर! देवनागरी में यह रिक्जेविक लिखा जाता है।",
            id="Latin-typed inside a tolerant form",
        ),
        pytest.param(
            "रेक्जेविक में",
            "Almost — check the spelling.",
            "लगभग सही — वर्तनी जाँचें।",
            id="a slip inside a tolerant form",
        ),
    ],
)
def test_feedback_says_why(answer, en, hi):
    feedback = SHORT.grade(PLACE, answer).feedback
    assert (feedback.en, feedback.hi) == (en, hi)


def test_near_miss_credit_applies_inside_a_tolerant_form():
    result = SHORT.grade({**PLACE, "near_miss_credit": 0.5}, "रेक्जेविक में")
    assert (result.score, result.correct, result.near_miss) == (0.5, False, True)


def test_rejected_for_a_reason_scores_nothing():
    result = SHORT.grade({**PLACE, "near_miss_credit": 0.5}, "not Reykjavik")
    assert (result.score, result.correct, result.near_miss) == (0.0, False, False)


@pytest.mark.parametrize(
    ("tolerant", "paths"),
    [
        pytest.param(True, [], id="true"),
        pytest.param(False, [], id="false"),
        pytest.param("false", ["tolerant"], id="the text false"),
        pytest.param(0, ["tolerant"], id="zero"),
        pytest.param(None, ["tolerant"], id="null"),
    ],
)
def test_tolerant_is_a_boolean(tolerant, paths):
    assert error_paths("short_answer", {**PLACE, "tolerant": tolerant}) == paths


def _bank(**spec) -> str:
    question = {
        "id": "q1",
        "type": "short_answer",
        "prompt": {"en": "In which city did they meet?"},
        "accept": {"en": ["Reykjavik"]},
        **spec,
    }
    return json.dumps({"format": "quizapp.bank.v1", "questions": [question]})


@pytest.mark.parametrize("tolerant", [True, False])
def test_json_round_trip_keeps_tolerant_exactly(tolerant):
    bank, issues = parse_json(_bank(tolerant=tolerant))
    assert not [issue for issue in issues if issue.severity == "error"]
    assert bank.questions[0].spec["tolerant"] is tolerant
    again, _ = parse_json(render_json(bank))
    assert again == bank
    assert render_json(again) == render_json(bank)


def test_json_without_tolerant_stays_without_it():
    bank, _ = parse_json(_bank())
    assert "tolerant" not in bank.questions[0].spec
    assert '"tolerant"' not in render_json(bank)


def test_gift_round_trip_keeps_tolerant_false():
    bank, _ = parse_json(_bank(tolerant=False))
    text, warnings = render_gift(bank)
    assert not warnings
    again, _ = parse_gift(text)
    assert again.questions[0].spec["tolerant"] is False


def test_written_beside_near_miss_credit():
    bank, _ = parse_json(_bank(tolerant=False, near_miss_credit=0.5))
    written = render_json(bank)
    assert written.index('"near_miss_credit"') < written.index('"tolerant"')
    assert written.index('"tolerant"') - written.index('"near_miss_credit"') < 40
