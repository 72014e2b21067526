"""Taking a question set: start or resume, autosave answers, submit once, finish on time-out.

Every write runs in one IMMEDIATE transaction, so concurrent saves queue instead of failing,
and the partial unique indexes on ``attempt`` keep one in-progress attempt per learner and set.
"""

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, make_transient_to_detached

from quizapp.attempts.models import Attempt
from quizapp.content.models import utcnow
from quizapp.core.grading import GradeResult, get_type
from quizapp.core.presentation import permutation, present, shown_order, to_canonical
from quizapp.database import (
    as_utc,
    driver_rows,
    json_value,
    stored_time,
    write_connection,
    write_transaction,
)
from quizapp.exceptions import Conflict, DomainError, NotAllowed, NotFound
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet
from quizapp.questions.services import QuestionView, can_see_set, question_views

#: Largest answer stored, as JSON text; anything bigger is refused with a 413-like message.
MAX_ANSWER_JSON = 20_000
#: A save that left the browser just before the deadline is still accepted this long after it.
DEADLINE_GRACE = timedelta(seconds=10)


class AttemptClosed(Conflict):
    """The attempt is finished: it takes no more answers."""


class AnswerRejected(DomainError):
    """The answer has the wrong shape for its question."""

    status = 422


@dataclass(frozen=True)
class Learner:
    """Who is taking a quiz: a signed-in user or a guest's browser session."""

    user_id: int | None = None
    guest_key: str | None = None

    def key(self) -> tuple[str, int | str | None]:
        """("user", user id) or ("guest", guest key): which column owns this learner's rows."""
        if self.user_id is not None:
            return "user", self.user_id
        return "guest", self.guest_key

    def owns(self, attempt) -> bool:
        """True when ``attempt`` (a model or a row with user_id and guest_key) is this learner's."""
        if self.user_id is not None:
            return attempt.user_id == self.user_id
        return self.guest_key is not None and attempt.guest_key == self.guest_key


def new_guest_key() -> str:
    """A random key for a guest's session cookie."""
    return secrets.token_hex(16)


# ---- Starting --------------------------------------------------------------------------------


def start_attempt(set_id: int, learner: Learner, viewer=None) -> tuple[Attempt, bool]:
    """The learner's in-progress attempt at the set, or a new one; (attempt, created)."""
    connection = db.session.connection()
    found = driver_rows(connection, _SET_RULES_READ, {"set_id": set_id})
    rules = _SetRules.of_row(found[0]) if found else None
    if rules is None or not can_see_set(viewer, rules):
        raise NotFound(f"No question set with id {set_id}.")
    rows = driver_rows(connection, _SET_QUESTIONS_READ, {"set_id": set_id})
    if not rows:
        raise DomainError("This question set has no questions yet.")
    return _open_attempt(rules, learner, [qid for (qid,) in rows], retry_of=None)


@dataclass(frozen=True)
class _SetRules:
    """What opening an attempt needs of its set: plain values, read without loading the set."""

    id: int
    shuffle: bool
    attempts_allowed: int | None
    time_limit_minutes: int | None
    status: str
    owner_id: int

    @classmethod
    def of(cls, question_set: QuestionSet) -> "_SetRules":
        return cls(*(getattr(question_set, f.name) for f in fields(cls)))

    @classmethod
    def of_row(cls, row: tuple) -> "_SetRules":
        set_id, shuffle, *rest = row
        return cls(set_id, bool(shuffle), *rest)


class _AttemptRow(NamedTuple):
    """Every column of an attempt, read through the driver."""

    id: int
    question_set_id: int
    user_id: int | None
    guest_key: str | None
    state: str
    question_ids: list[int]
    seed: str
    retry_of_id: int | None
    started_at: datetime
    deadline_at: datetime | None
    submitted_at: datetime | None
    finished_by: str
    score: float | None
    max_score: float | None

    @classmethod
    def of(cls, columns) -> "_AttemptRow":
        row = cls(*columns)
        return row._replace(
            question_ids=json_value(row.question_ids),
            started_at=as_utc(row.started_at),
            deadline_at=as_utc(row.deadline_at),
            submitted_at=as_utc(row.submitted_at),
        )


