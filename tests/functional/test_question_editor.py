"""The question editor, the set builder and drafts from a passage, as a browser without
JavaScript uses them: every form is read back from the page and posted as a browser would.

Round trips for every question type (new form → fields → the stored bank JSON → the edit form
shows it → posted unchanged → nothing changes), errors placed on the field they belong to and
nothing stored, the "try an answer" box graded by the grader attempts use, delete / archive,
duplicate, the set builder and the drafts page."""

import re
from html.parser import HTMLParser

import pytest
from werkzeug.datastructures import MultiDict

from quizapp.attempts.services import read_attempt
from quizapp.authoring import editor, services
from quizapp.authoring.editor_forms import FORMS
from quizapp.core.grading import QUESTION_TYPES, get_type
from quizapp.core.grading import registry as grading_registry
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet
from tests.conftest import SLUG, sign_in
from tests.functional.test_quiz_pages import _start, _token

# ---- Reading a page's form as a browser would send it ------------------------------------------


class _FormReader(HTMLParser):
    """The fields of one form, as a browser submits it (no button, nothing disabled)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fieldsets = form_id, False, []
        self.fields: list[tuple[str, str]] = []
        self.textarea: list | None = None
        self.select: dict | None = None
        self.option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            return
        if not self.inside:
            return
        if tag == "fieldset":
            self.fieldsets.append("disabled" in a)
        if any(self.fieldsets) or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.fields.append((name, a.get("value", default)))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in a, "chosen": [], "first": None}
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "text": "", "selected": "selected" in a}

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "form":
            self.inside = False
        elif tag == "fieldset" and self.fieldsets:
            self.fieldsets.pop()
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            text = text.replace("\r\n", "\n")  # as an HTML parser reads it
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value = (
                self.option["value"] if self.option["value"] is not None else self.option["text"]
            )
            if self.select["first"] is None:
                self.select["first"] = value
            if self.option["selected"]:
                self.select["chosen"].append(value)
            self.option = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            self.fields.extend((self.select["name"], v) for v in chosen)
            self.select = None


def form_fields(html: str, form_id: str = "editor") -> MultiDict:
    """The fields the form ``form_id`` of ``html`` sends (as a browser would, no button)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return MultiDict(reader.fields)


def filled(fields: MultiDict, changes: dict) -> MultiDict:
    """``fields`` with each name in ``changes`` set (a list for several values; None drops)."""
    out = MultiDict(fields)
    for name, value in changes.items():
        out.poplist(name)
        for v in value if isinstance(value, list) else [value]:
            if v is not None:
                out.add(name, v)
    return out


def post(client, url: str, fields: MultiDict, action: str | None = "save", **extra):
    data = MultiDict(fields)
    if action is not None:
        data.setlist("action", [action])
    for name, value in extra.items():
        data.setlist(name, [value])
    return client.post(url, data=data)


def _page(response) -> str:
    return response.get_data(as_text=True)


def _stored(app, question_id: int) -> dict:
    with app.app_context():
        data = services.question_json(db.session.get(Question, question_id))
    data.pop("id")
    return data


def _question_id(response) -> int:
    assert response.status_code == 302, _page(response)[-2000:]
    return int(re.fullmatch(r"/teach/questions/(\d+)", response.location).group(1))


@pytest.fixture
def teacher(app, client, make_user):
    user = make_user("tara", role="teacher")
    sign_in(client, user)
    return user


def _new(client, qtype: str, passage: str | None = SLUG):
    query = f"?type={qtype}" + (f"&passage={passage}" if passage else "")
    response = client.get("/teach/questions/new" + query)
    assert response.status_code == 200
    return form_fields(_page(response))


# ---- Round trips, every type -------------------------------------------------------------------

