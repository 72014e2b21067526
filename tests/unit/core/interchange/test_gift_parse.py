"""GIFT import, row by row: each row a GIFT question and the quizapp question it becomes."""

import pytest

from quizapp.core.interchange import BankFormatError, SetData, parse_gift
from quizapp.core.interchange.convert import question_to_dict


def _one(text: str) -> dict:
    bank, _ = parse_gift(text)
    [question] = bank.questions
    return question_to_dict(question)


CASES = [
    pytest.param(
        "Capital of India? {=नई दिल्ली ~मुंबई ~Kolkata}",
        {
            "type": "mcq",
            "prompt": {"en": "Capital of India?"},
            "options": [
                {"hi": "नई दिल्ली", "correct": True},
                {"hi": "मुंबई", "correct": False},
                {"en": "Kolkata", "correct": False},
            ],
        },
        id="mcq-options-by-script",
    ),
    pytest.param(
        "भारत की राजधानी? {=नई दिल्ली#सही! ~मुंबई#नहीं}",
        {
            "type": "mcq",
            "prompt": {"hi": "भारत की राजधानी?"},
            "options": [
                {"hi": "नई दिल्ली", "correct": True, "feedback": {"hi": "सही!"}},
                {"hi": "मुंबई", "correct": False, "feedback": {"hi": "नहीं"}},
            ],
        },
        id="mcq-hindi-feedback",
    ),
    pytest.param(
        "Pick two {~%50%a ~%50%b ~%-100%c}",
        {
            "type": "multi",
            "prompt": {"en": "Pick two"},
            "options": [
                {"en": "a", "correct": True, "weight": 50},
                {"en": "b", "correct": True, "weight": 50},
                {"en": "c", "correct": False, "weight": -100},
            ],
        },
        id="multi-weights",
    ),
    pytest.param(
        "Thirds {~%33.33333%a ~%33.33333%b ~%33.33334%c ~d}",
        {
            "type": "multi",
            "prompt": {"en": "Thirds"},
            "options": [
                {"en": "a", "correct": True, "weight": 33.33333},
                {"en": "b", "correct": True, "weight": 33.33333},
                {"en": "c", "correct": True, "weight": 33.33334},
                {"en": "d", "correct": False},
            ],
        },
        id="multi-decimal-weights",
    ),
    pytest.param(
        "Sky is blue. {T}",
        {"type": "true_false", "prompt": {"en": "Sky is blue."}, "answer": True},
        id="true",
    ),
    pytest.param(
        "Sky is green. {FALSE#Look up!#Right, it is blue.}",
        {
            "type": "true_false",
            "prompt": {"en": "Sky is green."},
            "answer": False,
            "feedback": {"true": {"en": "Look up!"}, "false": {"en": "Right, it is blue."}},
        },
        id="false-with-wrong-and-right-feedback",
    ),
    pytest.param(
        "आसमान नीला है। {TRUE##सही।}",
        {
            "type": "true_false",
            "prompt": {"hi": "आसमान नीला है।"},
            "answer": True,
            "feedback": {"true": {"hi": "सही।"}},
        },
        id="true-right-feedback-only",
    ),
    # Any Devanagari makes a text Hindi, so this mixed prompt goes to "hi".
    pytest.param(
        "Meaning of 'मुलाकात'? {=meeting =मुलाकात =a meeting}",
        {
            "type": "short_answer",
            "prompt": {"hi": "Meaning of 'मुलाकात'?"},
            "accept": {"en": ["meeting", "a meeting"], "hi": ["मुलाकात"]},
        },
        id="short-answer-split-by-script",
    ),
    pytest.param(
        "Match {=मुलाकात -> meeting =सहयोग -> cooperation}",
        {
            "type": "matching",
            "prompt": {"en": "Match"},
            "pairs": [
                {"left": "मुलाकात", "right": "meeting"},
                {"left": "सहयोग", "right": "cooperation"},
            ],
        },
        id="matching",
    ),
    pytest.param(
        "Pi? {#3.14:0.01}",
        {"type": "numeric", "prompt": {"en": "Pi?"}, "value": 3.14, "tolerance": 0.01},
        id="numeric-tolerance",
    ),
    pytest.param(
        "One to five? {#1..5}",
        {"type": "numeric", "prompt": {"en": "One to five?"}, "value": 3, "tolerance": 2},
        id="numeric-range",
    ),
    pytest.param(
        "Half? {#-1..0}",
        {"type": "numeric", "prompt": {"en": "Half?"}, "value": -0.5, "tolerance": 0.5},
        id="numeric-negative-range",
    ),
    pytest.param(
        "कितने? {#२}",
        {"type": "numeric", "prompt": {"hi": "कितने?"}, "value": 2},
        id="numeric-devanagari-digits",
    ),
    pytest.param(
        "Year? {#=1822 =%50%1821:1}",
        {
            "type": "numeric",
            "prompt": {"en": "Year?"},
            "answers": [{"value": 1822}, {"value": 1821, "tolerance": 1, "credit": 0.5}],
        },
        id="numeric-several-answers-with-credit",
    ),
    pytest.param(
        "Year? {#1822#Right: 27 April 1822.}",
        {
            "type": "numeric",
            "prompt": {"en": "Year?"},
            "answers": [{"value": 1822, "feedback": {"en": "Right: 27 April 1822."}}],
        },
        id="numeric-one-answer-with-feedback",
    ),
    pytest.param(
        "Pi? {#=3.14:0.01 =%50%3..3.5#Roughly. =%0%2.72#That is e.}",
        {
            "type": "numeric",
            "prompt": {"en": "Pi?"},
            "answers": [
                {"value": 3.14, "tolerance": 0.01},
                {"value": 3.25, "tolerance": 0.25, "credit": 0.5, "feedback": {"en": "Roughly."}},
                {"value": 2.72, "credit": 0, "feedback": {"en": "That is e."}},
            ],
        },
        id="numeric-range-credit-and-a-known-mistake",
    ),
    pytest.param(
        "Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}",
        {
            "type": "mcq",
            "prompt": {"en": "Difficult question."},
            "options": [
                {"en": "wrong answer", "correct": False},
                {"en": "half credit answer", "correct": False, "weight": 50},
                {"en": "full credit answer", "correct": True},
            ],
        },
        id="mcq-partial-credit-weight",
    ),
    pytest.param(
        "Which? {=%50%half =full ~%100%also full}",
        {
            "type": "mcq",
            "prompt": {"en": "Which?"},
            "options": [
                {"en": "half", "correct": False, "weight": 50},
                {"en": "full", "correct": True},
                {"en": "also full", "correct": True, "weight": 100},
            ],
        },
        id="mcq-a-weight-not-the-marker-says-what-is-full-credit",
    ),
    pytest.param(
        "Where from? {=Nazareth#Yes! =%75%Nazereth#Misspelled. =%0%Rome#No. =नासरत}",
        {
            "type": "short_answer",
            "prompt": {"en": "Where from?"},
            "accept": {
                "en": [
                    {"text": "Nazareth", "feedback": {"en": "Yes!"}},
                    {"text": "Nazereth", "credit": 0.75, "feedback": {"en": "Misspelled."}},
                    {"text": "Rome", "credit": 0, "feedback": {"en": "No."}},
                ],
                "hi": ["नासरत"],
            },
        },
        id="short-answer-credit-and-feedback-per-answer",
    ),
    pytest.param(
        "Jesus was from {~Rome#No. ~%50%Galilee =Nazareth}.",
        {
            "type": "mcq",
            "prompt": {"en": "Jesus was from _____."},
            "options": [
                {"en": "Rome", "correct": False, "feedback": {"en": "No."}},
                {"en": "Galilee", "correct": False, "weight": 50},
                {"en": "Nazareth", "correct": True},
            ],
        },
        id="missing-word-with-feedback-or-weights-stays-mcq",
    ),
    pytest.param(
        "Jesus was from {=Nazareth =%75%Nazereth}.",
        {
            "type": "short_answer",
            "prompt": {"en": "Jesus was from _____."},
            "accept": {"en": ["Nazareth", {"text": "Nazereth", "credit": 0.75}]},
        },
        id="missing-word-with-partial-credit-stays-short-answer",
    ),
    pytest.param(
        "Grant's tomb holds {~%50%Grant ~%50%his wife ~no one}.",
        {
            "type": "multi",
            "prompt": {"en": "Grant's tomb holds _____."},
            "options": [
                {"en": "Grant", "correct": True, "weight": 50},
                {"en": "his wife", "correct": True, "weight": 50},
                {"en": "no one", "correct": False},
            ],
        },
        id="missing-word-multi-stays-multi",
    ),
    pytest.param(
        "Grant is {~buried =entombed ~living} in Grant's tomb.",
        {
            "type": "cloze",
            "prompt": {"en": "Grant is _____ in Grant's tomb."},
            "text": {"en": "Grant is {{entombed}} in Grant's tomb."},
            "choices": [["buried", "entombed", "living"]],
        },
        id="missing-word-choices",
    ),
    pytest.param(
        "ब्लिंकन ने अपने रूसी {=समकक्ष =प्रतिरूप} से मुलाकात की।",
        {
            "type": "cloze",
            "prompt": {"hi": "ब्लिंकन ने अपने रूसी _____ से मुलाकात की।"},
            "text": {"hi": "ब्लिंकन ने अपने रूसी {{समकक्ष|प्रतिरूप}} से मुलाकात की।"},
        },
        id="missing-word-typed-hindi",
    ),
    pytest.param(
        "Grant was born in {#1822} in Ohio.",
        {"type": "numeric", "prompt": {"en": "Grant was born in _____ in Ohio."}, "value": 1822},
        id="missing-word-numeric-keeps-type",
    ),
    pytest.param(
        "Who? {=a####Because \\{a\\} \\= a.}",
        {
            "type": "short_answer",
            "prompt": {"en": "Who?"},
            "accept": {"en": ["a"]},
            "explanation": {"en": "Because {a} = a."},
        },
        id="general-feedback",
    ),
    pytest.param(
        "::Q\\:1::Escapes \\~ \\= \\# \\{ \\} \\: \\\\ and\\nnew line? {=\\\\n}",
        {
            "id": "Q:1",
            "name": "Q:1",
            "type": "short_answer",
            "prompt": {"en": "Escapes ~ = # { } : \\ and\nnew line?"},
            "accept": {"en": ["\\n"]},
        },
        id="escapes",
    ),
    pytest.param(
        "Odd \\x backslash? {=a\\b}",
        {
            "type": "short_answer",
            "prompt": {"en": "Odd \\x backslash?"},
            "accept": {"en": ["a\\b"]},
        },
        id="other-backslashes-stay",
    ),
    pytest.param(
        "[html]<p>Who is <b>buried</b> here?</p>{=no one}",
        {
            "type": "short_answer",
            "prompt": {"en": "Who is buried here?"},
            "accept": {"en": ["no one"]},
        },
        id="html",
    ),
    pytest.param(
        "[html]A &amp; B<br/>C{=x}",
        {"type": "short_answer", "prompt": {"en": "A & B\nC"}, "accept": {"en": ["x"]}},
        id="html-break-and-entity",
    ),
    pytest.param(
        "[plain][html] is a marker? {=[plain]%yes ~[plain]// no}",
        {
            "type": "mcq",
            "prompt": {"en": "[html] is a marker?"},
            "options": [{"en": "%yes", "correct": True}, {"en": "// no", "correct": False}],
        },
        id="plain-marker-protects-text",
    ),
    pytest.param(
        "Multi\n  line\n  prompt?\n{\n  =a\n  ~b\n}",
        {
            "type": "mcq",
            "prompt": {"en": "Multi line prompt?"},
            "options": [{"en": "a", "correct": True}, {"en": "b", "correct": False}],
        },
        id="line-breaks-read-as-spaces",
    ),
    pytest.param(
        "Arrow in feedback {=a#x -> y ~b}",
        {
            "type": "mcq",
            "prompt": {"en": "Arrow in feedback"},
            "options": [
                {"en": "a", "correct": True, "feedback": {"en": "x -> y"}},
                {"en": "b", "correct": False},
            ],
        },
        id="arrow-allowed-in-feedback",
    ),
]


