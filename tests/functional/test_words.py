"""My words over HTTP: adding from the reader (with and without a token, as a guest), words
behind missed vocabulary questions, reviews both ways, the home page's count, exports, the API,
access (nobody reaches another learner's words) and bad input (always a 4xx, never a 500)."""

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.attempts.models import Attempt
from quizapp.attempts.services import finish_expired
from quizapp.auth.services import issue_token
from quizapp.content.models import GlossaryEntry
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet
from quizapp.words.models import MissedWordScan, Word, WordCard, WordReview
from tests.conftest import SLUG, sign_in
from tests.functional.test_quiz_pages import FORM_FIELDS, _post_answer, _right_answers, _start

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
VOCABULARY = "Vocabulary warm-up"
READER = f"/passages/{SLUG}"


@pytest.fixture(autouse=True)
def _no_fuzz(app):
    app.config["WORDS_FSRS_FUZZING"] = False


@pytest.fixture
def learner(client, make_user):
    """A signed-in learner."""
    user = make_user("asha")
    sign_in(client, user)
    return user


def _token(client) -> str:
    return TOKEN.search(client.get("/words").get_data(as_text=True)).group(1)


def _entry_id(app, key: str) -> int:
    with app.app_context():
        return db.session.scalar(select(GlossaryEntry.id).where(GlossaryEntry.key == key))


