"""Item analysis through the real app path: learners start, answer and submit a teacher's set
with the attempts services; the service, the page, the CSV and the API show the same figures,
checked against a small example computed by hand.

The example: 4 learners × 3 one-point questions, first attempts, in submit order.

    learner   Q1 mcq (A right)   Q2 true/false (true)   Q3 short answer (Delhi)   total
    L1        A  1               true   1               Delhi   1                 3
    L2        A  1               false  0               Delhi   1                 2
    L3        B  0               true   1               delhi   1                 2
    L4        C  0               false  0               Mumbai  0                 0

Facility: 0.5, 0.5, 0.75. Discrimination (correlation of the mark with the rest):
Q1 marks (1,1,0,0), rests (2,1,2,0): cov Σ = 0.5, Σ(m-m̄)² = 1, Σ(r-r̄)² = 2.75 →
100 · 0.5/√2.75 = 30.151. Q2 likewise 30.151. Q3 marks (1,1,1,0), rests (2,1,1,0): 1/√(0.75·2)
= 81.650. Set: mean 1.75, median 2.
"""

import csv
import io
import math
import time

import pytest
from sqlalchemy import select

from quizapp.attempts.models import Answer, Attempt
from quizapp.attempts.services import Learner, save_answer, start_attempt, submit_attempt
from quizapp.auth.services import issue_token
from quizapp.authoring.services import create_question, create_set, update_set
from quizapp.classrooms.analysis import analyse_set
from quizapp.classrooms.models import ClassMember, Classroom
from quizapp.extensions import db
from tests.conftest import sign_in

QUESTIONS = (
    {
        "type": "mcq",
        "prompt": {"en": "Which city is the capital?", "hi": "राजधानी कौन-सा शहर है?"},
        "options": [
            {"en": "Delhi", "hi": "दिल्ली", "correct": True},
            {"en": "Mumbai", "hi": "मुंबई", "correct": False},
            {"en": "Chennai", "hi": "चेन्नई", "correct": False},
        ],
    },
    {
        "type": "true_false",
        "prompt": {"en": "The river is long.", "hi": "नदी लंबी है।"},
        "answer": True,
    },
    {
        "type": "short_answer",
        "prompt": {"en": "Name the capital.", "hi": "राजधानी का नाम लिखिए।"},
        "accept": {"en": ["Delhi"], "hi": ["दिल्ली"]},
    },
)
#: Each learner's answers to Q1..Q3 (mcq by canonical index).
ANSWERS = (
    (0, True, "Delhi"),
    (0, False, "Delhi"),
    (1, True, "delhi"),
    (2, False, "Mumbai"),
)


def make_set(owner, questions=QUESTIONS) -> tuple[int, list[int]]:
    """A published set of ``owner``'s over new questions; (set id, question ids)."""
    ids = [create_question(owner, None, dict(q)).id for q in questions]
    question_set = create_set(owner, {"en": "Capitals", "hi": "राजधानियाँ"}, None, ids)
    update_set(owner, question_set.id, {"status": "published"})
    return question_set.id, ids


def take(user, set_id: int, answers) -> int:
    """Start, answer (by question order of the set) and submit; the attempt id."""
    learner = Learner(user_id=user.id)
    view, _created = start_attempt(set_id, learner)
    questions = sorted(view.questions, key=lambda q: q.id)
    for question, value in zip(questions, answers, strict=True):
        if value is not None:
            save_answer(view.id, question.id, value, learner)
    submit_attempt(view.id, learner)
    return view.id


def make_class(teacher, learners, name="7B") -> int:
    classroom = Classroom(teacher_id=teacher.id, name=name, join_code=f"C{teacher.id}{name}"[:12])
    db.session.add(classroom)
    db.session.flush()
    for learner in learners:
        db.session.add(ClassMember(class_id=classroom.id, user_id=learner.id))
    db.session.commit()
    return classroom.id


@pytest.fixture
def world(app, make_user):
    """The example (``build_world``)."""
    return build_world(app, make_user)


