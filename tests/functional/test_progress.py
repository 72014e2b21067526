"""The progress page and GET /api/v1/me/progress: a learner's own numbers only, the same
numbers in both, an empty state, sign-in required, a bounded number of queries, and the
seed-demo command."""

import re
from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import event, select

from quizapp.attempts.models import Attempt
from quizapp.attempts.services import (
    Learner,
    save_answer,
    start_attempt,
    submit_attempt,
)
from quizapp.auth.services import issue_token
from quizapp.core.grading import get_type
from quizapp.database import utcnow
from quizapp.demo import PLAN, RETRY_DAYS, seed_demo
from quizapp.extensions import db
from quizapp.progress.services import learner_progress
from quizapp.questions.models import QuestionSet
from quizapp.words.services import list_words
from tests.conftest import run_flask, sign_in

VOCABULARY = "Vocabulary warm-up"
UNDERSTANDING = "Understanding the meeting"


def finish(app, user_id: int, title: str, right: int | None = None, days_ago: float = 0) -> int:
    """Finish an attempt at the set ``title`` with the first ``right`` questions answered
    correctly (all when None) and the rest blank, through the real services."""
    with app.app_context():
        set_id = db.session.scalar(select(QuestionSet.id).where(QuestionSet.title_en == title))
        learner = Learner(user_id=user_id)
        attempt, _created = start_attempt(set_id, learner)
        for question in attempt.questions[:right]:
            key = get_type(question.type).correct_answer(question.spec)
            _public, order = attempt.shown(question)
            if order is not None:
                position = {index: at for at, index in enumerate(order)}
                key = [position[i] for i in key]
            save_answer(attempt.id, question.id, key, learner)
        submit_attempt(attempt.id, learner)
        if days_ago:
            row = db.session.get(Attempt, attempt.id)
            row.started_at -= timedelta(days=days_ago)
            row.submitted_at -= timedelta(days=days_ago)
            db.session.commit()
        return attempt.id


def _bearer(app, user) -> dict:
    with app.app_context():
        return {"Authorization": f"Bearer {issue_token(user)}"}


def _text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert match, element_id
    return " ".join(match.group(1).split())


def _skill_values(html: str) -> dict[str, str]:
    """Skill code → the percent (or a dash when not tried) the skill bars show."""
    return {
        skill: " ".join(re.sub(r"<[^>]+>", " ", value).split())
        for skill, value in re.findall(
            r'data-skill="(\w+)".*?class="skill__value">(.*?)</span>\s*</li>', html, re.S
        )
    }


# ---- Access ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/progress")
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert "login" in response.location and "next=" in response.location
    assert client.get("/api/v1/me/progress").status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-token", "Bearer ", "Basic dXNlcjpwdw==", "Bearer " + "x" * 5000],
)
def test_api_refuses_bad_tokens_with_401_json(client, header):
    response = client.get("/api/v1/me/progress", headers={"Authorization": header})
    assert response.status_code == 401
    assert set(response.get_json()) >= {"error", "message"}


def test_the_page_only_takes_get(client, make_user):
    sign_in(client, make_user("asha"))
    assert client.post("/progress").status_code in (400, 405)  # CSRF or method: never a 500


def test_a_learner_sees_only_their_own_progress(app, client, make_user):
    asha, ravi = make_user("asha"), make_user("ravi")
    mine = finish(app, asha.id, VOCABULARY)
    theirs = finish(app, ravi.id, UNDERSTANDING, right=3)

    sign_in(client, ravi)
    page = client.get("/progress").get_data(as_text=True)
    assert f"/attempts/{theirs}/results" in page
    assert f"/attempts/{mine}/results" not in page
    api = client.get("/api/v1/me/progress", headers=_bearer(app, ravi)).get_json()
    assert [p["attempt_id"] for p in api["history"]] == [theirs]
    assert api["skills"][0]["questions"] == 0  # Asha's vocabulary is not Ravi's

    sign_in(client, asha)
    page = client.get("/progress").get_data(as_text=True)
    assert f"/attempts/{mine}/results" in page and f"/attempts/{theirs}/results" not in page
    api = client.get("/api/v1/me/progress", headers=_bearer(app, asha)).get_json()
    assert [(p["attempt_id"], p["percent"]) for p in api["history"]] == [(mine, 100.0)]
    # The results a link points to are the learner's own; the other's stay out of reach.
    assert client.get(f"/attempts/{theirs}/results").status_code == 404