def _add(client, app, key: str) -> int:
    response = client.post(
        "/words/add", data={"entry": _entry_id(app, key), "csrf_token": _token(client)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(re.search(r"added=(\d+)", response.location).group(1))


def _cards(app, word_id: int) -> dict[str, WordCard]:
    with app.app_context():
        cards = db.session.scalars(select(WordCard).where(WordCard.word_id == word_id)).all()
        return {card.direction: card for card in cards}


def _words(app, user_id: int) -> dict[str, Word]:
    with app.app_context():
        rows = db.session.scalars(select(Word).where(Word.user_id == user_id)).all()
        return {word.entry.key: word for word in rows}


def _review(client, card_id: int, **fields):
    return client.post(f"/words/review/{card_id}", data={"csrf_token": _token(client), **fields})


# ---- Adding from the reader ----------------------------------------------------------------------


def test_the_reader_has_the_same_add_form_for_everyone(client, app, make_user):
    guest_page = client.get(READER).get_data(as_text=True)
    entry_id = _entry_id(app, "samkaksh")
    form = (
        f'<form class="gentry__add" method="post" action="/words/add">'
        f'<input type="hidden" name="entry" value="{entry_id}">'
    )
    assert form in guest_page
    assert guest_page.count('class="gentry__add"') == guest_page.count('class="gentry"')
    assert "csrf_token" not in guest_page


def test_a_guest_is_sent_to_sign_in_and_comes_back_to_the_word(client, app):
    entry_id = _entry_id(app, "samkaksh")
    response = client.post("/words/add", data={"entry": entry_id})
    assert response.status_code == 302
    assert response.location == f"/login?next=/words/add?entry%3D{entry_id}"
    for url in ("/words", "/words/review", "/words/export.csv", "/words/export.tsv"):
        response = client.get(url)
        assert response.status_code == 302 and response.location.startswith("/login?next=/words")
    assert client.get(f"/words/reader-state?passage={SLUG}").json == {"signed_in": False}
    with app.app_context():
        assert db.session.query(Word).count() == 0
    login = client.post("/words/add", data={"entry": entry_id}, follow_redirects=True)
    assert "Sign in to keep a list of your words." in login.get_data(as_text=True)


def test_after_signing_in_the_word_waits_on_a_confirm_page(client, app, learner):
    entry_id = _entry_id(app, "zor")
    page = client.get(f"/words/add?entry={entry_id}").get_data(as_text=True)
    assert 'lang="hi">ज़ोर</span>' in page and f'name="entry" value="{entry_id}"' in page
    token = TOKEN.search(page).group(1)
    client.post("/words/add", data={"entry": entry_id, "csrf_token": token})
    assert set(_words(app, learner.id)) == {"zor"}


def test_adding_without_javascript_asks_to_confirm_then_adds_once(client, app, learner):
    entry_id = _entry_id(app, "samkaksh")
    # The cached reader's form has no token: a page asks to confirm, nothing is added yet.
    confirm = client.post("/words/add", data={"entry": entry_id})
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "समकक्ष" in page and "counterpart" in page
    with app.app_context():
        assert db.session.query(Word).count() == 0
    token = TOKEN.search(page).group(1)
    added = client.post("/words/add", data={"entry": entry_id, "csrf_token": token})
    word_id = int(re.search(r"added=(\d+)", added.location).group(1))
    listing = client.get(added.location).get_data(as_text=True)
    assert "is in your words now" in listing and f'href="{READER}#g-samkaksh"' in listing
    assert "Review 2 due cards" in listing

    again = client.post("/words/add", data={"entry": entry_id, "csrf_token": token})
    assert again.location == f"/words?added={word_id}#w-{word_id}"
    with app.app_context():
        assert db.session.query(Word).count() == 1
        assert db.session.query(WordCard).count() == 2
        assert db.session.get(Word, word_id).source == "reader"


def test_adding_with_javascript_gets_json_and_the_reader_state(client, app, learner):
    state = client.get(f"/words/reader-state?passage={SLUG}").json
    assert state["signed_in"] and state["added"] == [] and state["csrf_token"]
    entry_id = _entry_id(app, "sahyog")
    headers = {"Accept": "application/json"}
    data = {"entry": entry_id, "csrf_token": state["csrf_token"]}
    first = client.post("/words/add", data=data, headers=headers)
    assert first.status_code == 200 and first.json["created"] is True
    second = client.post("/words/add", data=data, headers=headers)
    assert second.json == {**first.json, "created": False}
    assert client.get(f"/words/reader-state?passage={SLUG}").json["added"] == [entry_id]
    assert client.get("/words/reader-state?passage=elsewhere").json["added"] == []


@pytest.mark.parametrize("entry", ["", "abc", "0", "-3", "99999999999999999999999", "1.5"])
def test_adding_a_bad_entry_is_a_400(client, learner, entry):
    token = _token(client)
    assert client.post("/words/add", data={"entry": entry, "csrf_token": token}).status_code == 400
    assert client.get(f"/words/add?entry={entry}").status_code == 400


def test_adding_an_unknown_entry_is_a_404(client, learner):
    token = _token(client)
    assert (
        client.post("/words/add", data={"entry": "999999", "csrf_token": token}).status_code == 404
    )
    assert client.get("/words/add?entry=999999").status_code == 404


# ---- Words behind missed vocabulary questions ------------------------------------------------


def _vocabulary_attempt(client, app) -> tuple[int, list]:
    with app.app_context():
        set_id = db.session.scalar(select(QuestionSet.id).where(QuestionSet.title_en == VOCABULARY))
    attempt_id = _start(client, set_id)
    return attempt_id, _right_answers(app, attempt_id)


def _external_ids(app) -> dict[int, str]:
    with app.app_context():
        return dict(db.session.execute(select(Question.id, Question.external_id)).all())


def test_missed_vocabulary_words_are_added_after_a_submit(client, app, learner):
    attempt_id, answers = _vocabulary_attempt(client, app)
    names = _external_ids(app)
    token = _token(client)
    for qid, qtype, value in answers:
        if names[qid] == "bl-vocab-10":
            value = "पदारोह"  # wrong (a near miss only earns half)
        elif names[qid] == "bl-vocab-08":
            value = [value[1], value[0], *value[2:]]  # the first two pairs swapped
        elif names[qid] == "bl-vocab-13":
            value = [value[0], "मतभेद", "सहायता"]  # the last blank wrong
        response = _post_answer(client, attempt_id, qid, FORM_FIELDS[qtype](value), token)
        assert response.status_code == 302
    done = client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    assert done.status_code == 302

    words = _words(app, learner.id)
    assert set(words) == {"padaarohan", "pratibandh", "nishkaasan", "sahyog"}
    assert {word.source for word in words.values()} == {"missed_question"}

    # A repeat submit adds nothing; a word removed does not come back from the same attempt.
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    client.post(f"/words/{words['sahyog'].id}/remove", data={"csrf_token": token})
    client.get("/words")
    assert set(_words(app, learner.id)) == {"padaarohan", "pratibandh", "nishkaasan"}


def test_an_attempt_right_everywhere_adds_nothing(client, app, learner):
    attempt_id, answers = _vocabulary_attempt(client, app)
    token = _token(client)
    for qid, qtype, value in answers:
        _post_answer(client, attempt_id, qid, FORM_FIELDS[qtype](value), token)
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    client.get("/words")
    assert _words(app, learner.id) == {}
    with app.app_context():
        assert db.session.get(MissedWordScan, attempt_id).added == 0


def test_a_guest_attempt_adds_no_words(client, app):
    attempt_id, _answers = _vocabulary_attempt(client, app)
    token = TOKEN.search(client.get(f"/attempts/{attempt_id}").get_data(as_text=True)).group(1)
    client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
    with app.app_context():
        assert db.session.query(Word).count() == 0


def test_a_timed_out_attempt_is_collected_when_my_words_opens(client, app, learner):
    attempt_id, answers = _vocabulary_attempt(client, app)
    names = _external_ids(app)
    token = _token(client)
    for qid, qtype, value in answers:
        if names[qid] != "bl-vocab-12":  # summit: left unanswered
            _post_answer(client, attempt_id, qid, FORM_FIELDS[qtype](value), token)
    with app.app_context():
        db.session.get(Attempt, attempt_id).deadline_at = utcnow() - timedelta(minutes=5)
        db.session.commit()
        assert finish_expired() == 1
    assert _words(app, learner.id) == {}
    page = client.get("/words").get_data(as_text=True)
    assert "शिखर वार्ता" in page and "from a missed question" in page
    assert set(_words(app, learner.id)) == {"shikhar-vaartaa"}


def test_the_api_submit_collects_words_too(client, app, learner):
    with app.app_context():
        headers = {"Authorization": f"Bearer {issue_token(learner)}"}
        set_id = db.session.scalar(select(QuestionSet.id).where(QuestionSet.title_en == VOCABULARY))
    attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=headers).json
    assert (
        client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=headers).status_code == 200
    )
    words = _words(app, learner.id)
    assert {"samkaksh", "padaarohan", "shikhar-vaartaa", "anumaanit"} <= set(words)
    listed = client.get("/api/v1/me/words", headers=headers).json
    assert {w["glossary_entry"]["key"] for w in listed["words"]} == set(words)
    assert listed["due"] == 2 * len(words)
    first = listed["words"][0]
    assert first["source"] == "missed_question" and len(first["cards"]) == 2


