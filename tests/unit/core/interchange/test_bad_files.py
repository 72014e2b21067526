"""Bad bank files: each refused whole, with a clear message naming the line or the JSON path."""

import json

import pytest

from quizapp.core.interchange import (
    MAX_BANK_BYTES,
    BankFormatError,
    gift_parse,
    json_format,
    load,
    load_bank,
    validate,
)

GOOD_QUESTION = {
    "id": "q1",
    "type": "true_false",
    "prompt": {"en": "The sky is blue."},
    "answer": True,
}


def _json(**fields) -> bytes:
    doc = {"format": "quizapp.bank.v1", "questions": [GOOD_QUESTION], **fields}
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def _errors(data: bytes, filename: str | None = None) -> list[tuple[str, str]]:
    with pytest.raises(BankFormatError) as caught:
        load_bank(data, filename)
    issues = caught.value.issues
    assert issues, "a BankFormatError always lists its errors"
    assert all(issue.severity == "error" for issue in issues)
    assert str(caught.value) == "\n".join(f"{i.location}: {i.message}" for i in issues)
    return [(issue.location, issue.message) for issue in issues]


def test_truncated_json_names_line_and_column():
    data = _json()[:-30]
    [(location, message)] = _errors(data)
    assert location.startswith("line ") and " column " in location
    assert "cut short" in message


def test_json_syntax_error_in_the_middle():
    data = b'{\n  "format": "quizapp.bank.v1",\n  "questions": [,]\n}\n'
    assert _errors(data) == [("line 3 column 17", "Expecting value")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            b"[1, 2]",
            [("top level", "Expected a bank object {format, questions, …}, got a list.")],
            id="top-level-list",
        ),
        pytest.param(
            _json(format="moodle.xml"),
            [("format", "Unknown format 'moodle.xml'; expected \"quizapp.bank.v1\".")],
            id="unknown-format",
        ),
        pytest.param(
            json.dumps({"questions": [GOOD_QUESTION]}).encode(),
            [("format", 'Missing; a bank file says "format": "quizapp.bank.v1".')],
            id="missing-format",
        ),
        pytest.param(
            _json(questions={"q1": GOOD_QUESTION}),
            [("questions", "Expected a list of questions, got an object.")],
            id="questions-not-a-list",
        ),
        pytest.param(
            _json(questions=["q1"]),
            [("questions[0]", "Expected a question object, got text.")],
            id="question-not-an-object",
        ),
        pytest.param(
            _json(author="me"),
            [("author", "Unknown field; expected format, passage, set, questions.")],
            id="unknown-top-level-key",
        ),
        pytest.param(
            _json(questions=[]), [("questions", "The bank has no questions.")], id="no-questions"
        ),
        pytest.param(
            b'{"format": "quizapp.bank.v1", "questions": [{"type": "numeric", '
            b'"prompt": {"en": "x"}, "value": NaN}]}',
            [("top level", "NaN is not a valid JSON number.")],
            id="nan",
        ),
    ],
)
def test_json_structure_errors(data, expected):
    assert _errors(data) == expected


def test_wrong_field_types_are_all_reported_with_paths():
    questions = [
        GOOD_QUESTION,
        {"type": 5, "prompt": ["x"], "evidence": "p1s1", "points": "2", "skill": 3},
        {
            "id": True,
            "type": "mcq",
            "prompt": {"en": "Q", "fr": "Q"},
            "explanation": 7,
            "options": [{"en": "a", "correct": "yes"}, {"en": "b", "correct": False}],
        },
    ]
    assert _errors(_json(questions=questions, passage=12, set={"title": 5, "colour": "red"})) == [
        ("passage", "Expected a passage slug, got a number."),
        ("set.colour", "Unknown field; expected id, title, settings."),
        ("set.title", "Expected an object {hi, en} or text, got a number."),
        ("questions[1].type", "Expected text, got a number."),
        ("questions[1].prompt", "Expected an object {hi, en} or text, got a list."),
        ("questions[1].evidence", "Expected a list of sentence ids, got text."),
        ("questions[1].points", "Expected a number, got text."),
        ("questions[1].skill", "Expected text, got a number."),
        ("questions[2].prompt.fr", "Unknown language; expected hi or en."),
        ("questions[2].explanation", "Expected an object {hi, en} or text, got a number."),
        ("questions[2].id", "Expected text, got true/false."),
    ]


