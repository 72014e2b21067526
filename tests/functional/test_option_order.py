"""mcq and multi options in each attempt's own order: shown shuffled, each with its canonical
index, answered and graded by that index — over the API, on the quiz page and on the results
page — and questions with ``fixed_order`` shown as written.

Orders are never assumed: each test works out the order an attempt should show from its seed
(``option_order``), so a test with two attempts loops over fresh ones until two orders differ.
"""

import json
import re

import pytest
from markupsafe import escape

from quizapp.attempts.services import read_attempt
from quizapp.auth.services import create_user, issue_token
from quizapp.core.grading import get_type
from quizapp.core.presentation import option_order, seed_for
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet
from quizapp.questions.services import BankRejected, export_bank, import_bank
from tests.conftest import SLUG

VOCABULARY = "Vocabulary warm-up"
CHOICE_TYPES = ("mcq", "multi")
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
#: A few fresh attempts are enough for two orders to differ (23 of 24 orders of four options
#: differ from a given one); the bound keeps a broken shuffle from looping for ever.
MAX_ATTEMPTS = 6

FIXED_BANK = {
    "format": "quizapp.bank.v1",
    "passage": SLUG,
    "set": {"id": "option-order", "title": {"en": "Option order"}},
    "questions": [
        {
            "id": "oo-fixed-mcq",
            "type": "mcq",
            "prompt": {"en": "Who met in Reykjavik?"},
            "fixed_order": True,
            "options": [
                {"en": "Blinken alone"},
                {"en": "Lavrov alone"},
                {"en": "Both of the above", "correct": True},
                {"en": "None of the above"},
            ],
        },
        {
            "id": "oo-fixed-multi",
            "type": "multi",
            "prompt": {"en": "Which were there?"},
            "fixed_order": True,
            "options": [
                {"en": "Blinken", "correct": True},
                {"en": "Lavrov", "correct": True},
                {"en": "Neither of them"},
            ],
        },
        {
            "id": "oo-free-mcq",
            "type": "mcq",
            "prompt": {"en": "Where did they meet?"},
            "fixed_order": False,
            "options": [
                {"en": "Reykjavik", "correct": True},
                {"en": "Moscow"},
                {"en": "Geneva"},
                {"en": "Washington"},
            ],
        },
    ],
}


# ---- Helpers ------------------------------------------------------------------------------------


def _bearer(app, username: str) -> dict:
    with app.app_context():
        user = create_user(username, "kite river 42")
        return {"Authorization": f"Bearer {issue_token(user)}"}


def _set_id(app, title: str) -> int:
    with app.app_context():
        return db.session.query(QuestionSet).filter_by(title_en=title).one().id


def _import_fixed_bank(app) -> int:
    with app.app_context():
        return import_bank(json.dumps(FIXED_BANK).encode(), "bank.json").set_id


def _attempt(app, attempt_id: int):
    """The attempt's seed and its questions by id, read from the database (never the page)."""
    with app.app_context():
        view = read_attempt(attempt_id)
        return view.attempt.seed, {question.id: question for question in view.questions}


def _expected(question, seed: str) -> list[int]:
    """The canonical indices in the order this attempt must show them."""
    return option_order(get_type(question.type), question.spec, f"{seed}:{question.id}")


def _shown_indices(attempt_json: dict) -> dict[int, list[int]]:
    """Question id → the options' canonical indices in the order the API shows them."""
    return {
        q["id"]: [option["index"] for option in q["options"]]
        for q in attempt_json["questions"]
        if q["type"] in CHOICE_TYPES
    }


def _key(question):
    return get_type(question.type).correct_answer(question.spec)


def _start_api(client, set_id: int, headers: dict) -> dict:
    started = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=headers)
    assert started.status_code == 201, started.get_json()
    return started.get_json()


def _start_page(client, set_id: int) -> int:
    token = TOKEN.search(client.get(f"/sets/{set_id}").get_data(as_text=True)).group(1)
    response = client.post(f"/sets/{set_id}/start", data={"csrf_token": token})
    assert response.status_code == 302
    return int(re.fullmatch(r"/attempts/(\d+)", response.location).group(1))


def _page_indices(html: str, question_ids) -> dict[int, list[int]]:
    """Question id → the ``value`` of its radios or checkboxes, in page order."""
    out = {}
    for qid in question_ids:
        start = html.index(f'id="q-{qid}"')
        section = html[start : html.index("</section>", start)]
        out[qid] = [int(v) for v in re.findall(r'name="answer" value="(\d+)"', section)]
    return out


def _first_difference(orders: list[dict[int, list[int]]]) -> tuple[int, int, int] | None:
    """(question id, attempt a, attempt b) where two attempts show a question differently."""
    for b, later in enumerate(orders):
        for a in range(b):
            for qid, order in later.items():
                if orders[a][qid] != order:
                    return qid, a, b
    return None


# ---- Over the API -------------------------------------------------------------------------------