@pytest.mark.parametrize("role", ["learner", "teacher", "admin"])
def test_every_role_sees_its_own_progress_and_nobody_elses(app, client, make_user, role):
    owner = make_user("owner")
    theirs = finish(app, owner.id, VOCABULARY, right=5)
    viewer = make_user(f"a-{role}", role=role)
    sign_in(client, viewer)
    response = client.get("/progress")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Nothing to show yet" in html and f"/attempts/{theirs}/" not in html
    data = client.get("/api/v1/me/progress", headers=_bearer(app, viewer)).get_json()
    assert data["history"] == [] and data["summary"]["quizzes_finished"] == 0
    # There is no way to name another learner: the URL and the API take no user id.
    other = client.get(f"/progress?user_id={owner.id}").get_data(as_text=True)
    assert "Nothing to show yet" in other and f"/attempts/{theirs}/" not in other
    assert client.get(f"/progress/{owner.id}").status_code == 404


# ---- The page --------------------------------------------------------------------------------


def test_empty_state_for_a_new_learner(client, make_user, app):
    sign_in(client, make_user("nina"))
    response = client.get("/progress")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "Nothing to show yet" in html
    assert "Finish your first quiz" in html
    assert "<svg" not in html.split('id="main"')[1]  # no empty charts
    with app.app_context():
        first = db.session.scalar(select(QuestionSet.id).order_by(QuestionSet.id))
    assert f'href="/sets/{first}"' in html


def test_page_with_a_few_quizzes(app, client, make_user):
    user = make_user("meera")
    finish(app, user.id, VOCABULARY, right=8, days_ago=2)  # 8 of 16
    finish(app, user.id, VOCABULARY, days_ago=1)  # 16 of 16
    finish(app, user.id, UNDERSTANDING, right=9)
    sign_in(client, user)
    html = client.get("/progress").get_data(as_text=True)
    assert _text(html, "quizzes-finished") == "3"
    assert _text(html, "streak-current") == "3 days"
    assert _text(html, "recent-average").endswith("%")
    assert 'class="chart__svg chart__svg--history-wide"' in html
    marks = re.findall(r'class="chart__mark series-(\d)" d="[^"]+"><title>', html)
    assert len(marks) == 2 * 3  # in the wide chart and the phone's
    assert html.count('class="legend__mark"') == 2 + 1  # two sets and the average line
    assert 'role="img"' in html and "<title id=" in html
    skills = _skill_values(html)
    assert list(skills) == ["vocabulary", "literal", "inference", "main_idea", "translation"]
    assert skills["vocabulary"] == "75%"  # 24 of 32 vocabulary points
    assert skills["translation"] == "—"
    assert re.search(r'data-skill="translation">.*?Not tried yet', html, re.S)
    for table in ("history-table", "skills-table", "mastery-table"):
        assert f'id="{table}"' in html
    assert html.count('<th scope="col"') >= 12
    # Vocabulary is mastered (best of the last three: 100%), Understanding is not.
    assert "Mastered" in html and "Learning" in html


def test_page_in_hindi(app, client, make_user):
    user = make_user("kiran")
    finish(app, user.id, VOCABULARY, right=10)
    sign_in(client, user)
    client.get("/language/hi?next=/progress")
    html = client.get("/progress").get_data(as_text=True)
    assert "आपकी प्रगति" in html and "स्कोर का इतिहास" in html and "कौशल" in html
    assert '<html lang="hi">' in html


def test_page_and_api_show_the_same_numbers(app, client):
    with app.app_context():
        summary = seed_demo(password="reading practice 7")
    user_id = summary.user_id
    with app.app_context():
        from quizapp.auth.models import User

        user = db.session.get(User, user_id)
    sign_in(client, user)
    html = client.get("/progress").get_data(as_text=True)
    data = client.get("/api/v1/me/progress", headers=_bearer(app, user)).get_json()

    assert _text(html, "quizzes-finished") == str(data["summary"]["quizzes_finished"])
    assert _text(html, "streak-current") == f"{data['streak']['current']} days"
    assert _text(html, "recent-average") == f"{round(data['summary']['recent_average'])}%"
    assert _text(html, "streak-recent") == (
        f"Active on {data['streak']['active_recent_days']} of the last 30 days"
    )
    skills = _skill_values(html)
    for stat in data["skills"]:
        assert skills[stat["skill"]] == f"{round(stat['percent'])}%"
    weakest = data["practise_next"]["skill"]
    assert data["practise_next"]["reason"] == "weakest_skill"
    assert f"Your weakest skill so far is {weakest.replace('_', ' ').capitalize()}" in html
    history_rows = re.findall(r"/attempts/(\d+)/results", html)
    assert sorted(map(int, history_rows)) == sorted(p["attempt_id"] for p in data["history"])

    # The JSON is what the OpenAPI document says it is.
    document = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": "#/components/schemas/Progress", "components": document["components"]}
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert not errors, errors[:3]