_ATTEMPT_COLUMNS = ", ".join(_AttemptRow._fields)


# Starting is the heaviest request of a class beginning together: its statements go straight
# through the driver (see database.driver_rows), and only the INSERT queues on the lock.
_SET_RULES_READ = (
    "SELECT id, shuffle, attempts_allowed, time_limit_minutes, status, owner_id"
    " FROM question_set WHERE id = :set_id"
)
_SET_QUESTIONS_READ = (
    "SELECT question_id FROM question_set_item WHERE set_id = :set_id ORDER BY position"
)
_OWNED_BY = {"user": "user_id = :owner", "guest": "guest_key = :owner"}
_OPEN_OF = {
    kind: f"SELECT {_ATTEMPT_COLUMNS} FROM attempt"
    f" WHERE question_set_id = :set_id AND state = 'in_progress' AND {owner}"
    for kind, owner in _OWNED_BY.items()
}
_USED_OF = {
    kind: "SELECT count(*) FROM attempt"
    f" WHERE question_set_id = :set_id AND retry_of_id IS NULL AND {owner}"
    for kind, owner in _OWNED_BY.items()
}
_ATTEMPT_INSERT = (
    "INSERT INTO attempt (question_set_id, user_id, guest_key, state, question_ids, seed,"
    " retry_of_id, started_at, deadline_at, submitted_at, finished_by, score, max_score)"
    " VALUES (:question_set_id, :user_id, :guest_key, :state, :question_ids, :seed,"
    " :retry_of_id, :started_at, :deadline_at, :submitted_at, :finished_by, :score, :max_score)"
    " RETURNING id"
)


def _open_attempt(rules: _SetRules, learner, question_ids, retry_of) -> tuple[Attempt, bool]:
    # Resuming writes nothing, so it does not queue on the write lock.
    existing = _open_attempt_of(db.session.connection(), rules.id, learner)
    if existing is not None and not _is_past(existing.deadline_at, utcnow()):
        return db.session.get(Attempt, existing.id), False
    values = _new_attempt_values(rules, learner, question_ids, retry_of)
    try:
        with write_connection() as connection:
            # Again under the lock: another request may have opened one a moment ago.
            existing = _open_attempt_of(connection, rules.id, learner)
            if existing is not None and not _is_past(existing.deadline_at, utcnow()):
                resumed = existing.id
            else:
                resumed = None
                if existing is not None:
                    questions = _questions_in_order(existing.question_ids)
                    now = utcnow()
                    _finish_row(connection, existing.id, existing.seed, questions, "expired", now)
                if retry_of is None:
                    _check_attempts_allowed(connection, rules, learner)
                values["id"] = _insert_attempt(connection, values)
    except IntegrityError:
        # Another request opened one at the same moment (PostgreSQL); use that one.
        existing = _open_attempt_of(db.session.connection(), rules.id, learner)
        if existing is None:
            raise
        resumed = existing.id
    if resumed is not None:
        return db.session.get(Attempt, resumed), False
    attempt = _known_attempt(values)
    attempt._answers = {}  # a new attempt has none: spares a query when it is shown
    return attempt, True


def _new_attempt_values(rules: _SetRules, learner: Learner, question_ids, retry_of) -> dict:
    seed = secrets.token_hex(16)
    if rules.shuffle:
        order = permutation(len(question_ids), seed + ":questions")
        question_ids = [question_ids[i] for i in order]
    now = utcnow()
    limit = rules.time_limit_minutes
    return {
        "question_set_id": rules.id,
        "user_id": learner.user_id,
        "guest_key": None if learner.user_id is not None else learner.guest_key,
        "state": "in_progress",
        "question_ids": list(question_ids),
        "seed": seed,
        "retry_of_id": retry_of,
        "started_at": now,
        "deadline_at": now + timedelta(minutes=limit) if limit else None,
        "submitted_at": None,
        "finished_by": "",
        "score": None,
        "max_score": None,
    }