@pytest.mark.parametrize(("gift", "expected"), CASES)
def test_gift_question(gift, expected):
    assert _one(gift) == expected


@pytest.mark.parametrize(
    ("gift", "warning"),
    [
        ("Essay? {}", "Skipped an essay question (empty answer block {}): quizapp has no essays."),
        (
            "Essay? {####Think first.}",
            "Skipped an essay question (empty answer block {}): quizapp has no essays.",
        ),
        (
            "Just some text.",
            "Skipped a description (text without an answer block {…}): quizapp "
            "has no description questions.",
        ),
    ],
)
def test_unsupported_questions_are_skipped_with_a_warning(gift, warning):
    bank, warnings = parse_gift(f"// first line\n{gift}\n\nQ? {{T}}\n")
    assert len(bank.questions) == 1
    assert [(w.location, w.message, w.severity) for w in warnings] == [
        ("line 2", warning, "warning")
    ]


@pytest.mark.parametrize(
    ("gift", "message"),
    [
        (
            "Pairs {=a -> 1 =b -> 2 =-> 3}",
            "The extra right-hand item '3' (no left item) was dropped: quizapp matches pairs only.",
        ),
        ("[html]<i>Q</i>{=a}", "HTML formatting was removed; the text is kept as plain text."),
        (
            "Num? {#5 ~#Too far}",
            "Feedback for wrong answers (~…) is not kept for numeric questions.",
        ),
        (
            "Num? {#=5 =%0%*#Anything else is wrong.}",
            "Answers matching anything are not kept for numeric questions; dropped: '*' (any "
            "answer).",
        ),
    ],
)
def test_lossy_conversions_warn(gift, message):
    _, warnings = parse_gift(gift)
    assert [w.message for w in warnings] == [message]