# ---- Reviews ---------------------------------------------------------------------------------


def test_the_home_page_counts_words_due(client, app, learner):
    assert "My words: nothing due for review" in client.get("/").get_data(as_text=True)
    first = _add(client, app, "samkaksh")
    _add(client, app, "sahyog")
    assert "2 words due for review" in client.get("/").get_data(as_text=True)
    for card in _cards(app, first).values():
        _review(client, card.id, rating="good", seen="0")
    assert "1 word due for review" in client.get("/").get_data(as_text=True)
    client.get("/language/hi")
    assert "1 शब्द दोहराना है" in client.get("/").get_data(as_text=True)


def test_a_typed_review_shows_the_result_and_reschedules(client, app, learner):
    word_id = _add(client, app, "samkaksh")
    card = _cards(app, word_id)["hi_en"]
    page = client.get("/words/review?direction=hi_en").get_data(as_text=True)
    assert 'lang="hi">समकक्ष</p>' in page and f'action="/words/review/{card.id}"' in page
    assert 'id="answer" name="answer" lang="en"' in page

    before = utcnow()
    response = _review(client, card.id, answer="Opposite number", seen="0", direction="hi_en")
    assert response.location.startswith("/words/review?direction=hi_en&reviewed=")
    result = client.get(response.location).get_data(as_text=True)
    assert "Right!" in result and "counterpart, opposite number" in result
    assert "This card comes back in 10 minutes." in result
    assert "Nothing to review now" in result  # the en_hi card is not in this direction

    after = _cards(app, word_id)["hi_en"]
    assert after.reps == 1
    assert timedelta(minutes=9) < after.due - before <= timedelta(minutes=10, seconds=5)
    with app.app_context():
        review = db.session.scalars(select(WordReview)).one()
        assert (review.rating, review.typed_answer, review.typed_result) == (
            3,
            "Opposite number",
            "exact",
        )


def test_the_same_review_posted_twice_counts_once(client, app, learner):
    card = _cards(app, _add(client, app, "samkaksh"))["hi_en"]
    first = _review(client, card.id, answer="counterpart", seen="0")
    second = _review(client, card.id, answer="wrong", seen="0")
    assert first.location == second.location
    with app.app_context():
        assert db.session.query(WordReview).count() == 1