def _insert_attempt(connection, values: dict) -> int:
    params = {
        **values,
        "question_ids": json.dumps(values["question_ids"]),
        "started_at": stored_time(connection, values["started_at"]),
        "deadline_at": values["deadline_at"] and stored_time(connection, values["deadline_at"]),
    }
    return driver_rows(connection, _ATTEMPT_INSERT, params)[0][0]


def _known_attempt(values: dict, feedback_timing: str | None = None) -> Attempt:
    """The attempt whose every column is in ``values`` (just written or read through the
    driver), in the session without reading it again."""
    if Session.identity_key(Attempt, values["id"]) in db.session.identity_map:
        return db.session.get(Attempt, values["id"])  # the session's copy, refreshed if stale
    attempt = Attempt(**values)
    make_transient_to_detached(attempt)
    db.session.add(attempt)
    attempt._feedback_timing = feedback_timing  # see feedback_timing()
    return attempt


def _open_attempt_of(connection, set_id: int, learner: Learner) -> _AttemptRow | None:
    """The learner's in-progress attempt at the set."""
    kind, owner = learner.key()
    rows = driver_rows(connection, _OPEN_OF[kind], {"set_id": set_id, "owner": owner})
    return _AttemptRow.of(rows[0]) if rows else None


def _check_attempts_allowed(connection, rules: _SetRules, learner: Learner) -> None:
    if rules.attempts_allowed is None:
        return
    kind, owner = learner.key()
    [(used,)] = driver_rows(connection, _USED_OF[kind], {"set_id": rules.id, "owner": owner})
    if used >= rules.attempts_allowed:
        raise NotAllowed(f"You have used all {rules.attempts_allowed} attempt(s) at this set.")


# ---- Reading ---------------------------------------------------------------------------------


def get_attempt(attempt_id: int, learner: Learner) -> Attempt:
    """The learner's attempt (finished first if its time ran out); NotFound for anyone else's."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or not learner.owns(attempt):
        raise NotFound(f"No attempt with id {attempt_id}.")
    if attempt.state == "in_progress" and _is_past(attempt.deadline_at, utcnow()):
        with write_transaction():
            attempt = db.session.get(Attempt, attempt_id)
            _expire_if_due(attempt)
    return attempt


def attempt_questions(attempt: Attempt) -> list[QuestionView]:
    """The attempt's questions in the order shown (loaded once per request and attempt)."""
    cached = getattr(attempt, "_questions", None)
    if cached is not None and cached[0] == attempt.question_ids:
        return cached[1]
    questions = _questions_in_order(attempt.question_ids)
    attempt._questions = (list(attempt.question_ids), questions)
    return questions


def shown_question(attempt: Attempt, question: Question) -> tuple[dict, list[int] | None]:
    """A question as this attempt shows it (public spec, this attempt's shuffle)."""
    shown = getattr(attempt, "_shown", None)
    if shown is None:
        shown = attempt._shown = {}
    key = (question.id, question.updated_at)
    if key not in shown:
        shown[key] = present(
            get_type(question.type), question.spec, f"{attempt.seed}:{question.id}"
        )
    public, order = shown[key]
    return dict(public), order


class SavedAnswer(NamedTuple):
    """One saved answer, as plain values."""

    question_id: int
    value: object
    saved_at: datetime
    score: float | None
    result: dict | None


def attempt_answers(attempt: Attempt) -> dict[int, SavedAnswer]:
    """Question id → the answer saved for it (read once per request and attempt).

    Plain SQL rather than the ORM relationship: a class's submits and result pages each read
    twenty answers, and building ORM objects for them cost more than everything else.
    """
    answers = attempt.__dict__.get("_answers")
    if answers is None:
        answers = _read_answers(attempt.id)
        attempt._answers = answers
    return answers


@event.listens_for(Attempt, "expire")
def _forget_answers(attempt: Attempt, _attributes) -> None:
    # Expired (a write transaction began, or the attempt was finished): read them again.
    attempt.__dict__.pop("_answers", None)


def _read_answers(attempt_id: int, connection=None) -> dict[int, SavedAnswer]:
    rows = driver_rows(
        connection or db.session.connection(), _ANSWERS_READ, {"attempt_id": attempt_id}
    )
    return {
        question_id: SavedAnswer(
            question_id, json_value(value), as_utc(saved_at), score, json_value(result)
        )
        for question_id, value, saved_at, score, result in rows
    }