def test_api_shows_options_shuffled_with_canonical_index_and_grades_by_it(app, client):
    headers = _bearer(app, "learner1")
    attempt = _start_api(client, _set_id(app, VOCABULARY), headers)
    seed, questions = _attempt(app, attempt["id"])
    shown = _shown_indices(attempt)
    assert len(shown) >= 2
    for qid, indices in shown.items():
        question = questions[qid]
        assert indices == _expected(question, seed)
        assert sorted(indices) == list(range(len(question.spec["options"])))
        if not question.spec.get("fixed_order"):
            assert indices != sorted(indices), "shown in the order written"
    for q in attempt["questions"]:
        for option in q.get("options", []):
            written = questions[q["id"]].spec["options"][option["index"]]
            text = {lang: written[lang] for lang in ("hi", "en") if lang in written}
            assert {k: v for k, v in option.items() if k != "index"} == text
            assert "correct" not in option and "feedback" not in option

    # Reading the attempt again shows the same order.
    again = client.get(f"/api/v1/attempts/{attempt['id']}", headers=headers).get_json()
    assert _shown_indices(again) == shown

    # Each answer names canonical indices (multi's in the order the learner ticked them).
    given = {}
    for qid, indices in shown.items():
        key = _key(questions[qid])
        given[qid] = key if isinstance(key, int) else [i for i in indices if i in key]
        saved = client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/{qid}",
            json={"answer": given[qid]},
            headers=headers,
        )
        assert saved.status_code == 200, saved.get_json()
    done = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers).get_json()
    results = {r["question_id"]: r for r in done["results"]}
    for qid in shown:
        assert results[qid]["score"] == 1 and results[qid]["correct"], qid
        assert results[qid]["answer"] == given[qid]
        assert results[qid]["correct_answer"] == _key(questions[qid])  # canonical


def test_an_answer_by_position_is_not_the_key(app, client):
    """The place the key stands at on the page says nothing: an answer naming that place
    scores by the option with that index. (A learner whose every mcq shows its key at the
    key's own number proves nothing; the next one is tried.)"""
    set_id = _set_id(app, VOCABULARY)
    for n in range(MAX_ATTEMPTS):
        headers = _bearer(app, f"learner{n}")
        attempt = _start_api(client, set_id, headers)
        _seed, questions = _attempt(app, attempt["id"])
        misplaced = [
            (qid, indices.index(_key(questions[qid])))
            for qid, indices in _shown_indices(attempt).items()
            if questions[qid].type == "mcq"
            and indices.index(_key(questions[qid])) != _key(questions[qid])
        ]
        if misplaced:
            break
    assert misplaced, "no attempt showed an mcq's key away from its own number"
    qid, position = misplaced[0]
    url = f"/api/v1/attempts/{attempt['id']}/answers/{qid}"
    assert client.put(url, json={"answer": position}, headers=headers).status_code == 200
    done = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers).get_json()
    result = next(r for r in done["results"] if r["question_id"] == qid)
    assert result["score"] == 0 and result["answer"] == position


def test_two_attempts_show_options_in_their_own_orders(app, client):
    set_id = _set_id(app, VOCABULARY)
    orders = []
    for n in range(MAX_ATTEMPTS):
        attempt = _start_api(client, set_id, _bearer(app, f"learner{n}"))
        seed, questions = _attempt(app, attempt["id"])
        shown = _shown_indices(attempt)
        assert shown == {qid: _expected(questions[qid], seed) for qid in shown}
        orders.append(shown)
        if _first_difference(orders):
            break
    assert _first_difference(orders), f"{len(orders)} attempts all showed the same orders"


def test_a_set_outside_an_attempt_shows_options_in_one_fixed_shuffle(app, client):
    """GET /question-sets/<id>: each question's options shuffled once (the same for every
    caller, as matching and ordering lists are there), each with its canonical index."""
    set_id = _set_id(app, VOCABULARY)
    body = client.get(f"/api/v1/question-sets/{set_id}").get_json()
    assert client.get(f"/api/v1/question-sets/{set_id}").get_json() == body
    choices = [q for q in body["questions"] if q["type"] in CHOICE_TYPES]
    assert choices
    with app.app_context():
        for q in choices:
            question = db.session.get(Question, q["id"])
            seed = seed_for(app.config["SECRET_KEY"], "question", question.id)
            indices = [option["index"] for option in q["options"]]
            assert indices == option_order(get_type(question.type), question.spec, seed)
            assert question.spec.get("fixed_order") or indices != sorted(indices)


# ---- On the pages -------------------------------------------------------------------------------


def test_each_quiz_page_shows_its_own_order_none_cached_from_another(app):
    """Question pieces are rendered once and kept (attempts/pages.py): two learners' pages of
    the same question must each show their attempt's own order, never the other's."""
    set_id = _set_id(app, VOCABULARY)
    orders = []
    for _n in range(MAX_ATTEMPTS):
        guest = app.test_client()
        attempt_id = _start_page(guest, set_id)
        seed, questions = _attempt(app, attempt_id)
        choices = [qid for qid, q in questions.items() if q.type in CHOICE_TYPES]
        page = guest.get(f"/attempts/{attempt_id}").get_data(as_text=True)
        shown = _page_indices(page, choices)
        assert shown == {qid: _expected(questions[qid], seed) for qid in choices}
        orders.append(shown)
        if _first_difference(orders):
            break
    assert _first_difference(orders), f"{len(orders)} quiz pages all showed the same orders"