@pytest.mark.parametrize(
    ("key", "direction", "answer", "title"),
    [
        ("samkaksh", "hi_en", "COUNTERPART!", "Right!"),
        ("samkaksh", "hi_en", "counterpat", "Almost — check the spelling."),
        ("samkaksh", "hi_en", "deputy", "Not quite."),
        ("videsh-mantri", "hi_en", "Secretary of State", "Right!"),
        ("zor", "en_hi", "जोर", "Right!"),  # nukta optional
        ("zor", "en_hi", "zor", "Right!"),  # romanised
        ("zor", "en_hi", "ज़ोर", "Right!"),
        ("samkaksh", "en_hi", "samakaksha", "Right!"),
        ("pratibandh", "en_hi", "प्रतिबंधों", "Right!"),
        ("pratibandh", "en_hi", "प्रतीबंध", "Almost — check the spelling."),
        ("pratibandh", "en_hi", "sanction", "Not quite."),
    ],
)
def test_typed_answers_use_the_text_key(client, app, learner, key, direction, answer, title):
    card = _cards(app, _add(client, app, key))[direction]
    response = _review(client, card.id, answer=answer, seen="0")
    assert f'<h2 id="review-result-title" class="review-result__title">{title}</h2>' in (
        client.get(response.location).get_data(as_text=True)
    )


def test_show_answer_then_self_grade(client, app, learner):
    card = _cards(app, _add(client, app, "zor"))["en_hi"]
    shown = client.get(f"/words/review?show={card.id}").get_data(as_text=True)
    assert 'lang="hi">ज़ोर</p>' in shown and "How well did you know it?" in shown
    for name, label in (("again", "Again"), ("hard", "Hard"), ("good", "Good"), ("easy", "Easy")):
        assert f'name="rating" value="{name}"' in shown and label in shown
    assert "1 minute" in shown and "10 minutes" in shown and "8 days" in shown
    # "Check" with nothing typed shows the answer too.
    empty = _review(client, card.id, answer="  ", seen="0")
    assert empty.location == f"/words/review?show={card.id}"

    response = _review(client, card.id, rating="again", seen="0")
    result = client.get(response.location).get_data(as_text=True)
    assert "You chose: Again" in result and "This card comes back in 1 minute." in result
    with app.app_context():
        review = db.session.scalars(select(WordReview)).one()
        assert (review.rating, review.typed_answer, review.typed_result) == (1, None, "")


def test_nothing_due_says_when_the_next_card_is(client, app, learner):
    assert "You have no words to review yet." in client.get("/words/review").get_data(as_text=True)
    cards = _cards(app, _add(client, app, "samkaksh"))
    for card in cards.values():
        _review(client, card.id, rating="easy", seen="0")
    page = client.get("/words/review").get_data(as_text=True)
    assert "Nothing to review now" in page and "The next card is due in 8 days." in page
    listing = client.get("/words").get_data(as_text=True)
    assert "The next card is due in 8 days." in listing


# ---- Exports ---------------------------------------------------------------------------------