def saved_answers(attempt: Attempt) -> dict[int, object]:
    """Question id → the answer saved for it."""
    return {qid: answer.value for qid, answer in attempt_answers(attempt).items()}


# ---- Saving ----------------------------------------------------------------------------------


#: The autosave's read and write, run straight through the driver (``driver_rows``): it is
#: the hottest request (every change of every learner), and per-statement cost dominated it.
_SAVE_READ = (
    "SELECT a.user_id, a.guest_key, a.state, a.deadline_at, a.question_ids, a.seed,"
    " q.id, q.type, q.spec"
    " FROM attempt a LEFT JOIN question q ON q.id = :question_id"
    " WHERE a.id = :attempt_id"
)


class _SaveRow(NamedTuple):
    user_id: int | None
    guest_key: str | None
    state: str
    deadline_at: datetime | None
    question_ids: list[int]
    seed: str
    question_id: int | None
    type: str | None
    spec: dict | None

    @classmethod
    def of(cls, row: tuple) -> "_SaveRow":
        return cls(*row[:3], as_utc(row[3]), json_value(row[4]), *row[5:8], json_value(row[8]))


# The save also stores the grading the shape check just computed (never shown before the
# attempt is submitted), so submitting only has to add up scores: a class submitting at the
# same moment then queues for milliseconds, not for twenty gradings each.
_SAVE_WRITE = (
    "INSERT INTO answer (attempt_id, question_id, value, saved_at, score, result)"
    " VALUES (:attempt_id, :question_id, :value, :saved_at, :score, :result)"
    " ON CONFLICT (attempt_id, question_id)"
    " DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at,"
    " score = excluded.score, result = excluded.result"
)


#: Integers beyond this lose precision in JSON numbers (and in SQLite's numeric affinity);
#: no answer needs them, so they are refused rather than stored changed.
MAX_SAFE_INTEGER = 2**53


def _has_unsafe_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > MAX_SAFE_INTEGER
    if isinstance(value, list):
        return any(_has_unsafe_number(v) for v in value)
    if isinstance(value, dict):
        return any(_has_unsafe_number(v) for v in value.values())
    return False


def save_answer(attempt_id: int, question_id: int, value, learner: Learner) -> datetime:
    """Store the learner's latest answer to one question; 409 once the attempt is finished."""
    value_json = json.dumps(value, ensure_ascii=False)
    if len(value_json) > MAX_ANSWER_JSON:
        raise AnswerRejected(f"That answer is too long (more than {MAX_ANSWER_JSON:,} characters).")
    if _has_unsafe_number(value):
        raise AnswerRejected("That number is too large to be an answer.")
    with write_connection() as connection:
        found = driver_rows(
            connection, _SAVE_READ, {"attempt_id": attempt_id, "question_id": question_id}
        )
        row = _SaveRow.of(found[0]) if found else None
        if row is None or not learner.owns(row):
            raise NotFound(f"No attempt with id {attempt_id}.")
        now = utcnow()
        if row.state != "in_progress":
            raise AttemptClosed("This attempt is finished; answers can no longer be changed.")
        if _is_past(row.deadline_at, now):
            questions = _questions_in_order(row.question_ids)
            _finish_row(connection, attempt_id, row.seed, questions, "expired", now)
            connection.commit()  # the finish must be kept even though the save is refused
            raise AttemptClosed("Time is up: the attempt was finished with your saved answers.")
        if row.question_id is None or question_id not in row.question_ids:
            raise NotFound(f"Question {question_id} is not part of this attempt.")
        result = _check_shape(row.seed, row, value)
        driver_rows(
            connection,
            _SAVE_WRITE,
            {
                "attempt_id": attempt_id,
                "question_id": question_id,
                "value": value_json,
                "saved_at": stored_time(connection, now),
                "score": result.score if result else None,
                "result": json.dumps(_result_json(result), ensure_ascii=False) if result else None,
            },
        )
    return now