def test_form_answers_by_canonical_index_and_results_in_shown_order(app):
    guest = app.test_client()
    attempt_id = _start_page(guest, _set_id(app, VOCABULARY))
    seed, questions = _attempt(app, attempt_id)
    page = guest.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    choices = {qid: q for qid, q in questions.items() if q.type in CHOICE_TYPES}
    mcqs = [qid for qid, q in choices.items() if q.type == "mcq"]
    wrong = mcqs[0]  # one mcq answered wrong, so the results page shows its key
    for qid, question in choices.items():
        key = _key(question)
        if qid == wrong:
            value = [str(i) for i in _expected(question, seed) if i != key][:1]
        else:
            value = [str(key)] if isinstance(key, int) else [str(i) for i in key]
        saved = guest.post(
            f"/attempts/{attempt_id}/answers/{qid}", data={"csrf_token": token, "answer": value}
        )
        assert saved.status_code == 302, saved.get_data(as_text=True)[:300]
    assert guest.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token}).status_code
    results = guest.get(f"/attempts/{attempt_id}/results").get_data(as_text=True)
    for qid, question in choices.items():
        row = _result_row(results, qid)
        assert row.startswith("wrong" if qid == wrong else "right"), qid
        if question.type == "multi":
            # The learner's options as the attempt showed them: in its order.
            given = _answer_part(row, "given")
            texts = [_text(question, i) for i in _expected(question, seed) if i in _key(question)]
            positions = [given.index(text) for text in texts]
            assert positions == sorted(positions), qid
    row = _result_row(results, wrong)
    assert _text(choices[wrong], _key(choices[wrong])) in _answer_part(row, "key")


def _result_row(html: str, qid: int) -> str:
    """A question's row of the results page, from its verdict ("right" …) to its end."""
    match = re.search(rf'<li class="result result--(\w+)" id="r-{qid}">', html)
    assert match, qid
    end = html.find('<li class="result ', match.end())
    return html[match.start(1) : end if end >= 0 else len(html)]


def _answer_part(row: str, part: str) -> str:
    """The learner's answer ("given") or the key ("key") in a results row."""
    start = row.index(f"result__answer--{part}")
    return row[start : row.index("</dd>", start)]


def _text(question, index: int) -> str:
    """An option's text as the page writes it (escaped)."""
    option = question.spec["options"][index]
    return str(escape(option.get("en") or option["hi"]))


# ---- fixed_order ---------------------------------------------------------------------------------


def test_fixed_order_questions_are_shown_as_written(app, client):
    set_id = _import_fixed_bank(app)
    headers = _bearer(app, "learner1")
    attempt = _start_api(client, set_id, headers)
    seed, questions = _attempt(app, attempt["id"])
    fixed_mcq, fixed_multi, free_mcq = (q.id for q in questions.values())
    shown = _shown_indices(attempt)
    assert shown[fixed_mcq] == [0, 1, 2, 3] and shown[fixed_multi] == [0, 1, 2]
    assert shown[free_mcq] == _expected(questions[free_mcq], seed) != [0, 1, 2, 3]
    assert [o["en"] for o in attempt["questions"][0]["options"]][-1] == "None of the above"

    guest = app.test_client()
    page = guest.get(f"/attempts/{_start_page(guest, set_id)}").get_data(as_text=True)
    assert _page_indices(page, [fixed_mcq, fixed_multi]) == {
        fixed_mcq: [0, 1, 2, 3],
        fixed_multi: [0, 1, 2],
    }

    url = f"/api/v1/attempts/{attempt['id']}/answers/{fixed_mcq}"
    assert client.put(url, json={"answer": 2}, headers=headers).status_code == 200
    done = client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers).get_json()
    assert next(r for r in done["results"] if r["question_id"] == fixed_mcq)["correct"]


def test_fixed_order_survives_export(app):
    set_id = _import_fixed_bank(app)
    with app.app_context():
        text, _warnings = export_bank("json", set_id)
        gift, _warnings = export_bank("gift", set_id)
    exported = {q["id"]: q for q in json.loads(text)["questions"]}
    assert exported["oo-fixed-mcq"]["fixed_order"] is True
    assert exported["oo-fixed-multi"]["fixed_order"] is True
    assert exported["oo-free-mcq"].get("fixed_order", False) is False
    assert '"fixed_order": true' in gift


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_a_bank_with_a_bad_fixed_order_is_refused_whole(app, value):
    bank = json.loads(json.dumps(FIXED_BANK))
    bank["questions"][0]["fixed_order"] = value
    with app.app_context():
        with pytest.raises(BankRejected) as refused:
            import_bank(json.dumps(bank).encode(), "bank.json")
        assert db.session.query(QuestionSet).filter_by(title_en="Option order").count() == 0
    locations = [d["location"] for d in refused.value.details]
    assert locations == ["questions[0].fixed_order"]