#: (type, fields typed into the new form, the bank JSON stored).
ROUND_TRIPS = [
    (
        "mcq",
        {
            "prompt-hi": "मुलाकात कहाँ हुई?",
            "prompt-en": "Where did they meet?",
            "options-0-hi": "मास्को",
            "options-0-en": "Moscow",
            "options-1-en": "Reykjavik",
            "options-1-feedback-en": "Yes: at the Arctic Council.",
            "options-2-en": "Reykjavík airport",
            "options-2-weight": "50",
            "correct_option": "1",
            "fixed_order": "y",
            "explanation-en": "The first sentence says so.",
            "evidence": ["p1s1"],
            "skill": "literal",
            "points": "2",
        },
        {
            "type": "mcq",
            "skill": "literal",
            "points": 2,
            "prompt": {"hi": "मुलाकात कहाँ हुई?", "en": "Where did they meet?"},
            "options": [
                {"hi": "मास्को", "en": "Moscow", "correct": False},
                {
                    "en": "Reykjavik",
                    "correct": True,
                    "feedback": {"en": "Yes: at the Arctic Council."},
                },
                {"en": "Reykjavík airport", "correct": False, "weight": 50},
            ],
            "fixed_order": True,
            "explanation": {"en": "The first sentence says so."},
            "evidence": ["p1s1"],
        },
    ),
    (
        "multi",
        {
            "prompt-en": "Who met?",
            "options-0-en": "Blinken",
            "options-0-correct": "y",
            "options-1-en": "Lavrov",
            "options-1-correct": "y",
            "options-3-en": "Putin",
        },
        {
            "type": "multi",
            "prompt": {"en": "Who met?"},
            "options": [
                {"en": "Blinken", "correct": True},
                {"en": "Lavrov", "correct": True},
                {"en": "Putin", "correct": False},
            ],
        },
    ),
    (
        "true_false",
        {
            "prompt-hi": "बैठक मास्को में हुई।",
            "truth": "false",
            "feedback-true-en": "No: it was in Reykjavik.",
            "feedback-false-hi": "सही: रिक्जेविक में।",
        },
        {
            "type": "true_false",
            "prompt": {"hi": "बैठक मास्को में हुई।"},
            "answer": False,
            "feedback": {
                "true": {"en": "No: it was in Reykjavik."},
                "false": {"hi": "सही: रिक्जेविक में।"},
            },
        },
    ),
    (
        "numeric",
        {
            "prompt-en": "How many companies?",
            "answers-0-value": "8",
            "answers-0-tolerance": "0",
            "unit-hi": "कंपनियाँ",
            "unit-en": "companies",
        },
        {
            "type": "numeric",
            "prompt": {"en": "How many companies?"},
            "value": 8,
            "tolerance": 0,
            "unit": {"hi": "कंपनियाँ", "en": "companies"},
        },
    ),
    (
        "short_answer",
        {
            "prompt-en": "In which city did they meet?",
            "accept-hi-0-text": "रिक्जेविक",
            "accept-hi-1-text": "रेक्याविक",
            "accept-en-0-text": "Reykjavik",
            "accept-en-1-text": "Iceland",
            "accept-en-1-credit": "0.5",
            "accept-en-1-feedback-en": "The country; which city?",
            "near_miss_credit": "0.5",
            "tolerant": None,
        },
        {
            "type": "short_answer",
            "prompt": {"en": "In which city did they meet?"},
            "accept": {
                "hi": ["रिक्जेविक", "रेक्याविक"],
                "en": [
                    "Reykjavik",
                    {
                        "text": "Iceland",
                        "credit": 0.5,
                        "feedback": {"en": "The country; which city?"},
                    },
                ],
            },
            "near_miss_credit": 0.5,
            "tolerant": False,
        },
    ),
    (
        "cloze",
        {
            "prompt-en": "Fill in the blanks.",
            "text_lang": "en",
            "text": "They met in {{Reykjavik|Reykjavík}} on {{Wednesday}}.",
            "choices-0": "",
            "choices-1": "Monday\r\nWednesday\r\nFriday",
            "near_miss_credit": "0.5",
        },
        {
            "type": "cloze",
            "prompt": {"en": "Fill in the blanks."},
            "text": {"en": "They met in {{Reykjavik|Reykjavík}} on {{Wednesday}}."},
            "choices": [None, ["Monday", "Wednesday", "Friday"]],
            "near_miss_credit": 0.5,
        },
    ),
    (
        "matching",
        {
            "prompt-en": "Match the words.",
            "pairs-0-left-hi": "प्रतिबंध",
            "pairs-0-right-en": "sanction",
            "pairs-1-left-hi": "निष्कासन",
            "pairs-1-right-en": "expulsion",
            "pairs-3-left-hi": "एंटनी ब्लिंकन",
            "pairs-3-left-en": "Antony Blinken",
            "pairs-3-right-en": "US Secretary of State",
        },
        {
            "type": "matching",
            "prompt": {"en": "Match the words."},
            "pairs": [
                {"left": "प्रतिबंध", "right": "sanction"},
                {"left": "निष्कासन", "right": "expulsion"},
                {
                    "left": {"hi": "एंटनी ब्लिंकन", "en": "Antony Blinken"},
                    "right": "US Secretary of State",
                },
            ],
        },
    ),
    (
        "ordering",
        {
            "prompt-en": "Put the events in order.",
            "items-0-hi": "बाइडेन राष्ट्रपति बने",
            "items-0-en": "Biden took office",
            "items-1-en": "New sanctions",
            "items-2-en": "The meeting in Reykjavik",
        },
        {
            "type": "ordering",
            "prompt": {"en": "Put the events in order."},
            "items": [
                {"hi": "बाइडेन राष्ट्रपति बने", "en": "Biden took office"},
                "New sanctions",
                "The meeting in Reykjavik",
            ],
        },
    ),
    (
        "translation",
        {
            "prompt-en": "Translate into English.",
            "source_lang": "hi",
            "source": "हम रूस के साथ एक स्थिर संबंध चाहते हैं।",
            "references-0": "We want a stable relationship with Russia.",
            "references-1": "We want stable relations with Russia.",
            "skill": "translation",
        },
        {
            "type": "translation",
            "skill": "translation",
            "prompt": {"en": "Translate into English."},
            "source": {"hi": "हम रूस के साथ एक स्थिर संबंध चाहते हैं।"},
            "references": {
                "en": [
                    "We want a stable relationship with Russia.",
                    "We want stable relations with Russia.",
                ]
            },
        },
    ),
]