def _check_shape(seed: str, question, value) -> GradeResult | None:
    """Grade the answer; refuse those the grader could never accept, with its explanation."""
    if value is None:
        return None  # clearing an answer is allowed
    qtype = get_type(question.type)
    order = shown_order(qtype, question.spec, f"{seed}:{question.question_id}")
    result = qtype.grade(question.spec, to_canonical(value, order))
    if result.error is not None:
        raise AnswerRejected(
            result.error.en, details=[{"en": result.error.en, "hi": result.error.hi}]
        )
    return result


def _result_json(result: GradeResult) -> dict:
    return {
        "score": result.score,
        "correct": result.correct,
        "near_miss": result.near_miss,
        "feedback": {"en": result.feedback.en, "hi": result.feedback.hi},
    }


# ---- Submitting and finishing ----------------------------------------------------------------


def submit_attempt(attempt_id: int, learner: Learner) -> Attempt:
    """Grade and close the attempt; submitting again returns it unchanged."""
    row, timing = _attempt_row(db.session.connection(), attempt_id)
    if row is None or not learner.owns(row):
        raise NotFound(f"No attempt with id {attempt_id}.")
    if row.state != "in_progress":
        return _known_attempt(row._asdict(), timing)
    # Everything that can be read beforehand is: a class submitting at the same moment queues
    # on the write lock only for the answers' read and one UPDATE each.
    questions = _questions_in_order(row.question_ids)
    now = utcnow()
    finished_by = "expired" if _is_past(row.deadline_at, now) else "submitted"
    with write_connection() as connection:
        answers, finished = _finish_row(
            connection, attempt_id, row.seed, questions, finished_by, now
        )
    if finished is None:  # finished by another request a moment ago: read what it wrote
        return db.session.get(Attempt, attempt_id)
    attempt = _known_attempt({**row._asdict(), **finished}, timing)
    # What the finish just read: see attempt_questions and attempt_answers.
    attempt._questions = (list(row.question_ids), questions)
    attempt._answers = answers
    return attempt


_ATTEMPT_READ = (
    f"SELECT {', '.join('a.' + name for name in _AttemptRow._fields)}, s.feedback_timing"
    " FROM attempt a JOIN question_set s ON s.id = a.question_set_id WHERE a.id = :attempt_id"
)


def _attempt_row(connection, attempt_id: int) -> tuple[_AttemptRow, str] | tuple[None, None]:
    """Every column of the attempt, and its set's feedback setting."""
    rows = driver_rows(connection, _ATTEMPT_READ, {"attempt_id": attempt_id})
    if not rows:
        return None, None
    *columns, timing = rows[0]
    return _AttemptRow.of(columns), timing


_STAMP_READ = (
    "SELECT a.user_id, a.guest_key, a.state, a.submitted_at, s.feedback_timing"
    " FROM attempt a JOIN question_set s ON s.id = a.question_set_id WHERE a.id = :attempt_id"
)


class _StampRow(NamedTuple):
    user_id: int | None
    guest_key: str | None
    state: str
    submitted_at: str | datetime | None
    feedback_timing: str


def finished_stamp(attempt_id: int, learner: Learner) -> tuple | None:
    """``(id, submitted_at, feedback setting)`` of the learner's submitted attempt, which is
    all its results depend on (a cache key), or None while it is in progress; NotFound for
    anyone else's. One plain query: a whole class reloading results, or a repeat submit,
    then costs little more than the lookup."""
    rows = driver_rows(db.session.connection(), _STAMP_READ, {"attempt_id": attempt_id})
    row = _StampRow(*rows[0]) if rows else None
    if row is None or not learner.owns(row):
        raise NotFound(f"No attempt with id {attempt_id}.")
    if row.state != "submitted":
        return None
    return (attempt_id, as_utc(row.submitted_at), row.feedback_timing)


def attempt_stamp(attempt: Attempt) -> tuple:
    """``finished_stamp`` of a loaded, submitted attempt."""
    return (attempt.id, attempt.submitted_at, feedback_timing(attempt))