def test_value_errors_come_from_validation_with_paths():
    questions = [
        {
            "id": "q1",
            "type": "mcq",
            "prompt": {"en": " "},
            "skill": "memory",
            "points": 0,
            "evidence": ["s1"],
            "options": [{"en": "a", "correct": True}, {"en": "b", "correct": 1}],
        },
        {"id": "q2", "type": "essay", "prompt": "Write."},
    ]
    errors = _errors(_json(questions=questions))
    assert errors == [
        ("questions[0].prompt", "Give the text in Hindi (hi), English (en) or both."),
        (
            "questions[0].skill",
            "Unknown skill 'memory'; expected one of vocabulary, literal, "
            "inference, main_idea, translation.",
        ),
        ("questions[0].points", "Points must be a number greater than 0."),
        ("questions[0].evidence[0]", "'s1' is not a sentence id like 'p1s1'."),
        ("questions[0].options[1].correct", "Expected true or false."),
        ("questions[1].type", errors[5][1]),
    ]
    assert errors[5][1].startswith("Unknown question type 'essay'")


def test_duplicate_ids():
    questions = [GOOD_QUESTION, {**GOOD_QUESTION, "prompt": {"en": "Other"}}, GOOD_QUESTION]
    assert _errors(_json(questions=questions)) == [
        ("questions[1].id", "Duplicate id 'q1' (first used at questions[0])."),
        ("questions[2].id", "Duplicate id 'q1' (first used at questions[0])."),
    ]


def test_bad_set_settings():
    bank_set = {
        "title": "T",
        "settings": {"shuffle": "yes", "attempts_allowed": 0, "feedback": "later", "colour": "red"},
    }
    assert _errors(_json(set=bank_set)) == [
        ("set.settings.shuffle", "Expected true or false, got 'yes'."),
        (
            "set.settings.attempts_allowed",
            "Expected a whole number from 1 to 10000, or null, got 0.",
        ),
        (
            "set.settings.feedback",
            "Expected one of immediate, after_submit, after_due, never, got 'later'.",
        ),
        (
            "set.settings.colour",
            "Unknown setting; expected prompt_language, shuffle, "
            "attempts_allowed, time_limit_minutes, feedback.",
        ),
    ]


def test_what_the_database_could_not_hold_is_refused_with_its_path():
    """Ids, titles and names longer than their columns, and limits beyond a database integer,
    are line-numbered errors here rather than a failed insert (a 500 on PostgreSQL)."""
    long_id = dict(GOOD_QUESTION, id="q" * 121)
    bank_set = {
        "id": "s" * 121,
        "title": {"en": "T" * 301},
        "settings": {"attempts_allowed": 10**12, "time_limit_minutes": 10_001},
    }
    assert _errors(_json(questions=[long_id], set=bank_set)) == [
        ("set.id", "An id is at most 120 characters."),
        ("set.title.en", "A title is at most 300 characters."),
        (
            "set.settings.attempts_allowed",
            f"Expected a whole number from 1 to 10000, or null, got {10**12}.",
        ),
        (
            "set.settings.time_limit_minutes",
            "Expected a whole number from 1 to 10000, or null, got 10001.",
        ),
        ("questions[0].id", "An id is at most 120 characters."),
    ]


GOOD_BEFORE = "// good questions around a bad one\n::q1::Grant is buried in Grant's tomb.{F}\n\n"
GOOD_AFTER = "\n\n::q2::Who's buried in Grant's tomb?{~Grant =no one}\n\n::q3::2 + 2 = {#4}.\n"


