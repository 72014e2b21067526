"""Properties over generated input: parsers fail only with BankFormatError; round trips hold."""

import json
import string

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quizapp.core.interchange import (
    SKILLS,
    Bank,
    BankFormatError,
    QuestionData,
    SetData,
    load_bank,
    parse_gift,
    parse_json,
    render_gift,
    render_json,
)

#: Characters that mean something in GIFT, so generated text hits the parser's corners.
GIFT_ALPHABET = st.sampled_from(
    list("{}=~#:\\->%[]/.$ \n\t\r")
    + list("abcTF019")
    + [
        "::",
        "->",
        "//",
        "####",
        "..",
        "[html]",
        "[plain]",
        "$CATEGORY:",
        "\\n",
        "<b>",
        "&amp;",
        "क",
        "१",
        "\u200d",
        "// quizapp: ",
        '{"$each": [1]}',
        '{"prompt": 5}',
        "\n\n",
    ]
)
GIFTISH = st.lists(GIFT_ALPHABET, max_size=60).map("".join)

#: Field names of banks, questions and specs, so generated JSON gets past the first checks.
FIELD_NAMES = st.sampled_from(
    [
        "id",
        "name",
        "type",
        "prompt",
        "explanation",
        "evidence",
        "skill",
        "points",
        "options",
        "answer",
        "value",
        "tolerance",
        "accept",
        "text",
        "choices",
        "pairs",
        "left",
        "right",
        "items",
        "source",
        "references",
        "hi",
        "en",
        "correct",
        "weight",
        "feedback",
        "true",
        "false",
        "title",
        "settings",
        "shuffle",
        "mcq",
        "cloze",
        "numeric",
        "x",
    ]
)

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(st.one_of(st.text(), GIFTISH))
def test_parse_gift_raises_only_bank_format_error(text):
    try:
        bank, warnings = parse_gift(text)
    except BankFormatError as error:
        assert error.issues
        assert all(issue.location.startswith("line ") for issue in error.issues)
        return
    assert isinstance(bank, Bank)
    assert all(issue.severity == "warning" for issue in warnings)


@PROPERTY_SETTINGS
@given(st.one_of(st.binary(max_size=300), GIFTISH.map(str.encode), st.text().map(str.encode)))
def test_load_bank_raises_only_bank_format_error(data):
    try:
        load_bank(data)
    except BankFormatError as error:
        assert error.issues
        assert not any("could not be checked" in issue.message for issue in error.issues)


texts = st.text(max_size=25)
localized = st.dictionaries(st.sampled_from(["hi", "en"]), texts, max_size=2)
weights = st.one_of(st.integers(-100, 100), st.floats(-100, 100, allow_nan=False))


@st.composite
def options(draw):
    option = draw(localized)
    option["correct"] = draw(st.booleans())
    if draw(st.booleans()):
        option["weight"] = draw(weights)
    if draw(st.booleans()):
        option["feedback"] = draw(localized)
    return option


def _question(draw, question_type: str, spec: dict) -> QuestionData:
    return QuestionData(
        id=draw(st.one_of(st.none(), texts)),
        name=draw(st.one_of(st.none(), texts)),
        type=question_type,
        prompt=draw(localized),
        explanation=draw(localized),
        evidence=tuple(draw(st.lists(texts, max_size=2))),
        skill=draw(st.one_of(st.none(), st.sampled_from(SKILLS))),
        points=draw(st.floats(0.01, 1000, allow_nan=False)),
        spec=spec,
    )


@st.composite
def mcq_questions(draw):
    spec = {"options": draw(st.lists(options(), min_size=1, max_size=4))}
    return _question(draw, draw(st.sampled_from(["mcq", "multi"])), spec)


credits = st.one_of(st.sampled_from([0, 1, 0.5, 0.75, 0.3333333]), st.floats(0, 1))


@st.composite
def accepted_answers(draw):
    """An accepted answer: a text, or {text, credit?, feedback?}."""
    text = draw(texts)
    if draw(st.booleans()):
        return text
    answer = {"text": text}
    if draw(st.booleans()):
        answer["credit"] = draw(credits)
    if draw(st.booleans()):
        answer["feedback"] = draw(localized)
    return answer


@st.composite
def short_answer_questions(draw):
    accept = draw(
        st.dictionaries(
            st.sampled_from(["hi", "en"]), st.lists(accepted_answers(), min_size=1, max_size=3)
        )
    )
    assume(accept)
    # GIFT refuses a question without a full-credit answer (as Moodle does): give it one.
    first = accept[min(accept)]
    if not any(isinstance(a, str) or a.get("credit", 1) == 1 for a in first):
        first.insert(draw(st.integers(0, len(first))), draw(texts))
    spec = {"accept": accept}
    if draw(st.booleans()):
        spec["near_miss_credit"] = draw(st.floats(0, 1))
    return _question(draw, "short_answer", spec)