def test_every_type_has_a_form_and_a_label():
    assert set(FORMS) == set(QUESTION_TYPES) == set(editor.TYPE_LABELS) == set(editor.TYPE_HINTS)
    assert list(editor.TYPE_LABELS) == list(QUESTION_TYPES)  # menus list them in registry order


@pytest.mark.parametrize(
    ("qtype", "typed", "expected"), ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS]
)
def test_round_trip(app, client, teacher, qtype, typed, expected):
    response = post(client, "/teach/questions/new", filled(_new(client, qtype), typed))
    question_id = _question_id(response)
    assert _stored(app, question_id) == expected
    with app.app_context():
        question = db.session.get(Question, question_id)
        assert (question.status, question.owner_id) == ("draft", teacher.id)
        assert question.passage.slug == SLUG
        stamp = question.updated_at

    # The edit form shows what was typed (rows left empty were dropped, so later rows moved up).
    page = _page(client.get(f"/teach/questions/{question_id}"))
    shown = form_fields(page)
    for value in (
        v
        for values in typed.values()
        if values
        for v in (values if isinstance(values, list) else [values])
    ):
        assert value.replace("\r\n", "\n") in shown.values() or value == "y", value

    # Posted unchanged: nothing changes, not even the time it was last changed.
    response = post(client, f"/teach/questions/{question_id}", shown)
    assert _question_id(response) == question_id
    assert _stored(app, question_id) == expected
    with app.app_context():
        assert db.session.get(Question, question_id).updated_at == stamp


def test_several_numeric_answers_via_add_row(app, client, teacher):
    fields = filled(_new(client, "numeric"), {"prompt-en": "When was the pipeline deal signed?"})
    page = _page(post(client, "/teach/questions/new", fields, action="add-answers"))
    assert 'name="answers-1-value"' in page  # a second row, nothing stored yet
    fields = filled(
        form_fields(page),
        {
            "answers-0-value": "1822",
            "answers-1-value": "1822",
            "answers-1-tolerance": "2",
            "answers-1-credit": "0.5",
            "answers-1-feedback-en": "Close.",
        },
    )
    question_id = _question_id(post(client, "/teach/questions/new", fields))
    assert _stored(app, question_id)["answers"] == [
        {"value": 1822},
        {"value": 1822, "tolerance": 2, "credit": 0.5, "feedback": {"en": "Close."}},
    ]
    shown = form_fields(_page(client.get(f"/teach/questions/{question_id}")))
    assert shown["several"] == "1"
    before = _stored(app, question_id)
    assert _question_id(post(client, f"/teach/questions/{question_id}", shown)) == question_id
    assert _stored(app, question_id) == before


def test_every_seeded_question_survives_its_edit_form_unchanged(app, client, make_user):
    admin = make_user(
        "ada", role="admin"
    )  # the shipped questions are the system's: admins edit them
    sign_in(client, admin)
    with app.app_context():
        ids = [q.id for q in db.session.query(Question).order_by(Question.id)]
        before = {qid: (_stored(app, qid), db.session.get(Question, qid).updated_at) for qid in ids}
    assert len(ids) >= 40
    for question_id in ids:
        shown = form_fields(_page(client.get(f"/teach/questions/{question_id}")))
        response = post(client, f"/teach/questions/{question_id}", shown)
        assert response.status_code == 302, (question_id, _page(response)[-1500:])
    with app.app_context():
        after = {qid: (_stored(app, qid), db.session.get(Question, qid).updated_at) for qid in ids}
    assert after == before


def test_unticking_a_switch_is_saved(app, client, teacher):
    typed = {
        "prompt-en": "Pick one.",
        "options-0-en": "a",
        "options-1-en": "b",
        "correct_option": "0",
    }
    question_id = _question_id(
        post(
            client,
            "/teach/questions/new",
            filled(_new(client, "mcq"), {**typed, "fixed_order": "y"}),
        )
    )
    shown = form_fields(_page(client.get(f"/teach/questions/{question_id}")))
    assert shown["fixed_order"] == "y"
    post(client, f"/teach/questions/{question_id}", filled(shown, {"fixed_order": None}))
    assert _stored(app, question_id).get("fixed_order", False) is False
    assert "fixed_order" not in form_fields(_page(client.get(f"/teach/questions/{question_id}")))


# ---- Errors ------------------------------------------------------------------------------------


def _count(app) -> int:
    with app.app_context():
        return db.session.query(Question).count()


@pytest.mark.parametrize("language", ["en", "hi"])
def test_errors_are_shown_on_their_fields_and_nothing_is_stored(app, client, teacher, language):
    client.get(f"/language/{language}?next=/")
    before = _count(app)
    fields = filled(
        _new(client, "mcq"),
        {"prompt-en": "Pick one.", "options-0-en": "a", "options-2-en": "b", "points": "lots"},
    )
    response = post(client, "/teach/questions/new", fields)
    page = _page(response)
    assert response.status_code == 422
    assert _count(app) == before
    assert f'<html lang="{language}">' in page
    alert = page[page.index('id="editor-errors"') :]
    # The validator's own words, in the interface language.
    expected = {"en": "Mark exactly one option correct", "hi": "ठीक एक विकल्प को सही चिह्नित करें"}
    assert expected[language] in alert
    assert 'href="#options"' in alert and 'href="#points"' in alert
    # Inline: the message under its field, tied to it; the typed text is kept.
    assert re.search(
        r'id="points"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="points"', page
    )
    assert 'id="points-error"' in page and 'id="options-error"' in page
    assert form_fields(page)["options-2-en"] == "b"
    if language == "hi":
        assert "व्याख्या" in page  # the page around it is in Hindi
        assert "Mark exactly one" not in page