def feedback_timing(attempt: Attempt) -> str:
    """The set's feedback setting (read along with the attempt when that was plain SQL)."""
    timing = attempt.__dict__.get("_feedback_timing")
    return timing if timing is not None else attempt.question_set.feedback_timing


def _is_past(deadline_at: datetime | None, now: datetime) -> bool:
    return deadline_at is not None and now > deadline_at + DEADLINE_GRACE


def _expire_if_due(attempt: Attempt) -> bool:
    if attempt.state == "in_progress" and _is_past(attempt.deadline_at, utcnow()):
        _finish(attempt, "expired")
        return True
    return False


def _finish(attempt: Attempt, finished_by: str) -> None:
    """Inside a write transaction: close a loaded attempt (see ``_finish_row``)."""
    db.session.flush()
    questions = _questions_in_order(attempt.question_ids)
    _finish_row(db.session.connection(), attempt.id, attempt.seed, questions, finished_by, utcnow())
    # Written below the ORM: what the session holds of the attempt is now stale.
    for answer in attempt.__dict__.get("answers", ()):
        db.session.expire(answer)
    db.session.expire(attempt)


#: Finishing in plain SQL (inside the write transaction), see ``submit_attempt``.
_ANSWERS_READ = (
    "SELECT question_id, value, saved_at, score, result FROM answer WHERE attempt_id = :attempt_id"
)
_REGRADE_WRITE = (
    "UPDATE answer SET score = :score, result = :result"
    " WHERE attempt_id = :attempt_id AND question_id = :question_id"
)
# Only an attempt still in progress is finished: a submit racing the time-out scores once.
_FINISH_WRITE = (
    "UPDATE attempt SET state = :state, finished_by = :finished_by,"
    " submitted_at = :submitted_at, score = :score, max_score = :max_score"
    " WHERE id = :attempt_id AND state = 'in_progress' RETURNING id"
)


def _finish_row(
    connection,
    attempt_id: int,
    seed: str,
    questions: list[QuestionView],
    finished_by: str,
    now: datetime,
) -> tuple[dict[int, SavedAnswer], dict | None]:
    """In ``connection``'s write transaction: total the saved answers (unanswered questions
    score 0) and close the attempt, if it is still in progress. The answers, as graded, and
    the attempt's new column values (None if it was no longer in progress)."""
    answers = _read_answers(attempt_id, connection)
    total = earned = 0.0
    for question in questions:
        total += question.points
        answer = answers.get(question.id)
        if answer is None or answer.value is None:
            continue
        # Graded when saved; again only if the question changed since.
        if answer.result is None or answer.saved_at < as_utc(question.updated_at):
            qtype = get_type(question.type)
            order = shown_order(qtype, question.spec, f"{seed}:{question.id}")
            result = qtype.grade(question.spec, to_canonical(answer.value, order))
            answer = answers[question.id] = answer._replace(
                score=result.score, result=_result_json(result)
            )
            driver_rows(
                connection,
                _REGRADE_WRITE,
                {
                    "attempt_id": attempt_id,
                    "question_id": question.id,
                    "score": answer.score,
                    "result": json.dumps(answer.result, ensure_ascii=False),
                },
            )
        earned += (answer.score or 0.0) * question.points
    finished = {
        "state": "submitted",
        "finished_by": finished_by,
        "submitted_at": now,
        "score": round(earned, 4),
        "max_score": total,
    }
    closed = driver_rows(
        connection,
        _FINISH_WRITE,
        {**finished, "attempt_id": attempt_id, "submitted_at": stored_time(connection, now)},
    )
    return answers, (finished if closed else None)


def _questions_in_order(question_ids: list[int]) -> list[QuestionView]:
    by_id = question_views(question_ids)
    return [by_id[qid] for qid in question_ids if qid in by_id]


def finish_expired(now: datetime | None = None) -> int:
    """Finish every in-progress attempt whose time ran out; how many were finished."""
    now = now or utcnow()
    with write_transaction():
        due = list(
            db.session.scalars(
                select(Attempt).where(
                    Attempt.state == "in_progress",
                    Attempt.deadline_at.is_not(None),
                    Attempt.deadline_at < now - DEADLINE_GRACE,
                )
            )
        )
        for attempt in due:
            _finish(attempt, "expired")
    return len(due)