@pytest.mark.parametrize(
    ("bad", "line", "message"),
    [
        (
            "::bad::Where? {=here",
            4,
            "'{' is never closed: the answer block needs its '}' before the next blank line.",
        ),
        ("::bad::Where? =here}", 4, "'}' without an opening '{' (write \\} for a brace)."),
        (
            "::bad::Where? {=here {=there}}",
            4,
            "'{' inside an answer block (write \\{ for a brace).",
        ),
        (
            "::bad::Where? {=here}\nAnd? {=there}",
            5,
            "A second answer block: one question has "
            "one {…}; separate questions with a blank "
            "line.",
        ),
        (
            "::bad::Capital? {~Paris -> France =Rome}",
            4,
            "'->' is only used in matching questions ({=left -> right}).",
        ),
        (
            "::bad::Capital?\n{\n~%fifty%Paris =Rome}",
            6,
            "Unknown weight syntax '%fifty%': a "
            "weight is a percentage from -100 to 100 between % signs, like ~%50%answer (start a "
            "text with [plain] to begin it with %).",
        ),
        (
            "::bad::Capital? {~%150%Paris =Rome}",
            4,
            "Unknown weight syntax '%150%': a weight "
            "is a percentage from -100 to 100 between % signs, like ~%50%answer (start a text "
            "with [plain] to begin it with %).",
        ),
        (
            "::bad::Year? {#nineteen}",
            4,
            "'nineteen' is not a number: numeric answers are "
            "written like {#3.14}, {#3.14:0.01} (with tolerance) "
            "or {#1..5} (a range).",
        ),
        ("::bad::Year? {#5..1}", 4, "The range '5..1' runs backwards: write low..high."),
        (
            "::bad::Pairs? {=a -> b =c}",
            4,
            "A matching pair is written '=left -> right'; this one has no '->'.",
        ),
        (
            "::bad::Colour? {blue}",
            4,
            "Cannot read the answer block {blue…}: answers start "
            "with '=' (right) or '~' (wrong); true/false is {T} or "
            "{F}, numbers {#…}.",
        ),
        (
            "::bad::Colour? {=%50%blue}",
            4,
            "No answer has full credit: give at least one '=answer' without a weight.",
        ),
        (
            "::bad::Colour? {=blue =%-50%red}",
            4,
            "A typed answer's weight is from 0% to 100%, not -50% (negative weights belong to "
            "multiple-choice options).",
        ),
        (
            "::bad::Year? {#=1822\n=%-50%1900}",
            5,
            "A typed answer's weight is from 0% to 100%, not -50% (negative weights belong to "
            "multiple-choice options).",
        ),
        (
            "::bad::Year? {#=%50%1822 =%25%1821}",
            4,
            "No numeric answer has full credit: give one like {#42} or {#=42 =%50%41}.",
        ),
        (
            "::bad::Colour? {x ~blue =red}",
            4,
            "Text before the first answer ('x'): start each answer with '~' or '='.",
        ),
        (
            "::bad::Colour is {~blue ~red} today.",
            4,
            "This missing-word block has no right answer ('=').",
        ),
        (
            "::bad::Colour is {=blue|navy} today.",
            4,
            "A missing-word answer cannot contain '|': 'blue|navy'.",
        ),
        ("::bad Colour? {=blue}", 4, "The question title opened with '::' is not closed."),
    ],
)
def test_gift_syntax_error_among_good_questions_names_its_line(bad, line, message):
    text = GOOD_BEFORE + bad + GOOD_AFTER  # the bad question starts on line 4
    assert _errors(text.encode("utf-8")) == [(f"line {line}", message)]


def test_gift_reports_every_error_sorted_by_line():
    text = "Q1? {=a\n\nQ2? {~a ~b}\n\nQ3? {#x}\n\n::q1::Q4?{T}\n"
    assert _errors(text.encode()) == [
        (
            "line 1",
            "'{' is never closed: the answer block needs its '}' before the next blank line.",
        ),
        ("line 3, options", "Mark at least one option correct."),
        (
            "line 5",
            "'x' is not a number: numeric answers are written like {#3.14}, "
            "{#3.14:0.01} (with tolerance) or {#1..5} (a range).",
        ),
    ]


def test_gift_validation_errors_name_the_line_and_field():
    text = "::q1::Pick one {=a =b ~c}\n\n::q2::Matching {=x -> 1}\n"
    assert _errors(text.encode()) == [
        ("line 1, options", "Mark exactly one option correct; 0, 1 are."),
        ("line 3, pairs", "Give at least two pairs."),
    ]


