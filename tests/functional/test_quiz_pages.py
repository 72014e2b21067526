"""The quiz pages without JavaScript: a guest finds a set, answers by form posts, confirms,
submits once and reads the results; autosave JSON; access, CSRF and bad input; and a scan of
every page and JSON an attempt shows before submission for anything that gives answers away."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from quizapp.attempts.models import Answer, Attempt
from quizapp.attempts.services import read_attempt
from quizapp.content.models import Sentence
from quizapp.core.grading import QUESTION_TYPES, answer_from_form, get_type
from quizapp.core.romanize import to_devanagari
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet
from tests.conftest import SLUG, sign_in
from tests.functional.test_question_bank import FORBIDDEN_KEYS, _keys, _secret_strings

UNDERSTANDING = "Understanding the meeting"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


# ---- Helpers ------------------------------------------------------------------------------------


def _set_id(app, title: str = UNDERSTANDING) -> int:
    with app.app_context():
        return db.session.query(QuestionSet).filter_by(title_en=title).one().id


def _token(client, url: str = "/") -> str:
    return TOKEN.search(client.get(url).get_data(as_text=True)).group(1)


def _start(client, set_id: int) -> int:
    response = client.post(f"/sets/{set_id}/start", data={"csrf_token": _token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(re.fullmatch(r"/attempts/(\d+)", response.location).group(1))


def _right_answers(app, attempt_id: int) -> list[tuple[int, str, object]]:
    """(question id, type, right answer in this attempt's shown order), in page order."""
    out = []
    with app.app_context():
        view = read_attempt(attempt_id)
        for question in view.questions:
            key = get_type(question.type).correct_answer(question.spec)
            _shown, order = view.shown(question)
            if order is not None:
                position = {index: at for at, index in enumerate(order)}
                key = [position[i] for i in key]
            out.append((question.id, question.type, key))
    return out


#: An answer as the question's form would post it (the inverse of each type's answer_from_form).
FORM_FIELDS = {
    "mcq": lambda v: {"answer": str(v)},
    "multi": lambda v: {"answer": [str(i) for i in v]},
    "true_false": lambda v: {"answer": "true" if v else "false"},
    "numeric": lambda v: {"answer": str(v)},
    "short_answer": lambda v: {"answer": v},
    "translation": lambda v: {"answer": v},
    "cloze": lambda v: {"blank": list(v)},
    "matching": lambda v: {"pick": [str(i) for i in v]},
    "ordering": lambda v: {"item": [str(i) for i in v]},
}


def _post_answer(client, attempt_id, qid, fields, token):
    return client.post(
        f"/attempts/{attempt_id}/answers/{qid}", data={"csrf_token": token, **fields}
    )


def _stored(app, attempt_id: int) -> dict[int, object]:
    with app.app_context():
        return {
            a.question_id: a.value
            for a in db.session.query(Answer).filter_by(attempt_id=attempt_id)
        }


def _score(app, attempt_id: int) -> tuple[str, float, float]:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        return attempt.state, attempt.score, attempt.max_score


# ---- A whole attempt without JavaScript ---------------------------------------------------------


def test_guest_takes_a_set_with_form_posts_only(client, app):
    set_id = _set_id(app)
    home = client.get("/").get_data(as_text=True)
    assert f"/sets/{set_id}" in home and "18 questions" in home
    overview = client.get(f"/sets/{set_id}").get_data(as_text=True)
    assert "Start" in overview and "Literal understanding" in overview

    attempt_id = _start(client, set_id)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    answers = _right_answers(app, attempt_id)
    assert len(answers) == 18
    for qid, _type, _value in answers:
        assert f'action="/attempts/{attempt_id}/answers/{qid}"' in page
    token = TOKEN.search(page).group(1)

    *first, (last_qid, _t1, _v1), (other_qid, _t2, _v2) = answers
    for qid, qtype, value in first:
        response = _post_answer(client, attempt_id, qid, FORM_FIELDS[qtype](value), token)
        assert response.status_code == 302, response.get_data(as_text=True)[:800]
        assert response.location == f"/attempts/{attempt_id}#q-{qid}"
    assert len(_stored(app, attempt_id)) == 16

    # Saved answers come back into the form.
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert page.count(" checked") >= 4 and "16 of 18 answered" in page

    confirm = client.get(f"/attempts/{attempt_id}/submit").get_data(as_text=True)
    assert "2 questions are not answered yet" in confirm
    listed = re.findall(rf'href="/attempts/{attempt_id}#q-(\d+)"', confirm)
    assert sorted(map(int, listed)) == sorted([last_qid, other_qid])

    for qid, qtype, value in answers[-2:]:
        _post_answer(client, attempt_id, qid, FORM_FIELDS[qtype](value), token)
    confirm = client.get(f"/attempts/{attempt_id}/submit").get_data(as_text=True)
    assert "Every question has an answer." in confirm

    done = client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    assert done.status_code == 302 and done.location == f"/attempts/{attempt_id}/results"
    results = client.get(done.location).get_data(as_text=True)
    state, score, max_score = _score(app, attempt_id)
    assert state == "submitted" and score == max_score == 20
    assert "100%" in results and "20 of 20 points" in results
    assert results.count('class="verdict verdict--right"') == 18
    assert f'href="/passages/{SLUG}#p1s2"' in results  # evidence opens the reader there

    # Submitting again changes nothing; the quiz page now leads to the results.
    again = client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    assert again.status_code == 302 and _score(app, attempt_id) == (state, score, max_score)
    assert client.get(f"/attempts/{attempt_id}").location == f"/attempts/{attempt_id}/results"

    # A post after submission is refused with a 409 page, and nothing changes.
    before = _stored(app, attempt_id)
    late = _post_answer(client, attempt_id, first[0][0], {"answer": "0"}, token)
    assert late.status_code == 409 and "<h1>409</h1>" in late.get_data(as_text=True)
    assert _stored(app, attempt_id) == before

    # The home page now shows the best score.
    assert "Your best: 100%" in client.get("/").get_data(as_text=True)


def test_wrong_answers_show_the_key_and_can_be_retried(client, app):
    attempt_id = _start(client, _set_id(app))
    token = _token(client, f"/attempts/{attempt_id}")
    answers = _right_answers(app, attempt_id)
    mcq = next((qid, v) for qid, t, v in answers if t == "mcq")
    _post_answer(client, attempt_id, mcq[0], {"answer": str((mcq[1] + 1) % 3)}, token)
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    results = client.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "Correct answer" in results and "Try the 18 missed ones again" in results
    assert results.count("verdict--none") == 17 and "verdict--wrong" in results
    retry = client.post(f"/attempts/{attempt_id}/retry", data={"csrf_token": token})
    new_id = int(retry.location.rsplit("/", 1)[1])
    with app.app_context():
        assert len(db.session.get(Attempt, new_id).question_ids) == 18
        assert db.session.get(Attempt, new_id).retry_of_id == attempt_id


def test_ordering_moves_without_javascript(client, app):
    attempt_id = _start(client, _set_id(app))
    token = _token(client, f"/attempts/{attempt_id}")
    qid = next(qid for qid, t, _v in _right_answers(app, attempt_id) if t == "ordering")
    fields = {"item": ["0", "1", "2", "3"], "move": "up-2"}
    response = _post_answer(client, attempt_id, qid, fields, token)
    assert response.status_code == 302
    assert _stored(app, attempt_id)[qid] == [0, 2, 1, 3]
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    section = page[page.index(f'id="q-{qid}"') :]
    assert re.findall(r'name="item" value="(\d)"', section)[:4] == ["0", "2", "1", "3"]


def test_feedback_setting_never_shows_the_score_only(client, app, make_user):
    sign_in(client, make_user("asha"))  # such a set is for signed-in learners
    set_id = _set_id(app)
    with app.app_context():
        db.session.get(QuestionSet, set_id).feedback_timing = "never"
        db.session.commit()
    attempt_id = _start(client, set_id)
    token = _token(client, f"/attempts/{attempt_id}")
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    results = client.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "0 of 20 points" in results
    assert "chosen not to show the correct answers" in results
    assert "Correct answer" not in results and "Explanation" not in results
    assert "missed ones again" not in results


def test_time_limit_is_shown_and_the_server_finishes_the_attempt(client, app):
    set_id = _set_id(app)
    with app.app_context():
        db.session.get(QuestionSet, set_id).time_limit_minutes = 5
        db.session.commit()
    attempt_id = _start(client, set_id)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    remaining = int(re.search(r'data-remaining="(\d+)"', page).group(1))
    assert 280 <= remaining <= 300 and "Time left" in page
    with app.app_context():
        db.session.get(Attempt, attempt_id).deadline_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = client.get(f"/attempts/{attempt_id}")
    assert response.location == f"/attempts/{attempt_id}/results"
    results = client.get(response.location).get_data(as_text=True)
    assert "Time ran out" in results


def test_an_attempt_whose_time_ran_out_is_not_offered_for_resuming(client, app):
    set_id = _set_id(app)
    with app.app_context():
        db.session.get(QuestionSet, set_id).time_limit_minutes = 5
        db.session.commit()
    attempt_id = _start(client, set_id)
    assert ">Resume</button>" in client.get("/").get_data(as_text=True)
    with app.app_context():
        db.session.get(Attempt, attempt_id).deadline_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert ">Resume</button>" not in home
    assert _start(client, set_id) != attempt_id  # starting finishes the old one, opens a new one


# ---- Access, CSRF, bad input -------------------------------------------------------------------


def test_another_browser_cannot_see_or_touch_an_attempt(client, app):
    attempt_id = _start(client, _set_id(app))
    qid = _right_answers(app, attempt_id)[0][0]
    stranger = app.test_client()
    token = _token(stranger)
    for url in (f"/attempts/{attempt_id}", f"/attempts/{attempt_id}/submit"):
        assert stranger.get(url).status_code == 404
    assert stranger.get(f"/attempts/{attempt_id}/results").status_code == 404
    assert _post_answer(stranger, attempt_id, qid, {"answer": "x"}, token).status_code == 404
    saved = stranger.post(
        f"/attempts/{attempt_id}/answers/{qid}",
        json={"answer": "x"},
        headers={"X-CSRFToken": token},
    )
    assert saved.status_code == 404 and saved.is_json
    assert (
        stranger.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token}).status_code
        == 404
    )
    assert _stored(app, attempt_id) == {} and _score(app, attempt_id)[0] == "in_progress"