def retry_missed(attempt_id: int, learner: Learner) -> Attempt:
    """A new attempt with only the questions this finished attempt did not get fully right."""
    attempt = get_attempt(attempt_id, learner)
    if attempt.state != "submitted":
        raise Conflict("Submit this attempt before retrying the missed questions.")
    scores = {qid: a.score or 0 for qid, a in attempt_answers(attempt).items()}
    missed = [qid for qid in attempt.question_ids if scores.get(qid, 0) < 1]
    if not missed:
        raise Conflict("Every question was right: there is nothing to retry.")
    new, _created = _open_attempt(
        _SetRules.of(attempt.question_set), learner, missed, retry_of=attempt.id
    )
    return new


# ---- Results ---------------------------------------------------------------------------------


def feedback_visible(attempt: Attempt) -> bool:
    """Whether per-question results (correct answers, feedback) may be shown now."""
    timing = feedback_timing(attempt)
    return attempt.state == "submitted" and timing in ("immediate", "after_submit")


class QuestionResult(NamedTuple):
    """One question of a finished attempt, as the results page and the API show it.

    (A named tuple: twenty are built per results view, and a frozen dataclass cost ten calls
    each to set its fields.)"""

    question: Question
    shown: dict
    answer: object
    correct_answer: object
    score: float
    earned: float
    correct: bool
    near_miss: bool
    feedback: dict


def results(attempt: Attempt) -> list[QuestionResult]:
    """Per-question results of a finished attempt, in the order shown."""
    answers = attempt_answers(attempt)
    out = []
    for question in attempt_questions(attempt):
        shown, order = shown_question(attempt, question)
        answer = answers.get(question.id)
        result = (answer.result if answer is not None else None) or {}
        key = get_type(question.type).correct_answer(question.spec)
        out.append(
            QuestionResult(
                question=question,
                shown=shown,
                answer=answer.value if answer is not None else None,
                correct_answer=_to_shown(key, order),
                score=result.get("score", 0.0),
                earned=round(result.get("score", 0.0) * question.points, 4),
                correct=result.get("correct", False),
                near_miss=result.get("near_miss", False),
                feedback=result.get("feedback")
                or {"en": "Not answered.", "hi": "उत्तर नहीं दिया गया।"},
            )
        )
    return out


def _to_shown(canonical, order: list[int] | None):
    """Express a canonical answer in the shown (shuffled) indices."""
    if order is None or not isinstance(canonical, list):
        return canonical
    position = {index: shown for shown, index in enumerate(order)}
    return [position.get(i, i) for i in canonical]


def best_scores(set_ids: Iterable[int], learner: Learner | None) -> dict[int, float]:
    """Set id → the learner's best finished score as a fraction 0..1."""
    if learner is None or (learner.user_id is None and learner.guest_key is None):
        return {}
    owner = (
        Attempt.user_id == learner.user_id
        if learner.user_id is not None
        else Attempt.guest_key == learner.guest_key
    )
    rows = db.session.execute(
        select(Attempt.question_set_id, func.max(Attempt.score / Attempt.max_score))
        .where(
            owner,
            Attempt.state == "submitted",
            Attempt.retry_of_id.is_(None),
            Attempt.max_score > 0,
            Attempt.question_set_id.in_(list(set_ids)),
        )
        .group_by(Attempt.question_set_id)
    )
    return {set_id: best for set_id, best in rows}


def claim_guest_attempts(guest_key: str, user_id: int) -> int:
    """Move a guest's attempts into the account made from that browser (the sign-up seam)."""
    with write_transaction():
        attempts = list(db.session.scalars(select(Attempt).where(Attempt.guest_key == guest_key)))
        for attempt in attempts:
            db.session.flush()  # the check below reads in plain SQL: it must see earlier moves
            clash = attempt.state == "in_progress" and _open_attempt_of(
                db.session.connection(), attempt.question_set_id, Learner(user_id=user_id)
            )
            if clash:
                _finish(attempt, "submitted")
            attempt.user_id, attempt.guest_key = user_id, None
    return len(attempts)