def test_exports(client, app, learner):
    _add(client, app, "samkaksh")
    _add(client, app, "videsh-mantri")
    response = client.get("/words/export.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="my-words.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == [
        "hindi",
        "romanisation",
        "english",
        "part of speech",
        "source",
        "added",
        "due",
    ]
    assert [row[:5] for row in rows[1:]] == [
        ["समकक्ष", "samkaksh", "counterpart, opposite number", "noun", "reader"],
        [
            "विदेश मंत्री",
            "videsh mantri",
            "foreign minister; (US) Secretary of State",
            "noun",
            "reader",
        ],
    ]
    assert rows[1][5].endswith("+00:00") and rows[1][6] == rows[1][5]

    response = client.get("/words/export.tsv")
    assert response.mimetype == "text/tab-separated-values"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[:3] == ["#separator:tab", "#html:false", "#tags column:3"]
    assert [line.split("\t") for line in lines[3:]] == [
        ["समकक्ष", "counterpart, opposite number (samkaksh)", "quizapp"],
        ["विदेश मंत्री", "foreign minister; (US) Secretary of State (videsh mantri)", "quizapp"],
    ]


def test_empty_exports_have_only_their_headers(client, learner):
    assert client.get("/words/export.csv").get_data(as_text=True).splitlines() == [
        "hindi,romanisation,english,part of speech,source,added,due"
    ]
    assert client.get("/words/export.tsv").get_data(as_text=True).count("\t") == 0


# ---- Access ----------------------------------------------------------------------------------


def test_another_learner_cannot_reach_my_words(client, app, make_user):
    owner = make_user("asha")
    sign_in(client, owner)
    word_id = _add(client, app, "samkaksh")
    card = _cards(app, word_id)["hi_en"]
    done = _review(client, card.id, rating="good", seen="0")
    review_id = int(re.search(r"reviewed=(\d+)", done.location).group(1))

    stranger = app.test_client()
    sign_in(stranger, make_user("ravi"))
    token = TOKEN.search(stranger.get("/words").get_data(as_text=True)).group(1)
    assert "समकक्ष" not in stranger.get("/words").get_data(as_text=True)
    for url in (
        f"/words?added={word_id}",
        f"/words/review?show={card.id}",
        f"/words/review?reviewed={review_id}",
    ):
        assert stranger.get(url).status_code == 404, url
    for url, data in (
        (f"/words/{word_id}/remove", {}),
        (f"/words/review/{card.id}", {"rating": "easy"}),
        (f"/words/review/{card.id}", {"answer": "counterpart"}),
        (f"/words/review/{card.id}", {"answer": ""}),
    ):
        assert stranger.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    assert "समकक्ष" not in stranger.get("/words/export.csv").get_data(as_text=True)
    assert "समकक्ष" not in stranger.get("/words/export.tsv").get_data(as_text=True)
    assert stranger.get(f"/words/reader-state?passage={SLUG}").json["added"] == []
    assert "Nothing to review now" in stranger.get("/words/review").get_data(as_text=True)
    with app.app_context():
        headers = {
            "Authorization": f"Bearer {issue_token(db.session.get(type(owner), owner.id + 1))}"
        }
    assert stranger.get("/api/v1/me/words", headers=headers).json == {"words": [], "due": 0}
    assert client.get("/api/v1/me/words").status_code == 401

    with app.app_context():
        assert db.session.query(WordReview).count() == 1
        assert db.session.get(WordCard, card.id).reps == 1
        assert db.session.get(Word, word_id) is not None


# ---- Bad input -------------------------------------------------------------------------------


def test_bad_input_is_a_4xx_and_changes_nothing(client, app, learner):
    card = _cards(app, _add(client, app, "samkaksh"))["hi_en"]
    token = _token(client)
    cases = [
        ("get", "/words/review?direction=hi_fr", {}, 400),
        ("get", "/words/review?show=999999", {}, 404),
        ("get", "/words/review?show=99999999999999999999999999", {}, 404),
        ("get", "/words/review?reviewed=99999999999999999999999999", {}, 404),
        ("get", "/words?added=99999999999999999999999999", {}, 404),
        ("post", f"/words/review/{card.id}", {"answer": "x" * 100_000}, 400),
        ("post", f"/words/review/{card.id}", {"rating": "superb"}, 400),
        ("post", f"/words/review/{card.id}", {"rating": "5"}, 400),
        ("post", f"/words/review/{card.id}", {"answer": "a", "seen": "-1"}, 400),
        ("post", f"/words/review/{card.id}", {"answer": "a", "seen": "lots"}, 400),
        ("post", f"/words/review/{card.id}", {"answer": "a", "direction": "sideways"}, 400),
        ("post", "/words/review/999999", {"answer": "a"}, 404),
        ("post", "/words/review/99999999999999999999999999", {"answer": "a"}, 404),
        ("post", "/words/99999999999999999999999999/remove", {}, 404),
        ("post", "/words/999999/remove", {}, 404),
    ]
    for method, url, data, status in cases:
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token, **data})
        assert response.status_code == status, (url, data, response.status_code)
    for url, data in ((f"/words/review/{card.id}", {"rating": "good"}), ("/words/1/remove", {})):
        assert client.post(url, data=data).status_code == 400  # no CSRF token
    with app.app_context():
        assert db.session.query(WordReview).count() == 0
        assert db.session.get(WordCard, card.id).reps == 0
        assert db.session.query(Word).count() == 1


def test_odd_unicode_answers_are_graded_not_failed(client, app, learner):
    card = _cards(app, _add(client, app, "samkaksh"))["en_hi"]
    odd = "\u200d\u0301\ufeff" + "क़\u093c" * 40
    response = _review(client, card.id, answer=odd, seen="0")
    assert response.status_code == 302
    assert "Not quite." in client.get(response.location).get_data(as_text=True)