def test_posts_without_a_csrf_token_are_refused(client, app):
    set_id = _set_id(app)
    assert client.post(f"/sets/{set_id}/start").status_code == 400
    attempt_id = _start(client, set_id)
    qid = _right_answers(app, attempt_id)[0][0]
    assert (
        client.post(f"/attempts/{attempt_id}/answers/{qid}", data={"answer": "x"}).status_code
        == 400
    )
    refused = client.post(f"/attempts/{attempt_id}/answers/{qid}", json={"answer": "x"})
    assert (
        refused.status_code == 400 and refused.is_json and "CSRF" in refused.get_json()["message"]
    )
    assert client.post(f"/attempts/{attempt_id}/submit").status_code == 400
    assert _stored(app, attempt_id) == {} and _score(app, attempt_id)[0] == "in_progress"


BAD_FORMS = [
    ("mcq", {"answer": "abc"}, "Not an option"),
    ("mcq", {"answer": "99"}, "Expected the number of one option"),
    ("mcq", {"answer": "-1"}, "Not an option"),
    ("multi", {"answer": ["0", "0"]}, "different option numbers"),
    ("true_false", {"answer": "maybe"}, "true or false"),
    ("numeric", {"answer": "many"}, "Expected a number"),
    ("numeric", {"answer": "9" * 6000}, "too long"),
    ("cloze", {"blank": ["only one"]}, "one per blank"),
    ("matching", {"pick": ["x", "0"]}, "Not an option"),
    ("matching", {"pick": ["0"]}, "one per left-hand item"),
    ("ordering", {"item": ["0", "0", "1", "2", "3"]}, "each once"),
    ("short_answer", {"answer": "\x00" * 30000}, "too long"),
]