#: One spec problem per question type, with the core validator's message in each language.
HINDI_ERRORS = [
    ("mcq", {"prompt-en": "Pick.", "options-0-en": "a", "options-1-en": "a"}, "options-1",
     "Same text as options[0].", "options[0] जैसा ही टेक्स्ट।"),
    ("multi", {"prompt-en": "Pick.", "options-0-en": "a", "options-1-en": "b"}, None,
     "Mark at least one option correct.", "कम से कम एक विकल्प को सही चिह्नित करें।"),
    ("cloze", {"prompt-en": "Fill.", "text": "No blank here."}, "text",
     "Put at least one blank in the text", "टेक्स्ट में कम से कम एक रिक्त स्थान रखें"),
    ("ordering", {"prompt-en": "Order.", "items-0-en": "one"}, None,
     "Give at least two items.", "कम से कम दो चीज़ें दें।"),
    ("matching", {"prompt-en": "Match.", "pairs-0-left-en": "a", "pairs-0-right-en": "b"}, None,
     "Give at least two pairs.", "कम से कम दो जोड़ियाँ दें।"),
]  # fmt: skip


@pytest.mark.parametrize(("qtype", "changes", "field", "english", "hindi"), HINDI_ERRORS)
def test_validator_messages_follow_the_interface_language(
    app, client, teacher, qtype, changes, field, english, hindi
):
    for language, words, other in (("en", english, hindi), ("hi", hindi, english)):
        client.get(f"/language/{language}?next=/")
        fields = filled(_new(client, qtype), changes)
        response = post(client, "/teach/questions/new", fields)
        page = _page(response)
        assert response.status_code == 422, page
        assert words in page and other not in page
        assert field is None or f'id="{field}-error"' in page, re.findall(r'id="[^"]*-error"', page)


def test_an_error_lands_on_the_row_it_was_typed_in(app, client, teacher):
    # Rows 0 and 3 hold options; the validator reports options[1] (the second kept one).
    fields = filled(
        _new(client, "mcq"),
        {
            "prompt-en": "Pick one.",
            "options-0-en": "same",
            "options-3-en": "Same",
            "correct_option": "0",
        },
    )
    page = _page(post(client, "/teach/questions/new", fields))
    assert 'id="options-3-error"' in page or 'id="options-3-en-error"' in page
    assert 'id="options-1-error"' not in page


def test_evidence_must_be_a_sentence_of_the_passage(app, client, teacher):
    fields = filled(
        _new(client, "true_false"),
        {"prompt-en": "True?", "truth": "true", "evidence": ["p1s1", "p99s9"]},
    )
    response = post(client, "/teach/questions/new", fields)
    assert response.status_code == 422
    assert 'id="evidence-error"' in _page(response)


def test_numbers_that_are_not_numbers(app, client, teacher):
    fields = filled(
        _new(client, "numeric"), {"prompt-en": "How many?", "answers-0-value": "eight-ish"}
    )
    page = _page(post(client, "/teach/questions/new", fields))
    assert 'id="answers-0-value-error"' in page
    assert "Expected a number." in page
    # Devanagari digits are numbers.
    fields = filled(fields, {"answers-0-value": "१८२२", "answers-0-tolerance": "०.५"})
    question_id = _question_id(post(client, "/teach/questions/new", fields))
    stored = _stored(app, question_id)
    assert (stored["value"], stored["tolerance"]) == (1822, 0.5)


# ---- Rows without JavaScript --------------------------------------------------------------------


def test_rows_are_added_and_moved_with_buttons(app, client, teacher):
    fields = filled(
        _new(client, "ordering"),
        {"prompt-en": "Order.", "items-0-en": "one", "items-1-en": "three", "items-2-en": "two"},
    )
    page = _page(post(client, "/teach/questions/new", fields, action="down-items-1"))
    moved = form_fields(page)
    assert [moved[f"items-{i}-en"] for i in range(3)] == ["one", "two", "three"]
    page = _page(post(client, "/teach/questions/new", moved, action="add-items"))
    assert 'name="items-4-en"' in page
    assert _count(app) == _count(app)  # nothing stored by either button
    question_id = _question_id(post(client, "/teach/questions/new", form_fields(page)))
    assert _stored(app, question_id)["items"] == ["one", "two", "three"]


def test_the_correct_option_moves_with_its_row(app, client, teacher):
    fields = filled(
        _new(client, "mcq"),
        {"prompt-en": "Pick.", "options-0-en": "a", "options-1-en": "b", "correct_option": "1"},
    )
    moved = form_fields(_page(post(client, "/teach/questions/new", fields, action="up-options-1")))
    assert (moved["options-0-en"], moved["correct_option"]) == ("b", "0")


