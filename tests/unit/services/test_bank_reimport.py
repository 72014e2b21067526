"""Re-importing a bank whose mcq/multi options moved: saved answers keep naming the same
options (answers store canonical option indices), scores already given stay as they were."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.attempts.models import Answer, Attempt
from quizapp.attempts.services import finish_expired
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet
from quizapp.questions.services import import_bank, option_moves


def _opt(en: str, hi: str | None = None) -> dict:
    return {"en": en, "hi": hi or en.upper()}


A, B, C, D = _opt("alpha"), _opt("bravo"), _opt("charlie"), _opt("delta")


@pytest.mark.parametrize(
    ("old", "new", "moves", "why"),
    [
        ([A, B, C, D], [A, B, C, D], {0: 0, 1: 1, 2: 2, 3: 3}, "nothing moved"),
        ([A, B, C, D], [D, C, B, A], {0: 3, 1: 2, 2: 1, 3: 0}, "reversed: found by text"),
        ([A, B, C], [C, A, B, D], {0: 1, 1: 2, 2: 0}, "an option added"),
        ([A, B, C, D], [B, D, A], {0: 2, 1: 0, 3: 1}, "an option removed: no entry"),
        (
            [A, B, C],
            [C, {"en": "bravo!", "hi": "BRAVO"}, A],
            {0: 2, 1: 1, 2: 0},
            "English fixed while moving: found by its Hindi",
        ),
        (
            [A, B, C],
            [C, {"en": "zulu", "hi": "ZULU"}, A],
            {0: 2, 1: 1, 2: 0},
            "reworded where it stood: found by position",
        ),
        (
            [A, B, C],
            [{"en": "zulu", "hi": "ZULU"}, C, A],
            {0: 2, 2: 1},
            "reworded and moved: its old place holds another option, so it is gone",
        ),
        (
            [{**A, "correct": True}, B, C],
            [{"en": "zulu", "hi": "ZULU"}, {"en": "yankee", "hi": "YANKEE", "correct": True}, C],
            {2: 2},
            "rewritten: no place keeps its verdict, so only the option kept by text is found",
        ),
        (
            [{"en": "a  b"}, {"en": "c"}],
            [{"en": "c"}, {"en": "a b"}],
            {0: 1, 1: 0},
            "whitespace runs are one space",
        ),
    ],
)
def test_option_moves(old, new, moves, why):
    assert option_moves(old, new) == moves, why


def _bank(mcq: list[dict], multi: list[dict]) -> bytes:
    bank = {
        "format": "quizapp.bank.v1",
        "set": {"id": "remap-set", "title": {"en": "Remap"}},
        "questions": [
            {"id": "remap-mcq", "type": "mcq", "prompt": {"en": "Which?"}, "options": mcq},
            {"id": "remap-multi", "type": "multi", "prompt": {"en": "Which ones?"}},
        ],
    }
    bank["questions"][1]["options"] = multi
    return json.dumps(bank, ensure_ascii=False).encode()


def _marked(options: list[dict], right: set[str]) -> list[dict]:
    return [{**o, "correct": o["en"] in right} for o in options]


def _question(external_id: str) -> Question:
    return db.session.scalar(select(Question).where(Question.external_id == external_id))


def _attempt(question_ids: list[int], guest: str, **columns) -> Attempt:
    set_id = db.session.scalar(select(QuestionSet.id).where(QuestionSet.external_id == "remap-set"))
    attempt = Attempt(
        question_set_id=set_id, guest_key=guest, question_ids=question_ids, seed=guest, **columns
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def _named(question: Question, value) -> object:
    """The English texts an answer names, under the question's current options."""
    options = question.spec["options"]
    if isinstance(value, list):
        return sorted(options[i]["en"] for i in value)
    return options[value]["en"]