@pytest.mark.parametrize(("qtype", "fields", "message"), BAD_FORMS)
def test_malformed_form_values_get_a_message_and_change_nothing(
    client, app, qtype, fields, message
):
    attempt_id = _start(client, _set_id(app))
    token = _token(client, f"/attempts/{attempt_id}")
    qid = next(qid for qid, t, _v in _right_answers(app, attempt_id) if t == qtype)
    response = _post_answer(client, attempt_id, qid, fields, token)
    assert 400 <= response.status_code < 500
    body = response.get_data(as_text=True)
    assert message in body, body[:300]
    if response.status_code == 422:  # the quiz again, the message beside the question
        section = body[body.index(f'id="q-{qid}"') :]
        assert re.search(rf'id="q-{qid}-error" role="alert">[^<]*{re.escape(message)}', section)
    assert _stored(app, attempt_id) == {}


def test_autosave_json(client, app):
    attempt_id = _start(client, _set_id(app))
    token = _token(client, f"/attempts/{attempt_id}")
    headers = {"X-CSRFToken": token}
    answers = _right_answers(app, attempt_id)
    url = f"/attempts/{attempt_id}/answers/{{}}"
    for qid, _qtype, value in answers:
        saved = client.post(url.format(qid), json={"answer": value}, headers=headers)
        assert saved.status_code == 200 and saved.get_json()["question_id"] == qid
    assert _stored(app, attempt_id) == {qid: value for qid, _t, value in answers}

    qid = answers[0][0]
    bad = client.post(url.format(qid), json=["not", "an", "object"], headers=headers)
    assert bad.status_code == 400 and bad.get_json()["message"]
    mcq = next(qid for qid, t, _v in answers if t == "mcq")
    wrong_shape = client.post(url.format(mcq), json={"answer": "zero"}, headers=headers)
    assert wrong_shape.status_code == 422 and "option" in wrong_shape.get_json()["message"]
    missing = client.post(url.format(999_999), json={"answer": 1}, headers=headers)
    assert missing.status_code == 404 and missing.is_json
    cleared = client.post(url.format(qid), json={"answer": None}, headers=headers)
    assert cleared.status_code == 200 and _stored(app, attempt_id)[qid] is None

    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    closed = client.post(url.format(qid), json={"answer": value}, headers=headers)
    assert closed.status_code == 409 and closed.get_json()["error"] == "AttemptClosed"