# ---- Trying an answer --------------------------------------------------------------------------


def _mcq(client, **extra) -> int:
    fields = filled(
        _new(client, "mcq"),
        {
            "prompt-en": "Where?",
            "options-0-en": "Moscow",
            "options-1-en": "Reykjavik",
            "options-1-feedback-en": "Yes.",
            "options-2-en": "Oslo",
            "options-2-weight": "50",
            "correct_option": "1",
            **extra,
        },
    )
    return _question_id(post(client, "/teach/questions/new", fields))


def test_an_unsaved_question_can_be_tried_and_nothing_is_stored(app, client, teacher):
    before = _count(app)
    fields = filled(
        _new(client, "short_answer"),
        {"prompt-en": "Where did they meet?", "accept-en-0-text": "Reykjavik"},
    )
    page = _page(post(client, "/teach/questions/new", fields, action="preview"))
    assert 'name="answer"' in page  # the learner's answer box appears
    page = _page(
        post(client, "/teach/questions/new", form_fields(page), action="preview", answer="Reykjavk")
    )
    result = page[page.index('id="preview-result"') :]
    assert "Almost — check the spelling." in result and "लगभग सही — वर्तनी जाँचें।" in result
    assert "Near miss" in result
    assert _count(app) == before


def test_preview_and_attempts_share_one_grader(app, client, teacher, monkeypatch):
    """The box calls the registry's grader, which calls the type's grade method: the very
    method an attempt's save and submit call. Spied on, and the results compared with an
    attempt's stored result for the same answer."""
    question_id = _mcq(client)
    calls = []
    real = type(get_type("mcq")).grade

    def spy(self, spec, answer):
        calls.append(answer)
        return real(self, spec, answer)

    monkeypatch.setattr(type(get_type("mcq")), "grade", spy)
    via_registry = []
    real_grade = grading_registry.grade
    monkeypatch.setattr(
        grading_registry, "grade", lambda *a: via_registry.append(a) or real_grade(*a)
    )
    shown = form_fields(_page(client.get(f"/teach/questions/{question_id}")))
    response = client.post(
        "/teach/questions/preview",
        data=filled(shown, {"answer": "2", "action": "preview"}),
        headers={"Accept": "application/json"},
    )
    preview = response.get_json()["result"]
    assert calls == [2] and len(via_registry) == 1
    assert preview["score"] == 0.5 and preview["correct"] is False

    # The same answer in a real attempt at a set holding the question.
    with app.app_context():
        qs = services.create_set(teacher, {"en": "Try"}, SLUG, [question_id], {})
        services.update_set(teacher, qs.id, {"status": "published"})
        set_id = qs.id
    attempt_id = _start(client, set_id)
    client.post(
        f"/attempts/{attempt_id}/answers/{question_id}",
        json={"answer": 2},
        headers={"X-CSRFToken": _token(client, f"/attempts/{attempt_id}")},
    )
    assert calls == [2, 2]
    with app.app_context():
        stored = read_attempt(attempt_id).answers[question_id].result
    assert stored == {
        "score": preview["score"],
        "correct": preview["correct"],
        "near_miss": preview["near_miss"],
        "feedback": preview["feedback"],
    }


def test_the_box_shows_the_graders_feedback_in_both_languages(app, client, teacher):
    question_id = _mcq(client)
    shown = form_fields(_page(client.get(f"/teach/questions/{question_id}")))
    page = _page(
        post(client, f"/teach/questions/{question_id}", shown, action="preview", answer="1")
    )
    result = page[page.index('id="preview-result"') :]
    assert "Correct!" in result and "सही उत्तर!" in result and "Yes." in result
    assert "100%" in result
    assert (
        _page(client.post("/teach/questions/preview", data=filled(shown, {"answer": "1"}))).count(
            "सही उत्तर!"
        )
        == 1
    )  # the fragment editor.js swaps in


def test_an_ordering_answer_is_moved_and_graded_like_the_quiz(app, client, teacher):
    fields = filled(
        _new(client, "ordering"),
        {"prompt-en": "Order.", "items-0-en": "one", "items-1-en": "two", "items-2-en": "three"},
    )
    page = _page(post(client, "/teach/questions/new", fields, action="preview"))
    shown = form_fields(page)
    assert shown.getlist("item") == ["0", "1", "2"]  # indices into the order shown
    texts = re.findall(r'class="order__text"><span[^>]*>(\w+)<', page)
    assert sorted(texts) == ["one", "three", "two"] and texts != ["one", "two", "three"]  # shuffled
    page = _page(post(client, "/teach/questions/new", shown, action=None, move="up-1"))
    assert form_fields(page).getlist("item") == ["1", "0", "2"]
    right = [str(texts.index(t)) for t in ("one", "two", "three")]  # the right order, as shown
    page = _page(post(client, "/teach/questions/new", filled(shown, {"item": right}), "preview"))
    result = page[page.index('id="preview-result"') :]
    assert "Correct!" in result and "100%" in result


# ---- Others' questions, delete, duplicate ------------------------------------------------------


