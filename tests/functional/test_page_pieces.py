"""The quiz and home pages are put together from pieces kept per worker (attempts/pages.py,
main/pages.py): each visitor still gets only their own token, attempt and scores, and an edit
shows at once."""

import re

from sqlalchemy import delete, update

from quizapp.attempts.services import Learner, read_attempt, save_answer
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.fragments import CSRF_STAND_IN, fragments
from quizapp.questions.models import Question, QuestionSetItem
from tests.conftest import sign_in
from tests.functional.test_quiz_pages import TOKEN, _set_id, _start, _token

ATTEMPT_LINK = re.compile(r"/attempts/(\d+)")


def _page(client, attempt_id: int) -> str:
    response = client.get(f"/attempts/{attempt_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _edit_first_prompt(app, attempt_id: int, prompt: str) -> int:
    """Edit the attempt's first question as an author would (a new ``updated_at``); its id."""
    with app.app_context():
        question_id = read_attempt(attempt_id).questions[0].id
        db.session.execute(
            update(Question)
            .where(Question.id == question_id)
            .values(prompt_en=prompt, updated_at=utcnow())
        )
        db.session.commit()
    return question_id


def test_two_guests_get_their_own_token_and_attempt_from_shared_pieces(app):
    first, second = app.test_client(), app.test_client()
    set_id = _set_id(app)
    ids = [_start(first, set_id), _start(second, set_id)]
    pages = [_page(first, ids[0]), _page(second, ids[1])]
    for page, own, other in ((pages[0], ids[0], ids[1]), (pages[1], ids[1], ids[0])):
        assert CSRF_STAND_IN not in page
        linked = {int(n) for n in ATTEMPT_LINK.findall(page)}
        assert linked == {own}, linked
        assert other not in linked
    tokens = [set(TOKEN.findall(page)) for page in pages]
    assert all(len(found) == 1 for found in tokens)
    assert tokens[0] != tokens[1]
    # The pieces were shared: the second page rendered again only the questions it shows in
    # an order of its own (matching, ordering, mcq and multi options unless fixed).
    with app.app_context():
        view = read_attempt(ids[0])
        questions = view.questions
        shuffled = sum(1 for q in questions if view.order(q) is not None)
    assert shuffled < len(questions)
    rendered = [key for key in fragments._pieces if key[0] == "question"]
    assert len(questions) <= len(rendered) <= len(questions) + shuffled


def test_a_saved_answer_shows_on_reload_and_the_form_still_posts(app, client):
    attempt_id = _start(client, _set_id(app))
    before = _page(client, attempt_id)
    with app.test_request_context():
        view = read_attempt(attempt_id)
        learner = Learner(guest_key=view.attempt.guest_key)
        question = next(q for q in view.questions if q.type == "short_answer")
        save_answer(attempt_id, question.id, "रेक्जाविक", learner)
    after = _page(client, attempt_id)
    assert "रेक्जाविक" in after and "रेक्जाविक" not in before
    assert "1 of " in after  # the answered count is this request's own
    token = TOKEN.search(after).group(1)
    posted = client.post(
        f"/attempts/{attempt_id}/answers/{question.id}",
        data={"csrf_token": token, "answer": "कुछ और"},
    )
    assert posted.status_code == 302
    assert "कुछ और" in _page(client, attempt_id)


def test_an_edited_question_shows_at_once(app, client):
    attempt_id = _start(client, _set_id(app))
    page = _page(client, attempt_id)
    _edit_first_prompt(app, attempt_id, "A brand new prompt")
    assert "A brand new prompt" not in page
    assert "A brand new prompt" in _page(client, attempt_id)


def test_an_unchanged_quiz_page_is_sent_again_as_it_was(app, client):
    """The page as sent is kept (attempts/pages.py ``sent_quiz_pages``): a reload gets the same
    bytes and validator, a browser holding them a 304, and a save a new page."""
    attempt_id = _start(client, _set_id(app))
    first, again = client.get(f"/attempts/{attempt_id}"), client.get(f"/attempts/{attempt_id}")
    assert first.get_data() == again.get_data()
    assert first.headers["ETag"] == again.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in again.headers  # the guest's cookie is not re-signed per load
    held = client.get(f"/attempts/{attempt_id}", headers={"If-None-Match": first.headers["ETag"]})
    assert held.status_code == 304 and held.get_data() == b""
    token = TOKEN.search(first.get_data(as_text=True)).group(1)
    with app.app_context():
        question = next(q for q in read_attempt(attempt_id).questions if q.type == "short_answer")
    saved = client.post(
        f"/attempts/{attempt_id}/answers/{question.id}",
        json={"answer": "रेक्जाविक"},
        headers={"X-CSRFToken": token},
    )
    assert saved.status_code == 200
    after = client.get(f"/attempts/{attempt_id}")
    assert after.headers["ETag"] != first.headers["ETag"]
    assert "रेक्जाविक" in after.get_data(as_text=True)
    assert "1 of " in after.get_data(as_text=True)


def test_a_question_edited_then_taken_out_of_the_set_stays_edited(app, client):
    """The kept page's key is when the attempt's own questions last changed, not the set's:
    with the set's, taking the newest-edited question out would bring back an older page."""
    attempt_id = _start(client, _set_id(app))
    _page(client, attempt_id)
    question_id = _edit_first_prompt(app, attempt_id, "An edited prompt")
    assert "An edited prompt" in _page(client, attempt_id)
    with app.app_context():
        db.session.execute(
            delete(QuestionSetItem).where(QuestionSetItem.question_id == question_id)
        )
        db.session.commit()
    assert "An edited prompt" in _page(client, attempt_id)


def test_another_visitor_never_gets_a_kept_quiz_page(app, client):
    attempt_id = _start(client, _set_id(app))
    _page(client, attempt_id)
    assert app.test_client().get(f"/attempts/{attempt_id}").status_code == 404


def test_home_page_scores_are_each_learners_own(app, make_user):
    asha, ravi = make_user("asha"), make_user("ravi")
    clients = {}
    for user in (asha, ravi):
        clients[user.username] = client = app.test_client()
        sign_in(client, user)
    set_id = _set_id(app)
    asha_client = clients["asha"]
    attempt_id = _start(asha_client, set_id)
    asha_client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": _token(asha_client)})
    asha_home = asha_client.get("/").get_data(as_text=True)
    ravi_home = clients["ravi"].get("/").get_data(as_text=True)
    guest_home = app.test_client().get("/").get_data(as_text=True)
    assert "Your best: 0%" in asha_home
    assert "Your best" not in ravi_home and "Your best" not in guest_home
    assert "Sign out" in ravi_home and "Sign in" in guest_home
    for page in (asha_home, ravi_home, guest_home):
        assert CSRF_STAND_IN not in page
    assert TOKEN.search(asha_home).group(1) != TOKEN.search(ravi_home).group(1)


def test_a_returning_visitors_home_page_is_sent_again_until_it_changes(app, client):
    """main/pages.py ``sent_home_pages``: a visitor whose session holds a token gets the page as
    last sent while nothing in it changed; starting a set changes it at once."""
    first_visit = client.get("/")
    assert "session=" in first_visit.headers["Set-Cookie"]
    assert first_visit.headers["Cache-Control"] == "no-store"
    again, once_more = client.get("/"), client.get("/")
    assert again.get_data() == once_more.get_data()
    assert again.headers["ETag"] == once_more.headers["ETag"]
    assert once_more.headers["Cache-Control"] == "no-store"
    assert TOKEN.search(again.get_data(as_text=True)).group(1) == _token(client)
    assert ">Resume<" not in again.get_data(as_text=True)
    _start(client, _set_id(app))
    after = client.get("/")
    assert after.headers["ETag"] != again.headers["ETag"]
    assert ">Resume<" in after.get_data(as_text=True)


def test_finished_results_show_a_question_edited_after_the_submit(app, client, make_user):
    """Finished attempts' JSON is kept per worker; its key carries when the set's questions
    last changed, so an edited explanation shows on the next read in every worker."""
    from quizapp.auth.services import issue_token

    with app.app_context():
        headers = {"Authorization": f"Bearer {issue_token(make_user('editor-learner'))}"}
    set_id = _set_id(app)
    attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=headers).get_json()
    client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers)
    before = client.get(f"/api/v1/attempts/{attempt['id']}", headers=headers).get_json()
    question_id = before["results"][0]["question_id"]
    with app.app_context():
        db.session.execute(
            update(Question)
            .where(Question.id == question_id)
            .values(explanation_en="Rewritten after the test", updated_at=utcnow())
        )
        db.session.commit()
    after = client.get(f"/api/v1/attempts/{attempt['id']}", headers=headers).get_json()
    assert before["results"][0]["explanation"]["en"] != "Rewritten after the test"
    assert after["results"][0]["explanation"]["en"] == "Rewritten after the test"