def test_category_names_the_set():
    bank, warnings = parse_gift(
        "$CATEGORY: $course$/top/Reykjavik//Iceland\n\nQ? {T}\n\n$CATEGORY: $course$/top/रिक्जेविक"
        "\n\nQ2? {F}\n"
    )
    assert bank.set == SetData(title={"hi": "रिक्जेविक"})
    assert warnings == []
    bank, _ = parse_gift("$CATEGORY: tom/Reykjavik//Iceland\nQ? {T}\n")
    assert bank.set == SetData(title={"en": "Reykjavik/Iceland"})
    assert len(bank.questions) == 1


def test_bank_comment_gives_passage_and_set_over_category():
    text = (
        '// quizapp-bank: {"passage": "blinken-lavrov-reykjavik", "set": {"id": "s1", '
        '"title": "Basics", "settings": {"shuffle": true}}}\n$CATEGORY: Other\n\nQ? {T}\n'
    )
    bank, _ = parse_gift(text)
    assert bank.passage == "blinken-lavrov-reykjavik"
    assert bank.set == SetData(id="s1", title={"en": "Basics"}, settings={"shuffle": True})


def test_quizapp_comment_patches_the_question():
    text = (
        '// quizapp: {"prompt": {"en": "Is the sky blue?"}, "skill": "literal", "points": 2, '
        '"evidence": ["p1s1"], "$unset": ["name"]}\n::q1::आसमान नीला है? {T}\n'
    )
    [question], _ = parse_gift(text)[0].questions, None
    assert question.prompt == {"hi": "आसमान नीला है?", "en": "Is the sky blue?"}
    assert (question.id, question.name, question.skill, question.points) == (
        "q1",
        None,
        "literal",
        2.0,
    )
    assert question.evidence == ("p1s1",)