def test_another_teachers_draft_is_not_found_and_a_published_one_is_read_only(
    app, client, teacher, make_user
):
    question_id = _mcq(client)
    other = app.test_client()
    sign_in(other, make_user("olu", role="teacher"))
    assert other.get(f"/teach/questions/{question_id}").status_code == 404
    assert other.get(f"/teach/questions/{question_id}/delete").status_code == 404
    seeded = _seeded_question(app)
    page = _page(other.get(f"/teach/questions/{seeded}"))
    assert '<fieldset class="editor__fields" disabled>' in page
    token = _token(other)
    assert (
        other.post(
            f"/teach/questions/{seeded}", data={"csrf_token": token, "action": "save"}
        ).status_code
        == 403
    )
    tried = other.post(
        f"/teach/questions/{seeded}",
        data={"csrf_token": token, "action": "preview", "question": str(seeded)},
    )
    assert tried.status_code == 200 and 'id="preview-result"' in _page(tried)
    assert other.get(f"/teach/questions/{seeded}/delete").status_code == 403


def _seeded_question(app, qtype: str = "mcq") -> int:
    with app.app_context():
        return db.session.query(Question).filter_by(type=qtype, status="published").first().id


def test_delete_an_unanswered_question(app, client, teacher):
    question_id = _mcq(client)
    page = _page(client.get(f"/teach/questions/{question_id}/delete"))
    response = client.post(
        f"/teach/questions/{question_id}/delete", data={"csrf_token": _token(client)}
    )
    assert response.status_code == 302
    assert "The question was deleted." in _page(client.get(response.location))
    with app.app_context():
        assert db.session.get(Question, question_id) is None
    assert "archived" in page  # the page warns before


def test_an_answered_question_is_archived_and_says_so(app, client, teacher):
    question_id = _mcq(client)
    with app.app_context():
        qs = services.create_set(teacher, {"en": "Answered"}, SLUG, [question_id], {})
        services.update_set(teacher, qs.id, {"status": "published"})
        set_id = qs.id
    attempt_id = _start(client, set_id)
    client.post(
        f"/attempts/{attempt_id}/answers/{question_id}",
        data={"csrf_token": _token(client), "answer": "1"},
    )
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": _token(client)})
    response = client.post(
        f"/teach/questions/{question_id}/delete", data={"csrf_token": _token(client)}
    )
    page = _page(client.get(response.location))
    assert "archived rather than deleted" in page
    with app.app_context():
        assert db.session.get(Question, question_id).status == "archived"
    edit = _page(client.get(f"/teach/questions/{question_id}"))
    assert "This question is archived" in edit and "disabled" in edit


def test_duplicate(app, client, teacher):
    question_id = _mcq(client)
    response = client.post(
        f"/teach/questions/{question_id}/copy", data={"csrf_token": _token(client)}
    )
    copy_id = _question_id(response)
    assert copy_id != question_id
    assert _stored(app, copy_id) == _stored(app, question_id)
    with app.app_context():
        copy = db.session.get(Question, copy_id)
        assert (copy.origin_id, copy.owner_id, copy.status) == (question_id, teacher.id, "draft")
    # Another teacher's published question can be duplicated too, and the copy edited.
    seeded = _seeded_question(app, "numeric")
    copy_id = _question_id(
        client.post(f"/teach/questions/{seeded}/copy", data={"csrf_token": _token(client)})
    )
    assert (
        "disabled"
        not in _page(client.get(f"/teach/questions/{copy_id}")).split('class="editor__fields"')[1][
            :20
        ]
    )


def test_question_list(app, client, teacher):
    question_id = _mcq(client)
    page = _page(client.get(f"/teach/questions?passage={SLUG}"))
    assert f'href="/teach/questions/{question_id}"' in page
    assert "Multiple choice (one answer)" in page
    assert client.get("/teach/questions?passage=no-such-passage").status_code == 404


# ---- Set builder -------------------------------------------------------------------------------


def _builder(client, url: str = "/teach/sets/new") -> MultiDict:
    response = client.get(url)
    assert response.status_code == 200
    return form_fields(_page(response), "set-builder")