def test_reimport_with_options_reordered_keeps_what_each_answer_names(app_ctx):
    mcq_right, multi_right = {"bravo"}, {"alpha", "charlie"}
    first = import_bank(_bank(_marked([A, B, C, D], mcq_right), _marked([A, B, C], multi_right)))
    assert first.created == ["remap-mcq", "remap-multi"]
    mcq, multi = _question("remap-mcq"), _question("remap-multi")
    ids = [mcq.id, multi.id]

    # A submitted attempt (scored) and one still open, whose time runs out later.
    done = _attempt(ids, "done", state="submitted", submitted_at=utcnow(), score=1.0)
    graded = {"score": 1.0, "correct": True, "near_miss": False, "feedback": {"en": "", "hi": ""}}
    db.session.add_all(
        [
            Answer(attempt_id=done.id, question_id=mcq.id, value=1, score=1.0, result=graded),
            Answer(attempt_id=done.id, question_id=multi.id, value=[0, 1], score=0.5, result={}),
        ]
    )
    open_ = _attempt(ids, "open")
    db.session.add_all(
        [
            Answer(attempt_id=open_.id, question_id=mcq.id, value=1),  # bravo: right
            Answer(attempt_id=open_.id, question_id=multi.id, value=[2, 0]),  # charlie, alpha
        ]
    )
    db.session.commit()
    done_id, open_id = done.id, open_.id
    before = {
        (a.attempt_id, a.question_id): _named(a.question, a.value)
        for a in db.session.scalars(select(Answer))
    }

    # Reordered: the key moves from 1 to 3 (mcq) and the multi list is reversed.
    reordered = _bank(_marked([D, A, C, B], mcq_right), _marked([C, B, A], multi_right))
    dry = import_bank(reordered, dry_run=True)
    assert dry.answers_remapped == 4
    assert db.session.get(Answer, (done_id, mcq.id)).value == 1  # a dry run changes nothing

    summary = import_bank(reordered)
    assert summary.updated == ["remap-mcq", "remap-multi"] and summary.answers_remapped == 4
    assert "4 saved answers were re-pointed" in " ".join(summary.lines())
    db.session.expire_all()
    after = {
        (a.attempt_id, a.question_id): _named(a.question, a.value)
        for a in db.session.scalars(select(Answer))
    }
    assert after == before
    assert db.session.get(Answer, (done_id, mcq.id)).value == 3
    assert db.session.get(Answer, (open_id, multi.id)).value == [0, 2]

    # Nothing re-graded: the submitted attempt keeps its scores and results.
    kept = db.session.get(Answer, (done_id, multi.id))
    assert (kept.score, kept.result) == (0.5, {})
    assert db.session.get(Attempt, done_id).score == 1.0

    # The open attempt is graded at its end against the new options: still all right.
    db.session.get(Attempt, open_id).deadline_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    assert finish_expired() == 1
    db.session.expire_all()
    assert db.session.get(Attempt, open_id).score == 2.0

    # Importing the same file again moves nothing.
    assert import_bank(reordered).answers_remapped == 0


def test_an_answer_naming_a_removed_option_is_cleared(app_ctx):
    import_bank(_bank(_marked([A, B, C, D], {"alpha"}), _marked([A, B, C], {"alpha"})))
    mcq, multi = _question("remap-mcq"), _question("remap-multi")
    attempt = _attempt([mcq.id, multi.id], "g")
    db.session.add_all(
        [
            Answer(attempt_id=attempt.id, question_id=mcq.id, value=3),  # delta
            Answer(attempt_id=attempt.id, question_id=multi.id, value=[0, 2]),  # alpha, charlie
        ]
    )
    db.session.commit()
    attempt_id = attempt.id
    import_bank(_bank(_marked([C, B, A], {"alpha"}), _marked([B, A], {"alpha"})))
    db.session.expire_all()
    assert db.session.get(Answer, (attempt_id, mcq.id)).value is None
    assert db.session.get(Answer, (attempt_id, multi.id)).value == [1]


def test_a_type_change_is_left_alone(app_ctx):
    import_bank(_bank(_marked([A, B], {"alpha"}), _marked([A, B, C], {"alpha"})))
    mcq = _question("remap-mcq")
    attempt = _attempt([mcq.id], "g")
    db.session.add(Answer(attempt_id=attempt.id, question_id=mcq.id, value=0))
    db.session.commit()
    attempt_id = attempt.id
    bank = json.loads(_bank(_marked([B, A], {"alpha"}), _marked([A, B, C], {"alpha"})))
    bank["questions"][0]["type"] = "multi"
    assert import_bank(json.dumps(bank).encode()).answers_remapped == 0
    assert db.session.get(Answer, (attempt_id, mcq.id)).value == 0