def build_world(app, make_user) -> dict:
    """The owner's set taken by four learners (the example); L1 and L2 are in the owner's class
    7B, L3 in another teacher's class; L1 then takes the set a second time, all wrong."""
    owner = make_user("owner-t", role="teacher")
    other = make_user("other-t", role="teacher")
    admin = make_user("admin-a", role="admin")
    learners = [make_user(f"learner{n}") for n in range(1, 5)]
    with app.test_request_context():
        set_id, question_ids = make_set(owner)
        attempts = [
            take(user, set_id, answers) for user, answers in zip(learners, ANSWERS, strict=True)
        ]
        second = take(learners[0], set_id, (1, False, "Agra"))
        class_id = make_class(owner, learners[:2])
        other_class = make_class(other, [learners[2]], name="8C")
    return {
        "owner": owner,
        "other": other,
        "admin": admin,
        "learners": learners,
        "set_id": set_id,
        "question_ids": question_ids,
        "attempts": attempts,
        "second": second,
        "class_id": class_id,
        "other_class": other_class,
    }


def _stats(analysis):
    return [(i.stats.facility, i.stats.discrimination_index) for i in analysis.items]


def test_the_hand_computed_example(app, world):
    with app.test_request_context():
        analysis = analyse_set(world["owner"], world["set_id"])
    assert analysis.result.set.n == 4
    assert analysis.result.set.mean == pytest.approx(1.75)
    assert analysis.result.set.median == pytest.approx(2)
    expected = [(0.5, 100 * 0.5 / math.sqrt(2.75)), (0.5, 100 * 0.5 / math.sqrt(2.75)),
                (0.75, 100 / math.sqrt(1.5))]  # fmt: skip
    for (facility, discrimination), (want_f, want_d) in zip(
        _stats(analysis), expected, strict=True
    ):
        assert facility == pytest.approx(want_f)
        assert discrimination == pytest.approx(want_d)
    mcq, true_false, short = analysis.items
    assert [o.count for o in mcq.stats.options] == [2, 1, 1]
    assert [o.count for o in true_false.stats.options] == [2, 2]
    assert mcq.stats.random_guess_score == pytest.approx(1 / 3)
    assert true_false.stats.random_guess_score == 0.5
    assert short.stats.random_guess_score == 0.0
    assert [(g.text, g.count) for g in short.stats.wrong_answers] == [("Mumbai", 1)]


def test_first_or_all_attempts(app, world):
    with app.test_request_context():
        first = analyse_set(world["owner"], world["set_id"], attempts="first")
        every = analyse_set(world["owner"], world["set_id"], attempts="all")
    assert first.result.set.n == 4
    assert every.result.set.n == 5
    assert every.items[0].stats.facility == pytest.approx(2 / 5)
    wrong = {g.text: g.count for g in every.items[2].stats.wrong_answers}
    assert wrong == {"Mumbai": 1, "Agra": 1}


def test_class_narrowing_and_who_sees_what(app, world):
    with app.test_request_context():
        owner_class = analyse_set(world["owner"], world["set_id"], class_id=world["class_id"])
        assert owner_class.result.set.n == 2
        # Another teacher sees only their own class's learners, with or without class_id.
        assert analyse_set(world["other"], world["set_id"]).result.set.n == 1
        narrowed = analyse_set(world["other"], world["set_id"], class_id=world["other_class"])
        assert narrowed.result.set.n == 1
        assert analyse_set(world["admin"], world["set_id"]).result.set.n == 4
        from quizapp.exceptions import NotAllowed, NotFound

        with pytest.raises(NotFound):  # another teacher's class
            analyse_set(world["other"], world["set_id"], class_id=world["class_id"])
        with pytest.raises(NotAllowed):
            analyse_set(world["learners"][0], world["set_id"])