def test_set_builder_create_reorder_settings_publish(app, client, teacher):
    first, second = _mcq(client), _mcq(client, **{"prompt-en": "Second?"})
    fields = filled(_builder(client, f"/teach/sets/new?passage={SLUG}"), {"f_passage": SLUG})
    page = _page(post(client, "/teach/sets/new", fields, action="filter"))
    shown = form_fields(page, "set-builder")
    assert f'value="{first}"' in page and f'value="{second}"' in page
    page = _page(
        post(
            client,
            "/teach/sets/new",
            filled(shown, {"add": [str(first), str(second)]}),
            action="add",
        )
    )
    shown = form_fields(page, "set-builder")
    assert shown.getlist("question_ids") == [str(first), str(second)]
    assert "Changes are not saved yet" in page
    shown = form_fields(
        _page(post(client, "/teach/sets/new", shown, action="down-0")), "set-builder"
    )
    assert shown.getlist("question_ids") == [str(second), str(first)]
    shown = filled(
        shown,
        {
            "title_en": "Where they met",
            "title_hi": "मुलाकात",
            "prompt_language": "en",
            "one_per_page": "1",
            "shuffle": "y",
            "shuffle_options": None,
            "attempts_allowed": "3",
            "time_limit_minutes": "",
            "feedback": "never",
            "feedback_detail": "answers",
        },
    )
    response = post(client, "/teach/sets/new", shown)
    assert response.status_code == 302
    set_id = int(response.location.rsplit("/", 1)[1])
    with app.app_context():
        qs = db.session.get(QuestionSet, set_id)
        assert [i.question_id for i in qs.items] == [second, first]
        assert services.set_settings(qs) == {
            "prompt_language": "en",
            "shuffle": True,
            "shuffle_options": False,
            "one_per_page": True,
            "attempts_allowed": 3,
            "time_limit_minutes": None,
            "feedback": "never",
            "feedback_detail": "answers",
        }
        assert (qs.status, qs.title_hi, qs.passage.slug) == ("draft", "मुलाकात", SLUG)

    # The saved page shows the same; remove one, publish.
    shown = _builder(client, f"/teach/sets/{set_id}")
    assert shown.getlist("question_ids") == [str(second), str(first)]
    assert (shown["one_per_page"], shown["feedback_detail"], shown["attempts_allowed"]) == (
        "1",
        "answers",
        "3",
    )
    shown = form_fields(
        _page(post(client, f"/teach/sets/{set_id}", shown, action="remove-1")), "set-builder"
    )
    response = post(client, f"/teach/sets/{set_id}", shown, action="publish")
    assert response.status_code == 302
    assert "Published" in _page(client.get(response.location))
    with app.app_context():
        qs = db.session.get(QuestionSet, set_id)
        assert qs.status == "published" and [i.question_id for i in qs.items] == [second]
        assert db.session.get(Question, second).status == "published"
    assert client.get(f"/sets/{set_id}").status_code == 200  # "preview as a learner"
    response = post(
        client,
        f"/teach/sets/{set_id}",
        _builder(client, f"/teach/sets/{set_id}"),
        action="unpublish",
    )
    with app.app_context():
        assert db.session.get(QuestionSet, set_id).status == "draft"


def test_set_builder_errors_keep_everything_and_store_nothing(app, client, teacher):
    question_id = _mcq(client)
    fields = filled(
        _builder(client),
        {"question_ids": [str(question_id)], "attempts_allowed": "many", "title_en": ""},
    )
    with app.app_context():
        before = db.session.query(QuestionSet).count()
    response = post(client, "/teach/sets/new", fields)
    assert response.status_code == 422
    page = _page(response)
    assert 'id="attempts_allowed-error"' in page
    assert form_fields(page, "set-builder").getlist("question_ids") == [str(question_id)]
    response = post(client, "/teach/sets/new", filled(fields, {"attempts_allowed": ""}))
    assert response.status_code == 422 and 'id="title_hi-error"' in _page(response)  # no title
    with app.app_context():
        assert db.session.query(QuestionSet).count() == before


def test_another_teachers_draft_set_is_not_found_and_a_published_one_read_only(
    app, client, teacher, make_user
):
    question_id = _mcq(client)
    with app.app_context():
        set_id = services.create_set(teacher, {"en": "Mine"}, SLUG, [question_id], {}).id
        seeded = db.session.query(QuestionSet).filter_by(status="published").first().id
    other = app.test_client()
    sign_in(other, make_user("olu", role="teacher"))
    assert other.get(f"/teach/sets/{set_id}").status_code == 404
    page = _page(other.get(f"/teach/sets/{seeded}"))
    assert '<fieldset class="editor__fields" disabled>' in page
    assert (
        other.post(
            f"/teach/sets/{seeded}", data={"csrf_token": _token(other), "action": "save"}
        ).status_code
        == 403
    )


# ---- Drafts from a passage ---------------------------------------------------------------------


def test_drafts_keep_some_and_drop_the_rest(app, client, teacher):
    page = _page(client.get(f"/teach/passages/{SLUG}/drafts"))
    fields = form_fields(page, "drafts")
    kept = fields.getlist("keep")
    assert len(kept) >= 3 and kept == [str(i) for i in range(len(kept))]  # all ticked at first
    with app.app_context():
        proposed = services.propose_drafts(teacher, SLUG)
    before = _count(app)
    response = client.post(
        f"/teach/passages/{SLUG}/drafts", data=filled(fields, {"keep": ["0", "2"]})
    )
    assert response.status_code == 302 and response.location.startswith("/teach/questions")
    assert "2 questions were created as drafts." in _page(client.get(response.location))
    assert _count(app) == before + 2
    with app.app_context():
        mine = services.list_own_questions(teacher)
        made = [services.question_json(q) for q in mine]
        assert all(q.status == "draft" for q in mine)
    for made_one, draft in zip(made, [proposed[0], proposed[2]], strict=True):
        made_one.pop("id")
        assert made_one == {k: v for k, v in draft.items() if k != "id" and (k, v) != ("points", 1)}


def test_drafts_of_a_changed_passage_are_not_created_blindly(app, client, teacher):
    fields = form_fields(_page(client.get(f"/teach/passages/{SLUG}/drafts")), "drafts")
    before = _count(app)
    response = client.post(
        f"/teach/passages/{SLUG}/drafts", data=filled(fields, {"digest": "stale"})
    )
    assert response.status_code == 200 and "The passage changed" in _page(response)
    assert _count(app) == before