# ---- Services --------------------------------------------------------------------------------


def test_demo_learner_numbers(app_ctx):
    # Noon today, fixed: the numbers do not depend on the hour the test runs at.
    now = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    summary = seed_demo(password="reading practice 7", now=now)
    progress = learner_progress(summary.user_id, now)
    assert progress.quizzes_finished == len(PLAN)
    assert progress.retries_finished == len(RETRY_DAYS)
    quizzes_only = learner_progress(summary.user_id, now, activity_days=()).streak
    assert quizzes_only.current == 5 and quizzes_only.longest == 6
    # Days with word reviews (and no quiz) keep the streak going too.
    assert summary.words.reviews > 0
    assert progress.streak.current == 5 and progress.streak.longest == 13
    assert progress.streak.active_recent > quizzes_only.active_recent
    assert progress.streak.active_today
    assert progress.practise_next.skill == "inference"
    assert progress.recent_average > progress.previous_average  # getting better
    first_week = [p.percent for p in progress.history[:5]]
    assert progress.recent_average > sum(first_week) / 5 + 10
    # The quiz left open for three hours counts as an hour.
    assert progress.time.total_minutes < 60 * 10
    levels = {m.level for passage in progress.mastery for m in passage.sets}
    assert len(levels) >= 2  # not everything mastered: something to work on


def test_loading_progress_takes_the_same_few_queries_however_long_the_history(app, make_user):
    few, many = make_user("few"), make_user("many")
    finish(app, few.id, VOCABULARY, right=2)
    for n in range(6):
        finish(app, many.id, VOCABULARY if n % 2 else UNDERSTANDING, right=n + 1)

    def count(user_id: int) -> int:
        statements = []
        with app.app_context():
            listener = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                learner_progress(user_id, utcnow())
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    assert count(few.id) == count(many.id) <= 7


# ---- seed-demo -------------------------------------------------------------------------------


def test_seed_demo_command_creates_refuses_and_replaces(db_path, app, client):
    made = run_flask("seed-demo", "--password", "reading practice 7", db_path=db_path)
    assert made.returncode == 0, made.stderr
    assert "Created demo learner 'demo'" in made.stdout
    assert "password: reading practice 7" in made.stdout
    assert f"{len(PLAN)} finished quizzes and {len(RETRY_DAYS)} retries" in made.stdout
    assert "Streak: " in made.stdout and "practise next: inference" in made.stdout
    assert re.search(r"My words: 15 words added with \d+ reviews; \d+ cards due now", made.stdout)

    again = run_flask("seed-demo", db_path=db_path)
    assert again.returncode != 0
    assert "already exists" in again.stderr and "--replace" in again.stderr

    remade = run_flask("seed-demo", "--replace", db_path=db_path)
    assert remade.returncode == 0, remade.stderr
    assert "Replaced the attempts of demo learner 'demo'" in remade.stdout
    password = re.search(r"password: (\S+)", remade.stdout).group(1)

    with app.app_context():
        from quizapp.auth.models import User
        from quizapp.auth.services import authenticate

        user = authenticate("demo", password)
        attempts = db.session.scalars(select(Attempt).where(Attempt.user_id == user.id)).all()
        assert len(attempts) == len(PLAN) + len(RETRY_DAYS)  # the first run's are gone
        assert {a.state for a in attempts} == {"submitted"}
        oldest = min(a.started_at for a in attempts)
        assert utcnow() - oldest > timedelta(days=40)
        assert all(a.submitted_at <= utcnow() for a in attempts)
        assert len(list_words(user.id)) == 15  # remade, not doubled
        user = db.session.get(User, user.id)
    sign_in(client, user)
    assert client.get(f"/attempts/{attempts[0].id}/results").status_code == 200
    assert client.get("/progress").status_code == 200


def test_seed_demo_never_touches_a_teacher(db_path, make_user):
    make_user("guru", role="teacher")
    result = run_flask("seed-demo", "--username", "guru", "--replace", db_path=db_path)
    assert result.returncode != 0
    assert "teacher" in result.stderr