def test_edited_gift_text_wins_over_a_stale_comment():
    text = (
        '// quizapp: {"options": {"$each": [{"en": "Delhi"}, {"en": "Mumbai"}]}}\n'
        "राजधानी? {=दिल्ली ~मुंबई ~कोलकाता}\n"
    )
    bank, warnings = parse_gift(text)
    assert [o.get("en") for o in bank.questions[0].spec["options"]] == [None, None, None]
    assert [(w.location, w.severity) for w in warnings] == [("line 1", "warning")]
    assert "no longer fits the question (options were edited" in warnings[0].message


def test_comment_keeps_hand_edits_of_the_other_language():
    text = (
        '// quizapp: {"options": {"$each": [{"en": "Delhi"}, {"en": "Mumbai"}]}}\n'
        "राजधानी? {=नई दिल्ली ~मुंबई}\n"
    )
    [question] = parse_gift(text)[0].questions
    assert question.spec["options"][0] == {"hi": "नई दिल्ली", "en": "Delhi", "correct": True}


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        (
            "// quizapp: {not json}",
            "The quizapp comment is not valid JSON (Expecting property "
            "name enclosed in double quotes); fix or delete the line.",
        ),
        ("// quizapp: [1]", "The quizapp comment must hold an object {…}; fix or delete the line."),
        (
            '// quizapp: {"$unset": "name"}',
            "The quizapp comment cannot be applied: the patch: '$unset' must be a list of names.",
        ),
        ('// quizapp: {"points": "many"}', "Expected a number, got text."),
    ],
)
def test_broken_quizapp_comment_is_an_error(comment, message):
    with pytest.raises(BankFormatError) as caught:
        parse_gift(f"{comment}\nQ? {{T}}\n")
    assert [i.message for i in caught.value.issues] == [message]
    assert caught.value.issues[0].location.startswith(("line 1", "line 2"))


def test_duplicate_titles_get_numbered_ids():
    bank, warnings = parse_gift("::Q::A? {T}\n\n::Q::B? {F}\n\n::Q (2)::C? {T}\n\n::Q::D? {F}\n")
    assert [q.id for q in bank.questions] == ["Q", "Q (3)", "Q (2)", "Q (4)"]
    assert [q.name for q in bank.questions] == ["Q", "Q", "Q (2)", "Q"]
    assert [w.location for w in warnings] == ["line 3", "line 7"]


def test_crlf_and_bom():
    bank, _ = parse_gift("\ufeff// c\r\n::q1::A? {T}\r\n\r\n::q2::B?\r{F}\r\n")
    assert [(q.id, q.source) for q in bank.questions] == [("q1", "line 2"), ("q2", "line 4")]