def test_page_csv_and_api_show_the_same_numbers(app, client, world):
    sign_in(client, world["owner"])
    set_id = world["set_id"]
    page = client.get(f"/teach/question-sets/{set_id}/analysis")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "30.2" in html and "81.6" in html and "75" in html
    assert f"/teach/questions/{world['question_ids'][0]}" in html
    assert "Mumbai" in html  # the wrong typed answer
    narrowed = client.get(f"/teach/question-sets/{set_id}/analysis?class_id={world['class_id']}")
    assert narrowed.status_code == 200
    assert client.get(f"/teach/question-sets/{set_id}/analysis?attempts=all").status_code == 200
    assert client.get(f"/teach/question-sets/{set_id}/analysis?attempts=x").status_code == 400
    assert client.get(f"/teach/question-sets/{set_id}/analysis?class_id=999999").status_code == 404
    assert client.get(f"/teach/question-sets/{set_id}/analysis?class_id=abc").status_code == 404

    exported = client.get(f"/teach/question-sets/{set_id}/analysis.csv")
    assert exported.status_code == 200
    assert exported.mimetype == "text/csv"
    body = exported.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 4
    assert rows[1][0] == "1"
    assert float(rows[3][rows[0].index("Facility (%)")]) == pytest.approx(75)

    with app.app_context():
        token = issue_token(world["owner"], "t")
    response = client.get(
        f"/api/v1/question-sets/{set_id}/item-analysis",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    assert data["set"]["n"] == 4
    assert [round(i["facility"], 4) for i in data["items"]] == [0.5, 0.5, 0.75]
    assert data["items"][2]["discrimination_index"] == pytest.approx(100 / math.sqrt(1.5))
    assert data["items"][2]["wrong_answers"] == [{"text": "Mumbai", "count": 1}]
    assert [o["count"] for o in data["items"][0]["options"]] == [2, 1, 1]
    flags = [f for i in data["items"] for f in i["flags"]]
    assert flags and all(f["message"]["en"] and f["message"]["hi"] for f in flags)
    assert any(f["message"]["hi"] != f["message"]["en"] for f in flags)  # the Hindi catalog's
    narrowed = client.get(
        f"/api/v1/question-sets/{set_id}/item-analysis?class_id={world['class_id']}&attempts=all",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert narrowed.get_json()["set"]["n"] == 3  # L1 twice, L2


def test_hindi_page_renders(client, world):
    sign_in(client, world["owner"])
    client.get("/language/hi?next=/")
    html = client.get(f"/teach/question-sets/{world['set_id']}/analysis").get_data(as_text=True)
    assert "राजधानी" in html


def test_forty_learners_thirty_questions_within_a_second(app, client, make_user):
    """40 × 30 after a regrade: computed on demand, no cache; the time is printed."""
    owner = make_user("bench-t", role="teacher")
    learners = [make_user(f"bench{n}") for n in range(40)]
    questions = [QUESTIONS[n % 3] for n in range(30)]
    with app.test_request_context():
        set_id, question_ids = make_set(owner, questions)
        set_attempts = []
        for learner in learners:
            view, _ = start_attempt(set_id, Learner(user_id=learner.id))
            set_attempts.append(view.id)
        # Answers written straight in (the timing is the analysis's, not 1,200 saves').
        for n, attempt_id in enumerate(set_attempts):
            for m, question_id in enumerate(question_ids):
                right = (n * 7 + m * 3) % 5 != 0
                value = [0 if right else 1, right, "Delhi" if right else "Agra"][m % 3]
                db.session.add(
                    Answer(attempt_id=attempt_id, question_id=question_id, value=value,
                           score=1.0 if right else 0.0)
                )  # fmt: skip
            attempt = db.session.get(Attempt, attempt_id)
            attempt.state = "submitted"
            attempt.score, attempt.max_score = 0.0, 30.0
        db.session.commit()
        from quizapp.classrooms.regrading import accept_answer

        started = time.perf_counter()
        accept_answer(owner, question_ids[2], "Agra")
        regrade = time.perf_counter() - started
        started = time.perf_counter()
        analysis = analyse_set(owner, set_id)
        elapsed = time.perf_counter() - started
    sign_in(client, owner)
    started = time.perf_counter()
    assert client.get(f"/teach/question-sets/{set_id}/analysis").status_code == 200
    page = time.perf_counter() - started
    print(
        f"\n40 learners × 30 questions: accepting an answer (40 regraded) {regrade * 1000:.1f} ms;"
        f" the analysis after it {elapsed * 1000:.1f} ms; the whole page {page * 1000:.1f} ms"
    )
    assert analysis.result.set.n == 40
    assert analysis.items[2].stats.facility == 1.0  # Agra now accepted
    assert elapsed < 1.0
    assert page < 1.0


def test_no_stale_figures_after_an_override(app, world):
    from quizapp.classrooms.regrading import override_answer

    with app.test_request_context():
        before = analyse_set(world["owner"], world["set_id"]).items[2].stats.facility
        l4_attempt = world["attempts"][3]
        override_answer(world["owner"], l4_attempt, world["question_ids"][2], 1, "Fine")
        after = analyse_set(world["owner"], world["set_id"]).items[2].stats.facility
        assert (before, after) == (0.75, 1.0)
        stored = db.session.scalar(
            select(Answer.graded_score).where(
                Answer.attempt_id == l4_attempt, Answer.question_id == world["question_ids"][2]
            )
        )
        assert stored == 0.0