def test_messages_follow_the_interface_language(client, app):
    client.set_cookie("lang", "hi")
    attempt_id = _start(client, _set_id(app))
    token = _token(client, f"/attempts/{attempt_id}")
    mcq = next(qid for qid, t, _v in _right_answers(app, attempt_id) if t == "mcq")
    refused = client.post(
        f"/attempts/{attempt_id}/answers/{mcq}",
        json={"answer": "x"},
        headers={"X-CSRFToken": token},
    )
    assert refused.status_code == 422 and "विकल्प" in refused.get_json()["message"]
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert '<html lang="hi">' in page and "प्रश्न 1" in page


def test_form_conversion_covers_every_type():
    assert set(FORM_FIELDS) == set(QUESTION_TYPES)
    assert all(callable(qtype.answer_from_form) for qtype in QUESTION_TYPES.values())
    from werkzeug.datastructures import MultiDict

    assert answer_from_form("multi", MultiDict()) is None
    assert answer_from_form("cloze", MultiDict([("blank", " "), ("blank", "")])) is None
    assert answer_from_form("matching", MultiDict([("pick", ""), ("pick", "1")])) == [None, 1]
    assert answer_from_form("true_false", MultiDict([("answer", "false")])) is False


def test_transliteration_helper():
    assert to_devanagari("bhaarat") == "भारत"
    assert to_devanagari("namaste dost") == "नमस्ते दोस्त"


def test_transliterate_endpoint(client):
    body = client.get("/attempts/transliterate?text=rikjevik").get_json()
    assert body == {"devanagari": "रिक्जेविक"}
    assert (
        len(client.get("/attempts/transliterate?text=" + "a" * 5000).get_json()["devanagari"]) < 400
    )


def test_reader_page_stays_the_same_for_everyone(client, app):
    reader = f"/passages/{SLUG}"
    first = client.get(reader).get_data(as_text=True)
    set_id = _set_id(app)
    attempt_id = _start(client, set_id)
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": _token(client)})
    second = client.get(reader).get_data(as_text=True)
    assert first == second and "Your best" not in second and "csrf_token" not in second
    assert f"/passages/{SLUG}/sets?fragment=1" in second
    fragment = client.get(f"/passages/{SLUG}/sets?fragment=1")
    assert fragment.headers["Cache-Control"] == "no-store"
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and "Your best: 0%" in text and f"/sets/{set_id}" in text
    full = client.get(f"/passages/{SLUG}/sets").get_data(as_text=True)
    assert "<h1" in full and "Understanding the meeting" in full
    assert client.get("/passages/nope/sets").status_code == 404


def test_unknown_and_empty_sets(client, app):
    assert client.get("/sets/999999").status_code == 404
    assert client.post("/sets/999999/start", data={"csrf_token": _token(client)}).status_code == 404
    assert client.get("/attempts/999999").status_code == 404


# ---- Nothing gives an answer away before submission ----------------------------------------