def test_a_change_can_drop_a_unit_and_turn_one_value_into_several(app, client, teacher):
    """The editor sends a merge patch: a field the form leaves out is removed (null), so a
    unit can go and a single value can become several answers with their own credit."""
    typed = {"prompt-en": "How many?", "answers-0-value": "8", "unit-en": "companies"}
    question_id = _question_id(
        post(client, "/teach/questions/new", filled(_new(client, "numeric"), typed))
    )
    shown = form_fields(_page(client.get(f"/teach/questions/{question_id}")))
    response = post(client, f"/teach/questions/{question_id}", filled(shown, {"unit-en": ""}))
    assert response.status_code == 302
    assert "unit" not in _stored(app, question_id)
    shown = form_fields(_page(client.get(f"/teach/questions/{question_id}")))
    page = _page(post(client, f"/teach/questions/{question_id}", shown, action="add-answers"))
    fields = filled(form_fields(page), {"answers-1-value": "9", "answers-1-credit": "0.5"})
    assert post(client, f"/teach/questions/{question_id}", fields).status_code == 302
    stored = _stored(app, question_id)
    assert "value" not in stored
    assert [(a["value"], a.get("credit", 1)) for a in stored["answers"]] == [(8, 1), (9, 0.5)]


# ---- The rules, without the app ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("qtype", "path", "rows", "first"),
    [
        ("mcq", "questions[0].options[1].en", {"options": [0, 3]}, "options-3-en"),
        ("mcq", "options[1].correct", {}, "correct_option"),
        ("mcq", "prompt", {}, "prompt"),
        ("short_answer", "accept.hi[0]", {"accept-hi": [2]}, "accept-hi-2"),
        ("numeric", "value", {}, "answers-0-value"),
        ("numeric", "answers[1].credit", {"answers": [0, 2]}, "answers-2-credit"),
        ("true_false", "answer", {}, "truth"),
        ("true_false", "feedback.true.hi", {}, "feedback-true-hi"),
        ("cloze", "text.en", {}, "text"),
        ("cloze", "choices[1]", {}, "choices-1"),
        ("matching", "pairs[1].right", {"pairs": [0, 1, 3]}, "pairs-1-right"),
        ("ordering", "items[2]", {"items": [0, 1, 4]}, "items-4"),
        ("translation", "references.en[1]", {"references": [0, 2]}, "references-2"),
        ("translation", "source.hi", {}, "source"),
    ],
)
def test_a_validator_path_names_the_field_it_was_typed_in(qtype, path, rows, first):
    assert editor.field_name(qtype, path, rows)[0] == first


@pytest.mark.parametrize(
    ("ids", "ticked", "action", "after"),
    [
        ([1, 2, 3], [], "up-1", [2, 1, 3]),
        ([1, 2, 3], [], "down-2", [1, 2, 3]),  # the last cannot go down
        ([1, 2, 3], [], "remove-0", [2, 3]),
        ([1, 2], [2, 5, 4], "add", [1, 2, 5, 4]),
        ([1, 2], [], "add-7", [1, 2, 7]),
        ([1, 2], [], "filter", [1, 2]),
        ([1, 2], [], "up-x", [1, 2]),
    ],
)
def test_set_builder_buttons(ids, ticked, action, after):
    assert editor.set_action(ids, ticked, action) == after


def test_a_change_sends_null_for_what_it_drops():
    old = {
        "type": "mcq",
        "prompt": {"en": "?"},
        "options": [],
        "fixed_order": True,
        "explanation": {"en": "x"},
        "evidence": ["p2s1", "p1s1"],
        "skill": "literal",
    }
    new = {
        "type": "mcq",
        "prompt": {"en": "?"},
        "options": [],
        "evidence": ["p1s1", "p2s1", "p3s1"],
    }
    patch = editor.replacement_patch(old, new)
    assert patch["fixed_order"] is None and patch["explanation"] is None and patch["skill"] is None
    assert patch["evidence"] == ["p2s1", "p1s1", "p3s1"]  # cited ones keep their order
    numeric = {"type": "numeric", "value": 1, "unit": {"en": "u"}}
    patch = editor.replacement_patch(numeric, {"type": "numeric", "answers": [{"value": 1}]})
    assert patch["unit"] is None and patch["value"] is None


def test_key_summaries_of_every_seeded_question_say_something(app):
    with app.app_context():
        for question in db.session.query(Question):
            lines = editor.key_summary(services.question_json(question))
            assert lines and all(isinstance(line, str) and line for line in lines), question.id


def test_a_cloze_gets_a_row_of_choices_per_blank_once_checked(app, client, teacher):
    fields = filled(_new(client, "cloze"), {"prompt-en": "Fill.", "text_lang": "en",
                                            "text": "A {{b}} c {{d}} e {{f}}."})  # fmt: skip
    page = _page(post(client, "/teach/questions/new", fields, action="preview"))
    assert all(f'name="choices-{n}"' in page for n in range(3))
    assert page.count('name="blank"') == 3  # and the learner's three blanks to try