def test_invalid_utf8_names_offset_and_line():
    data = "Q1? {=a}\n\nक्या? {=हाँ}\n".encode() + b"Q3 \xff\xfe {=b}\n"
    [(location, message)] = _errors(data)
    offset = data.index(b"\xff")
    assert location == "line 4"
    assert message == (
        f"Not valid UTF-8: byte 0xff at offset {offset} (line 4, byte 4 of the line); "
        "save the file as UTF-8."
    )


def test_huge_file_is_refused_before_parsing_with_the_limit():
    data = b"x" * (20 * 1024 * 1024)
    assert _errors(data) == [
        (
            "file",
            f"The file is 20.0 MB (20,971,520 bytes); bank files are limited to 5 MB "
            f"({MAX_BANK_BYTES:,} bytes).",
        )
    ]


def test_file_at_the_limit_is_parsed():
    padding = b"// padding\n" * ((MAX_BANK_BYTES - 100) // 11)
    data = padding + b"\nQ? {T}\n"
    assert len(data) <= MAX_BANK_BYTES
    assert len(load_bank(data).bank.questions) == 1


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n"], ids=["empty", "blank"])
def test_empty_file(data):
    assert _errors(data) == [("file", "The file is empty.")]


def test_comments_only_gift_has_no_questions():
    assert _errors(b"// nothing here\n") == [("questions", "The bank has no questions.")]


def test_binary_file():
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    [(location, message)] = _errors(data, "photo.gift")
    assert location == "file"
    assert message.startswith("This is a binary file, not a text bank (a NUL byte at offset 8)")


def test_binary_file_without_nul_bytes_fails_as_utf8():
    [(location, message)] = _errors(bytes(range(128, 256)) * 4)
    assert (location, message[:40]) == ("line 1", "Not valid UTF-8: byte 0x80 at offset 0 (")


def test_utf16_file():
    assert _errors("Q? {T}".encode("utf-16")) == [
        ("file", "The file is UTF-16 text; save it as UTF-8.")
    ]


def test_json_named_gift_gets_a_hint():
    errors = _errors(b'{"format": "quizapp.bank.v1", "questions": [}', "bank.gift")
    assert errors[0] == ("file", "The file was read as bank JSON because it starts with '{'.")


def test_too_many_questions(monkeypatch):
    monkeypatch.setattr(gift_parse, "MAX_QUESTIONS", 3)
    monkeypatch.setattr(json_format, "MAX_QUESTIONS", 3)
    assert _errors(b"A{T}\n\nB{T}\n\nC{T}\n\nD{T}\n\nE{T}\n") == [
        ("file", "Too many questions: a bank file holds at most 3; reading stopped at line 7.")
    ]
    assert _errors(_json(questions=[GOOD_QUESTION] * 4)) == [
        ("questions", "Too many questions (4); a bank file holds at most 3.")
    ]


def test_too_many_answers_in_one_block():
    data = ("Q? {" + " ~a" * (gift_parse.MAX_ANSWERS + 1) + " =b}").encode()
    assert _errors(data) == [("line 1", "Too many answers in one block (1,002); at most 1,000.")]


def test_oversized_spec_is_refused_without_checking_each_value():
    options = [{"en": str(i), "correct": i == 0} for i in range(validate.MAX_SPEC_VALUES)]
    question = {"type": "mcq", "prompt": "Q", "options": options}
    assert _errors(_json(questions=[question])) == [
        ("questions[0]", "The question is too large (more than 2000 options, pairs or texts).")
    ]


def test_error_list_is_capped(monkeypatch):
    monkeypatch.setattr(load, "MAX_LISTED_ERRORS", 2)
    errors = _errors(b"A{~a ~b}\n\nB{~a ~b}\n\nC{~a ~b}\n\nD{~a ~b}\n")
    assert errors == [
        ("line 1, options", "Mark at least one option correct."),
        ("line 3, options", "Mark at least one option correct."),
        ("file", "… and 2 more errors."),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9" * 5000, [("top level", "A number in the file has far too many digits.")]),
        ("1e999", [("questions[0].points", "Expected a finite number.")]),
        ("9" * 400, [("questions[0].points", "The number is too large.")]),
    ],
)
def test_huge_numbers(value, expected):
    data = b'{"format": "quizapp.bank.v1", "questions": [{"type": "true_false", "prompt": "Q", '
    data += b'"answer": true, "points": ' + value.encode() + b"}]}"
    assert _errors(data) == expected