#: Attribute names and class words that would mark a key in the markup.
MARKER_ATTRIBUTE = re.compile(
    r"correct|accept|answer-?key|solution|reference|tolerance|explanation|evidence|weight|"
    r"near-?miss|score|is-right|right-answer",
    re.I,
)
MARKER_WORD = re.compile(r"\b(correct|incorrect|right|wrong|solution|key|answer-key)\b", re.I)
#: Attributes a page may legitimately fill with numbers (ids, positions, urls).
NUMBER_SAFE = {"id", "for", "href", "action", "name", "data-qid", "data-index", "aria-labelledby",
               "aria-describedby", "data-save-url", "data-saved-at", "max", "rows"}  # fmt: skip


class _Markup(HTMLParser):
    """Each start tag with its attributes, and which question section it sits in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str | None, str, dict]] = []
        self.section: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "section" and attrs.get("id", "").startswith("q-"):
            self.section = attrs["id"][2:]
        self.tags.append((self.section, tag, attrs))

    def handle_endtag(self, tag):
        if tag == "section":
            self.section = None

    def handle_data(self, data):
        self.text.append(data)


def leaks(html: str, questions: list, article: str) -> list[str]:
    """Every way ``html`` gives away an answer to one of ``questions`` (Question rows)."""
    found = []
    markup = _Markup()
    markup.feed(html)
    text = "".join(markup.text)
    by_id = {str(q.id): q for q in questions}
    for section, tag, attrs in markup.tags:
        for name, value in attrs.items():
            if MARKER_ATTRIBUTE.search(name):
                found.append(f"attribute {name!r} on <{tag}>")
            if (name == "class" or name.startswith("data-")) and MARKER_WORD.search(value):
                found.append(f"{name}={value!r} on <{tag}>")
        question = by_id.get(section)
        if question is not None and question.type == "numeric":
            key = float(question.spec["value"])
            for name, value in attrs.items():
                if name not in NUMBER_SAFE and _as_number(value) == key:
                    found.append(f"numeric key {value!r} in {name} of question {section}")
    # Options must look alike whatever their correctness.
    for qid, question in by_id.items():
        if question.type in ("mcq", "multi", "true_false"):
            inputs = [
                a
                for s, t, a in markup.tags
                if s == qid and t == "input" and a.get("name") == "answer"
            ]
            labels = [
                a
                for s, t, a in markup.tags
                if s == qid and t == "label" and "choice" in a.get("class", "")
            ]
            for group, ignore in ((inputs, {"value", "id", "checked"}), (labels, {"for"})):
                shapes = {
                    json.dumps({k: v for k, v in a.items() if k not in ignore}, sort_keys=True)
                    for a in group
                }
                if len(shapes) > 1:
                    found.append(f"options of question {qid} differ: {shapes}")
    for question in questions:
        for explanation in (question.explanation_hi, question.explanation_en):
            if explanation and explanation[:60] in text:
                found.append(f"explanation of question {question.id}")
        public = (
            question.prompt_hi
            + question.prompt_en
            + json.dumps(get_type(question.type).public_spec(question.spec), ensure_ascii=False)
        )
        for secret in _secret_strings(question) + _feedback_texts(question):
            if secret in article or secret in public:
                continue  # the passage and the question itself may say it
            if secret in text or secret in html:
                found.append(f"secret {secret!r} of question {question.id}")
    return found


def _as_number(value: str) -> float | None:
    try:
        return float(value.strip())
    except ValueError:
        return None


def _feedback_texts(question) -> list[str]:
    spec = question.spec
    texts = [o.get("feedback", {}) for o in spec.get("options", [])]
    texts += list((spec.get("feedback") or {}).values())
    return [t for fb in texts for t in fb.values() if len(t) >= 4]


def json_leaks(body, questions, article) -> list[str]:
    found = [f"key {k!r}" for k in _keys(body) & FORBIDDEN_KEYS]
    return found + leaks(json.dumps(body, ensure_ascii=False), questions, article)


def _article(app) -> str:
    with app.app_context():
        return " ".join(s.hi + " " + s.en for s in db.session.query(Sentence))


def _attempt_questions(app, attempt_id):
    with app.app_context():
        return list(read_attempt(attempt_id).questions)


@pytest.mark.parametrize(
    "title",
    [UNDERSTANDING, "Vocabulary warm-up", "Main ideas and inference", "Translation practice"],
)
def test_no_page_or_json_of_an_attempt_gives_an_answer_away(client, app, title):
    set_id = _set_id(app, title)
    article = _article(app)
    attempt_id = _start(client, set_id)
    questions = _attempt_questions(app, attempt_id)
    token = _token(client, f"/attempts/{attempt_id}")
    pages = {
        "home": "/",
        "set": f"/sets/{set_id}",
        "quiz": f"/attempts/{attempt_id}",
        "submit": f"/attempts/{attempt_id}/submit",
        "reader sets": f"/passages/{SLUG}/sets?fragment=1",
        "passage sets": f"/passages/{SLUG}/sets",
    }
    found = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        found[name] = leaks(response.get_data(as_text=True), questions, article)

    # Save a wrong-but-valid answer to every question, then scan again (answers come back in).
    headers = {"X-CSRFToken": token}
    for question in questions:
        value = _some_answer(question)
        saved = client.post(
            f"/attempts/{attempt_id}/answers/{question.id}", json={"answer": value}, headers=headers
        )
        assert saved.status_code == 200, saved.get_json()
        found[f"autosave {question.id}"] = json_leaks(saved.get_json(), questions, article)
        # A failed save's message must not hint at the key either.
        refused = client.post(
            f"/attempts/{attempt_id}/answers/{question.id}",
            json={"answer": {"x": 1}},
            headers=headers,
        )
        assert refused.status_code == 422
        found[f"refused {question.id}"] = json_leaks(refused.get_json(), questions, article)
    for name in ("quiz", "submit"):
        found[name + " after saves"] = leaks(
            client.get(pages[name]).get_data(as_text=True), questions, article
        )
    translit = client.get("/attempts/transliterate?text=rikjevik").get_json()
    found["transliterate"] = json_leaks(translit, questions, article)
    assert {k: v for k, v in found.items() if v} == {}

    # Shuffled lists are not shown in their answer order.
    quiz = client.get(pages["quiz"]).get_data(as_text=True)
    for question in questions:
        listed = {"ordering": question.spec.get("items"), "matching": None}
        if question.type == "matching":
            listed["matching"] = [pair["right"] for pair in question.spec["pairs"]]
        labels = listed.get(question.type)
        if not labels:
            continue
        start = quiz.index(f'id="q-{question.id}"')
        section = quiz[start : quiz.index("</section>", start)]
        texts = [
            label if isinstance(label, str) else label.get("en") or label["hi"] for label in labels
        ]
        positions = [
            section.index(json.dumps(t, ensure_ascii=False)[1:-1].replace("'", "&#39;"))
            for t in texts
        ]
        assert positions != sorted(positions), f"question {question.id} shown in answer order"


def _some_answer(question):
    """A valid answer that is not (necessarily) right: the first option, "x", etc."""
    public = get_type(question.type).public_spec(question.spec)
    return {
        "mcq": lambda: 0,
        "multi": lambda: [0],
        "true_false": lambda: True,
        "numeric": lambda: "12345",
        "short_answer": lambda: "kuchh",
        "translation": lambda: "some words",
        "cloze": lambda: ["x"] * public["blanks"],
        "matching": lambda: [0] * len(public["left"]),
        "ordering": lambda: list(range(len(public["items"]))),
    }[question.type]()


def test_the_scan_finds_planted_leaks(client, app):
    """The scanner above can fail: each kind of leak, planted in a real quiz page, is found."""
    article = _article(app)
    attempt_id = _start(client, _set_id(app))
    questions = _attempt_questions(app, attempt_id)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert leaks(page, questions, article) == []
    mcq = next(q for q in questions if q.type == "mcq")
    right = get_type("mcq").correct_answer(mcq.spec)
    numeric = next(q for q in questions if q.type == "numeric")
    short = next(
        q
        for q in questions
        if q.type == "short_answer" and any(s not in article for s in _secret_strings(q))
    )
    secret = next(s for s in _secret_strings(short) if s not in article)
    radio = f'name="answer" value="{right}"'
    section = page.index(f'id="q-{mcq.id}"')
    at = page.index(radio, section)
    plants = {
        "data-correct": page[:at] + 'data-correct="1" ' + page[at:],
        "class": page[:at] + 'class="correct" ' + page[at:],
        "checked only": page[:at] + "data-x " + page[at:],
        "explanation": page.replace("</main>", f"<p>{mcq.explanation_en}</p></main>"),
        "accepted answer": page.replace("</main>", f"<!-- {secret} --></main>"),
        "numeric value": page.replace(
            f'id="q-{numeric.id}"', f'id="q-{numeric.id}" data-v="{numeric.spec["value"]}"'
        ),
    }
    for name, planted in plants.items():
        assert leaks(planted, questions, article), name