@st.composite
def banks(draw):
    questions = draw(st.lists(st.one_of(mcq_questions(), short_answer_questions()), max_size=4))
    ids = [q.id for q in questions if q.id is not None]
    assume(len(ids) == len(set(ids)))
    question_set = draw(
        st.one_of(
            st.none(),
            st.builds(
                SetData,
                id=st.one_of(st.none(), texts),
                title=localized,
                settings=st.fixed_dictionaries({}, optional={"shuffle": st.booleans()}),
            ),
        )
    )
    passage = draw(st.one_of(st.none(), st.text(string.ascii_lowercase + "-", max_size=10)))
    return Bank(passage=passage, set=question_set, questions=tuple(questions))


@PROPERTY_SETTINGS
@given(banks())
def test_json_round_trip(bank):
    again, warnings = parse_json(render_json(bank))
    assert again == bank
    assert warnings == []


@PROPERTY_SETTINGS
@given(banks())
def test_gift_round_trip(bank):
    text, render_warnings = render_gift(bank)
    assert render_warnings == []
    again, _ = parse_gift(text)
    assert again == bank


@st.composite
def other_gift_questions(draw):
    """true_false, numeric, matching and one-blank cloze questions with arbitrary text."""
    kind = draw(st.sampled_from(["true_false", "numeric", "matching", "cloze"]))
    if kind == "true_false":
        spec = {"answer": draw(st.booleans())}
        if draw(st.booleans()):
            spec["feedback"] = draw(st.dictionaries(st.sampled_from(["true", "false"]), localized))
    elif kind == "numeric":
        number = st.one_of(
            st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False)
        )
        spec = {"value": draw(number)}
        if draw(st.booleans()):
            spec["tolerance"] = draw(number)
        if draw(st.booleans()):
            answers = []
            for _ in range(draw(st.integers(1, 3))):
                answer = {"value": draw(number)}
                if draw(st.booleans()):
                    answer["tolerance"] = draw(number)
                if draw(st.booleans()):
                    answer["credit"] = draw(credits)
                if draw(st.booleans()):
                    answer["feedback"] = draw(localized)
                answers.append(answer)
            if not any(answer.get("credit", 1) == 1 for answer in answers):
                answers.insert(draw(st.integers(0, len(answers))), {"value": draw(number)})
            spec = {"answers": answers}
    elif kind == "matching":
        label = st.one_of(texts, localized)
        pairs = st.fixed_dictionaries({"left": label, "right": label})
        spec = {"pairs": draw(st.lists(pairs, min_size=1, max_size=3))}
    else:
        piece = st.text(max_size=15).filter(lambda t: "{" not in t and "}" not in t)
        alternatives = draw(st.lists(piece.filter(lambda t: "|" not in t), min_size=1, max_size=2))
        text = draw(piece) + "{{" + "|".join(alternatives) + "}}" + draw(piece)
        spec = {"text": {draw(st.sampled_from(["hi", "en"])): text}}
        if draw(st.booleans()):
            spec["choices"] = [draw(st.lists(piece, max_size=3))]
    return _question(draw, kind, spec)


@PROPERTY_SETTINGS
@given(st.lists(other_gift_questions(), max_size=3))
def test_gift_round_trip_other_types(questions):
    ids = [q.id for q in questions if q.id is not None]
    assume(len(ids) == len(set(ids)))
    bank = Bank(questions=tuple(questions))
    text, render_warnings = render_gift(bank)
    assert render_warnings == []
    again, _ = parse_gift(text)
    assert again == bank


QUESTION_TYPE_NAMES = st.sampled_from(
    [
        "mcq",
        "multi",
        "true_false",
        "numeric",
        "short_answer",
        "cloze",
        "matching",
        "ordering",
        "translation",
    ]
)
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        texts,
        QUESTION_TYPE_NAMES,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(FIELD_NAMES, inner, max_size=5)
    ),
    max_leaves=20,
)


@PROPERTY_SETTINGS
@given(st.lists(st.dictionaries(FIELD_NAMES, json_values, max_size=6), max_size=3), json_values)
def test_load_bank_on_odd_json_raises_only_bank_format_error(questions, bank_set):
    doc = {"format": "quizapp.bank.v1", "set": bank_set, "questions": questions}
    try:
        load_bank(json.dumps(doc).encode())
    except BankFormatError as error:
        assert error.issues
        assert not any("could not be checked" in issue.message for issue in error.issues)
