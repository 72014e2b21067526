"""Taking a question set: start or resume, autosave answers, submit once, finish on time-out.

The rules of taking a quiz. The statements they run are named in ``attempts/queries.py``;
every write runs in one IMMEDIATE transaction (``database.write_connection``), so concurrent
saves queue instead of failing, and the partial unique indexes on ``attempt`` keep one
in-progress attempt per learner and set. Services hand back an ``AttemptView``: an explicit
snapshot of plain values, never an ORM object with state hung on it.
"""

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from blinker import Namespace
from sqlalchemy.exc import IntegrityError

from quizapp.attempts import queries
from quizapp.attempts.queries import AttemptRow, SavedAnswer, SetCardRow, SetInfo
from quizapp.core.grading import GradeResult, get_type
from quizapp.core.grading.common import is_answered
from quizapp.core.presentation import (
    display_order,
    permutation,
    present,
    shown_order,
    to_canonical,
)
from quizapp.database import as_utc, read_connection, utcnow, write_connection
from quizapp.exceptions import Conflict, DomainError, NotAllowed, NotFound, SignInRequired
from quizapp.extensions import db
from quizapp.questions.services import QuestionView, can_see_set, question_views

#: Largest answer stored, as JSON text; anything bigger is refused with a 413-like message.
MAX_ANSWER_JSON = 20_000
#: A save that left the browser just before the deadline is still accepted this long after it.
DEADLINE_GRACE = timedelta(seconds=10)
#: Integers beyond this lose precision in JSON numbers (and in SQLite's numeric affinity);
#: no answer needs them, so they are refused rather than stored changed.
MAX_SAFE_INTEGER = 2**53

_signals = Namespace()
#: Sent once when a learner's submit finishes an attempt, with ``view`` (an AttemptView).
#: Features above this one (My words) react to it; this package never imports them.
attempt_submitted = _signals.signal("attempt-submitted")


class AttemptClosed(Conflict):
    """The attempt is finished: it takes no more answers."""


class AnswerLocked(Conflict):
    """The learner checked this answer (immediate feedback): it can no longer be changed."""


class FeedbackLater(Conflict):
    """The set shows its feedback later, so an answer cannot be checked on its own."""


class NothingToCheck(Conflict):
    """The question has no saved answer to check."""


class AnswerRejected(DomainError):
    """The answer has the wrong shape for its question."""

    status = 422


@dataclass(frozen=True)
class Learner:
    """Who is taking a quiz: a signed-in user or a guest's browser session."""

    user_id: int | None = None
    guest_key: str | None = None

    def key(self) -> queries.OwnerKey:
        """("user", user id) or ("guest", guest key): which column owns this learner's rows."""
        if self.user_id is not None:
            return "user", self.user_id
        return "guest", self.guest_key

    def owns(self, row) -> bool:
        """True when ``row`` (anything with user_id and guest_key) is this learner's."""
        if self.user_id is not None:
            return row.user_id == self.user_id
        return self.guest_key is not None and row.guest_key == self.guest_key


def new_guest_key() -> str:
    """A random key for a guest's session cookie."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class AttemptView:
    """An attempt as one request sees it: the row, its set, its questions in the order shown
    and the saved answers, read once. Pages and the API render from this."""

    attempt: AttemptRow
    question_set: SetInfo
    questions: tuple[QuestionView, ...]
    answers: Mapping[int, SavedAnswer]
    _shown: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> int:
        """The attempt's id."""
        return self.attempt.id

    @property
    def state(self) -> str:
        """ "in_progress" or "submitted"."""
        return self.attempt.state

    def shown(self, question: QuestionView) -> tuple[dict, list[int] | None]:
        """The question as this attempt shows it (public spec in this attempt's shuffle) and
        the permutation answers index into (None for mcq and multi: their shown options carry
        the canonical ``index`` answers name); computed once per question."""
        found = self._shown.get(question.id)
        if found is None:
            found = self._shown[question.id] = present(
                get_type(question.type), self._spec(question), f"{self.attempt.seed}:{question.id}"
            )
        public, order = found
        return dict(public), order

    def order(self, question: QuestionView) -> tuple[int, ...] | None:
        """The permutation this attempt shows the question's list in — ordering items,
        matching rights or mcq/multi options; None when nothing is shuffled — without building
        the public spec (cheap: a page asks it of every question, for its rendering's key)."""
        qtype = get_type(question.type)
        order = display_order(qtype, self._spec(question), f"{self.attempt.seed}:{question.id}")
        return tuple(order) if order is not None else None

    def _spec(self, question: QuestionView) -> dict:
        """The question's spec as this set shows it: a set that does not shuffle options
        shows every question's options as written (their ``fixed_order``)."""
        if self.question_set.shuffle_options or "options" not in question.spec:
            return question.spec
        return {**question.spec, "fixed_order": True}

    def saved_values(self) -> dict[int, object]:
        """Question id → the answer saved for it."""
        return {qid: answer.value for qid, answer in self.answers.items()}


# ---- Starting --------------------------------------------------------------------------------


#: Sets that keep their answers from the learner, at least for now.
HIDDEN_FEEDBACK = ("after_due", "never")


def needs_account(attempts_allowed: int | None, feedback_timing: str) -> bool:
    """Whether a set may be taken only signed in: one with an attempt limit or hidden answers.

    Each new guest session could otherwise start it afresh, see how it scored, and take it
    again with an account knowing the key.
    """
    return attempts_allowed is not None or feedback_timing in HIDDEN_FEEDBACK


def start_attempt(set_id: int, learner: Learner, viewer=None) -> tuple[AttemptView, bool]:
    """The learner's in-progress attempt at the set, or a new one; (attempt, created)."""
    connection = db.session.connection()
    info = queries.set_info(connection, set_id)
    if info is None or not can_see_set(viewer, info):
        raise NotFound(f"No question set with id {set_id}.")
    if learner.user_id is None and needs_account(info.attempts_allowed, info.feedback_timing):
        raise SignInRequired(
            "Sign in to take this set: it counts your attempts or keeps its answers hidden."
        )
    question_ids = queries.set_question_ids(connection, set_id)
    if not question_ids:
        raise DomainError("This question set has no questions yet.")
    return _open_attempt(info, learner, question_ids, retry_of=None)


def _open_attempt(info: SetInfo, learner, question_ids, retry_of) -> tuple[AttemptView, bool]:
    # Resuming writes nothing, so it does not queue on the write lock.
    existing = queries.open_attempt(db.session.connection(), info.id, learner.key())
    if existing is not None and not _is_past(existing.deadline_at, utcnow()):
        return _view(existing, info), False
    values = _new_attempt_values(info, learner, question_ids, retry_of)
    try:
        with write_connection() as connection:
            # Again under the lock: another request may have opened one a moment ago.
            existing = queries.open_attempt(connection, info.id, learner.key())
            if existing is not None and not _is_past(existing.deadline_at, utcnow()):
                return _view(existing, info), False
            if existing is not None:
                questions = _questions_in_order(existing.question_ids, connection)
                _finish_row(connection, existing.id, existing.seed, questions, "expired", utcnow())
            _check_attempts_allowed(connection, info, learner)
            values["id"] = queries.insert_attempt(connection, values)
    except IntegrityError:
        # Another request opened one at the same moment (PostgreSQL); use that one.
        existing = queries.open_attempt(db.session.connection(), info.id, learner.key())
        if existing is None:
            raise
        return _view(existing, info), False
    row = AttemptRow(**values)
    return AttemptView(row, info, tuple(_questions_in_order(row.question_ids)), {}), True


def _new_attempt_values(info: SetInfo, learner: Learner, question_ids, retry_of) -> dict:
    seed = secrets.token_hex(16)
    if info.shuffle:
        order = permutation(len(question_ids), seed + ":questions")
        question_ids = [question_ids[i] for i in order]
    now = utcnow()
    limit = info.time_limit_minutes
    return {
        "question_set_id": info.id,
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


def _check_attempts_allowed(connection, info: SetInfo, learner: Learner) -> None:
    if info.attempts_allowed is None:
        return
    if queries.attempts_used(connection, info.id, learner.key()) >= info.attempts_allowed:
        raise NotAllowed(f"You have used all {info.attempts_allowed} attempt(s) at this set.")


# ---- Reading ---------------------------------------------------------------------------------


def get_attempt(attempt_id: int, learner: Learner) -> AttemptView:
    """The learner's attempt (finished first if its time ran out); NotFound for anyone else's."""
    connection = db.session.connection()
    found = queries.attempt_with_set(connection, attempt_id)
    if found is None or not learner.owns(found[0]):
        raise NotFound(f"No attempt with id {attempt_id}.")
    row, info = found
    if row.state == "in_progress" and _is_past(row.deadline_at, utcnow()):
        return _finish(row, info, "expired")[0]
    return _view(row, info, connection=connection)


def quiz_page_stamp(attempt_id: int, learner: Learner) -> tuple | None:
    """Everything in the database the learner's quiz page shows, as a cache key: the attempt,
    its set as the page shows it, when its questions last changed, its saved answers' count and
    latest time, and the seconds left. None when the attempt is not simply in progress
    (submitted, or its time ran out: ``get_attempt`` deals with it); NotFound for anyone else's.

    One statement: a reload of an unchanged page reads nothing else. Read apart from the view
    the page is then built from, so a save landing in between puts a newer page under an older
    key, one that no later request computes again (answers are only ever added or re-saved).
    """
    found = queries.page_stamp(attempt_id)
    if found is None or not learner.owns(found.attempt):
        raise NotFound(f"No attempt with id {attempt_id}.")
    row, now = found.attempt, utcnow()
    if row.state != "in_progress" or _is_past(row.deadline_at, now):
        return None
    return (
        row.id,
        row.retry_of_id,
        _seconds_left(row.deadline_at, now),
        found.question_set,
        found.questions_changed_at,
        found.answer_count,
        found.last_saved_at,
        found.checked_count,
    )


def read_attempt(attempt_id: int) -> AttemptView | None:
    """Any attempt, whoever's it is: for services that already know they may see it."""
    found = queries.attempt_with_set(db.session.connection(), attempt_id)
    return _view(*found) if found is not None else None


def _view(row: AttemptRow, info: SetInfo, answers=None, connection=None) -> AttemptView:
    # One connection for the reads of a view (asking the session for it costs every time).
    connection = connection if connection is not None else db.session.connection()
    questions = tuple(_questions_in_order(row.question_ids, connection))
    if answers is None:
        answers = queries.answers(connection, row.id)
    return AttemptView(row, info, questions, answers)


def _questions_in_order(question_ids: list[int], connection=None) -> list[QuestionView]:
    """The questions in the attempt's order; inside a write, read on its ``connection``."""
    by_id = question_views(question_ids, connection)
    return [by_id[qid] for qid in question_ids if qid in by_id]


def _is_past(deadline_at: datetime | None, now: datetime) -> bool:
    return deadline_at is not None and now > deadline_at + DEADLINE_GRACE


# ---- Saving ----------------------------------------------------------------------------------


def save_answer(attempt_id: int, question_id: int, value, learner: Learner) -> datetime:
    """Store the learner's latest answer to one question; 409 once the attempt is finished.

    The answer is graded as it is saved (never shown before the attempt is submitted), so
    submitting only adds up scores: a class submitting at the same moment then queues for
    milliseconds, not for twenty gradings each.
    """
    value_json = json.dumps(value, ensure_ascii=False)
    if len(value_json) > MAX_ANSWER_JSON:
        raise AnswerRejected(f"That answer is too long (more than {MAX_ANSWER_JSON:,} characters).")
    if _has_unsafe_number(value):
        raise AnswerRejected("That number is too large to be an answer.")
    with write_connection() as connection:
        target = queries.save_target(connection, attempt_id, question_id)
        if target is None or not learner.owns(target):
            raise NotFound(f"No attempt with id {attempt_id}.")
        now = utcnow()
        _refuse_unless_open(connection, attempt_id, question_id, target, now, "changed")
        if target.checked:
            raise AnswerLocked("You checked this answer, so it can no longer be changed.")
        result = _check_shape(target.seed, target, value)
        queries.upsert_answer(
            connection,
            attempt_id,
            question_id,
            value_json,
            now,
            result.score if result else None,
            _result_json(result) if result else None,
        )
    return now


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


# ---- Checking one answer (immediate feedback) ------------------------------------------------


def _refuse_unless_open(connection, attempt_id, question_id, target, now, verb: str) -> None:
    """An answer is written (saved or checked) only in an open attempt that holds the
    question; an attempt whose time ran out is finished from its saved answers first, and that
    finish is kept although the write is refused."""
    if target.state != "in_progress":
        raise AttemptClosed(f"This attempt is finished; answers can no longer be {verb}.")
    if _is_past(target.deadline_at, now):
        questions = _questions_in_order(target.question_ids, connection)
        _finish_row(connection, attempt_id, target.seed, questions, "expired", now)
        connection.commit()
        raise AttemptClosed("Time is up: the attempt was finished with your saved answers.")
    if target.question_id is None or question_id not in target.question_ids:
        raise NotFound(f"Question {question_id} is not part of this attempt.")


def check_answer(attempt_id: int, question_id: int, learner: Learner) -> "QuestionResult":
    """Grade one saved answer now and lock it, in a set with immediate feedback; its result.

    Graded as submitting would grade it, and stored with a ``checked`` mark: the submit then
    counts that verdict as it was shown, and saves to the question are refused. Checking again
    returns the stored result and writes nothing.
    """
    with write_connection() as connection:
        target = queries.save_target(connection, attempt_id, question_id)
        if target is None or not learner.owns(target):
            raise NotFound(f"No attempt with id {attempt_id}.")
        if target.feedback_timing != "immediate":
            raise FeedbackLater("This set shows feedback after submitting.")
        now = utcnow()
        _refuse_unless_open(connection, attempt_id, question_id, target, now, "checked")
        if not target.checked:
            if target.saved_at is None or not is_answered(target.value):
                raise NothingToCheck("Answer it first.")
            question = question_views([question_id], connection)[question_id]
            score = (target.result or {}).get("score")
            saved = SavedAnswer(question_id, target.value, target.saved_at, score, target.result)
            graded = _graded(saved, question, target.seed)
            result = {**graded.result, "checked": True, "checked_at": now.isoformat()}
            queries.store_grading(connection, attempt_id, question_id, graded.score, result)
    view = read_attempt(attempt_id)
    question = next(q for q in view.questions if q.id == question_id)
    return question_result(view, question)


def checked_results(view: AttemptView) -> dict[int, "QuestionResult"]:
    """Question id → the result of each answer the learner checked (immediate feedback)."""
    return {
        question.id: question_result(view, question)
        for question in view.questions
        if _is_checked(view.answers.get(question.id))
    }


def can_check(view: AttemptView) -> bool:
    """Whether the learner may check answers one by one in this attempt now."""
    return view.state == "in_progress" and view.question_set.feedback_timing == "immediate"


# ---- Submitting and finishing ----------------------------------------------------------------


def submit_attempt(attempt_id: int, learner: Learner) -> AttemptView:
    """Grade and close the attempt; submitting again returns it unchanged.

    The one submit of the page and the API: the first submit also tells ``attempt_submitted``
    receivers (My words collects the words behind missed vocabulary questions).
    """
    found = queries.attempt_with_set(db.session.connection(), attempt_id)
    if found is None or not learner.owns(found[0]):
        raise NotFound(f"No attempt with id {attempt_id}.")
    row, info = found
    if row.state != "in_progress":
        return _view(row, info)
    finished_by = "expired" if _is_past(row.deadline_at, utcnow()) else "submitted"
    view, closed_here = _finish(row, info, finished_by)
    if closed_here:
        attempt_submitted.send(view=view)
    return view


def _finish(row: AttemptRow, info: SetInfo, finished_by: str) -> tuple[AttemptView, bool]:
    """Close an attempt in progress: the attempt as it is afterwards, and whether this request
    closed it (False when another one did a moment ago)."""
    # Everything that can be read beforehand is: a class submitting at the same moment queues
    # on the write lock only for the answers' read and one UPDATE each.
    questions = _questions_in_order(row.question_ids)
    now = utcnow()
    with write_connection() as connection:
        answers, finished = _finish_row(connection, row.id, row.seed, questions, finished_by, now)
    if finished is None:  # finished by another request a moment ago: read what it wrote
        found = queries.attempt_with_set(db.session.connection(), row.id)
        return _view(*found), False
    return AttemptView(row._replace(**finished), info, tuple(questions), answers), True


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
    if not queries.lock_open_attempt(connection, attempt_id):
        return queries.answers(connection, attempt_id), None  # finished a moment ago
    answers = queries.answers(connection, attempt_id)
    total = earned = 0.0
    for question in questions:
        total += question.points
        answer = answers.get(question.id)
        if answer is None or answer.value is None:
            continue
        graded = _graded(answer, question, seed)
        if graded is not answer:
            answer = answers[question.id] = graded
            queries.store_grading(connection, attempt_id, question.id, answer.score, answer.result)
        earned += (answer.score or 0.0) * question.points
    finished = {
        "state": "submitted",
        "finished_by": finished_by,
        "submitted_at": now,
        "score": round(earned, 4),
        "max_score": total,
    }
    closed = queries.close_attempt(
        connection, attempt_id, finished_by, now, finished["score"], finished["max_score"]
    )
    return answers, (finished if closed else None)


def _graded(answer: SavedAnswer, question: QuestionView, seed: str) -> SavedAnswer:
    """The answer with its grading: as stored when it was graded on saving (or checked), graded
    again only if the question changed since. A checked answer keeps the verdict shown."""
    if _is_checked(answer):
        return answer
    if answer.result is not None and answer.saved_at >= as_utc(question.updated_at):
        return answer
    qtype = get_type(question.type)
    order = shown_order(qtype, question.spec, f"{seed}:{question.id}")
    result = qtype.grade(question.spec, to_canonical(answer.value, order))
    return answer._replace(score=result.score, result=_result_json(result))


def _is_checked(answer: SavedAnswer | None) -> bool:
    return answer is not None and bool(answer.result and answer.result.get("checked"))


def finish_expired(now: datetime | None = None) -> int:
    """Finish every in-progress attempt whose time ran out; how many were finished."""
    now = now or utcnow()
    finished = 0
    with write_connection() as connection:
        for attempt_id in queries.due_attempt_ids(connection, now - DEADLINE_GRACE):
            row, _info = queries.attempt_with_set(connection, attempt_id)
            questions = _questions_in_order(row.question_ids, connection)
            if _finish_row(connection, row.id, row.seed, questions, "expired", now)[1]:
                finished += 1
    return finished


def retry_missed(attempt_id: int, learner: Learner) -> AttemptView:
    """A new attempt with only the questions this finished attempt did not get fully right."""
    view = get_attempt(attempt_id, learner)
    if view.state != "submitted":
        raise Conflict("Submit this attempt before retrying the missed questions.")
    if not feedback_visible(view):
        # Its score would tell which changed answer is right: the key the set keeps hidden.
        raise NotAllowed("This set does not show its answers, so there is nothing to retry.")
    scores = {qid: a.score or 0 for qid, a in view.answers.items()}
    missed = [qid for qid in view.attempt.question_ids if scores.get(qid, 0) < 1]
    if not missed:
        raise Conflict("Every question was right: there is nothing to retry.")
    new, _created = _open_attempt(view.question_set, learner, missed, retry_of=view.id)
    return new


def claim_guest_attempts(guest_key: str, user_id: int) -> int:
    """Move a guest's attempts into the account made or signed in from that browser; an
    attempt in progress at a set where the account has one already is finished first."""
    account = Learner(user_id=user_id)
    with write_connection() as connection:
        attempts = queries.guest_attempts(connection, guest_key)
        for row in attempts:
            if row.state == "in_progress" and queries.open_attempt(
                connection, row.question_set_id, account.key()
            ):
                questions = _questions_in_order(row.question_ids, connection)
                _finish_row(connection, row.id, row.seed, questions, "submitted", utcnow())
        queries.move_guest_attempts(connection, guest_key, user_id)
    return len(attempts)


# ---- Results ---------------------------------------------------------------------------------


def feedback_visible(view: AttemptView, now: datetime | None = None) -> bool:
    """Whether per-question results (correct answers, feedback) may be shown now: after the
    submit, or for "after_due" sets once the due date of the learner's assignment of the set
    has passed (the latest among their classes'; none: they stay hidden, as "never")."""
    timing = view.question_set.feedback_timing
    if view.state != "submitted":
        return False
    if timing == "after_due":
        return _due_passed(view.attempt.user_id, view.question_set.id, now)
    return timing in ("immediate", "after_submit")


def _due_passed(user_id: int | None, set_id: int, now: datetime | None = None) -> bool:
    if user_id is None:
        return False
    return queries.due_passed(db.session.connection(), user_id, set_id, now or utcnow())


def _released(user_id: int | None, set_id: int, timing: str) -> bool | None:
    """Part of a finished attempt's cache key: whether an "after_due" set's results are out
    yet (None for the other timings, whose visibility never changes)."""
    return _due_passed(user_id, set_id) if timing == "after_due" else None


class QuestionResult(NamedTuple):
    """One question of a finished attempt, as the results page and the API show it.

    (A named tuple: twenty are built per results view, and a frozen dataclass cost ten calls
    each to set its fields.)"""

    question: QuestionView
    shown: dict
    answer: object
    correct_answer: object
    score: float
    earned: float
    correct: bool
    near_miss: bool
    feedback: dict


def results(view: AttemptView) -> list[QuestionResult]:
    """Per-question results of a finished attempt, in the order shown."""
    return [question_result(view, question) for question in view.questions]


def question_result(view: AttemptView, question: QuestionView) -> QuestionResult:
    """One question's result as graded and stored (its key included: callers decide whether
    it may be shown — a finished attempt's visible feedback, or a checked answer)."""
    shown, order = view.shown(question)
    answer = view.answers.get(question.id)
    result = (answer.result if answer is not None else None) or {}
    key = get_type(question.type).correct_answer(question.spec)
    return QuestionResult(
        question=question,
        shown=shown,
        answer=answer.value if answer is not None else None,
        correct_answer=_to_shown(key, order),
        score=result.get("score", 0.0),
        earned=round(result.get("score", 0.0) * question.points, 4),
        correct=result.get("correct", False),
        near_miss=result.get("near_miss", False),
        feedback=result.get("feedback") or {"en": "Not answered.", "hi": "उत्तर नहीं दिया गया।"},
    )


def _to_shown(canonical, order: list[int] | None):
    """Express a canonical answer in the shown (shuffled) indices."""
    if order is None or not isinstance(canonical, list):
        return canonical
    position = {index: shown for shown, index in enumerate(order)}
    return [position.get(i, i) for i in canonical]


def finished_stamp(attempt_id: int, learner: Learner) -> tuple | None:
    """``(id, submitted_at, feedback setting, when its questions last changed)`` of the
    learner's submitted attempt, which is all its results depend on (a cache key every worker
    computes alike), or None while it is in progress; NotFound for anyone else's. One plain
    query: a whole class reloading results, or a repeat submit, then costs little more than
    the lookup."""
    row = queries.stamp(db.session.connection(), attempt_id)
    if row is None or not learner.owns(row):
        raise NotFound(f"No attempt with id {attempt_id}.")
    if row.state != "submitted":
        return None
    released = _released(row.user_id, row.question_set_id, row.feedback_timing)
    changed = row.questions_changed_at
    return (attempt_id, row.submitted_at, row.feedback_timing, changed, released, row.overridden_at)


def attempt_stamp(view: AttemptView) -> tuple:
    """``finished_stamp`` of a submitted attempt's view (the same key when the attempt holds
    the set's questions; a retry's differs, which costs a second rendering, never a stale one)."""
    changed = max((as_utc(q.updated_at) for q in view.questions), default=None)
    timing = view.question_set.feedback_timing
    released = _released(view.attempt.user_id, view.question_set.id, timing)
    return (view.id, view.attempt.submitted_at, timing, changed, released, _overridden_at(view))


def _overridden_at(view: AttemptView) -> datetime | None:
    """When a teacher last changed one of the attempt's scores (classrooms' regrading marks
    the stored grading with the time), or None."""
    times = [
        answer.result["override"].get("at")
        for answer in view.answers.values()
        if answer.result and isinstance(answer.result.get("override"), dict)
    ]
    moments = [as_utc(datetime.fromisoformat(t)) for t in times if isinstance(t, str)]
    return max(moments, default=None)


# ---- The quiz page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizItem:
    """One question as the quiz page shows it: public spec and saved answer only."""

    number: int
    question: QuestionView
    shown: dict
    answer: object
    saved_at: datetime | None = None
    error: str | None = None
    #: The permutation answers index into (None when they name canonical indices).
    order: tuple[int, ...] | None = None
    #: The set has immediate feedback: the question offers a Check button until checked.
    checkable: bool = False
    #: The result of the learner's check (then the question is locked), else None.
    checked: QuestionResult | None = None

    @property
    def answered(self) -> bool:
        """Whether the saved answer says anything."""
        return is_answered(self.answer)

    @property
    def prompt(self) -> dict:
        """The prompt in the languages it is written in."""
        texts = (("hi", self.question.prompt_hi), ("en", self.question.prompt_en))
        return {lang: text for lang, text in texts if text}


def quiz_items(view: AttemptView, errors: Mapping[int, str] | None = None) -> list[QuizItem]:
    """The attempt's questions in the order shown, with the saved answers (and an error to show
    beside a question whose last save was refused)."""
    errors = errors or {}
    return [
        quiz_item(view, number, question, errors.get(question.id))
        for number, question in enumerate(view.questions, 1)
    ]


def quiz_item(view: AttemptView, number: int, question: QuestionView, error=None) -> QuizItem:
    """One question of the attempt as the quiz page shows it."""
    saved = view.answers.get(question.id)
    shown, order = view.shown(question)
    return QuizItem(
        number=number,
        question=question,
        shown=shown,
        order=tuple(order) if order is not None else None,
        answer=saved.value if saved is not None else None,
        saved_at=saved.saved_at if saved is not None else None,
        error=error,
        checkable=can_check(view),
        checked=question_result(view, question) if _is_checked(saved) else None,
    )


def time_left(view: AttemptView) -> int | None:
    """Whole seconds until the attempt's deadline (0 once past), or None without a limit."""
    return _seconds_left(view.attempt.deadline_at, utcnow())


def _seconds_left(deadline_at: datetime | None, now: datetime) -> int | None:
    if deadline_at is None:
        return None
    return max(0, int((deadline_at - now).total_seconds()))


# ---- Set cards (home page, reader, set page) -------------------------------------------------


@dataclass(frozen=True)
class SetCard:
    """A question set as the home page, the reader and the set page list it."""

    question_set: SetCardRow
    question_count: int
    skills: tuple[str, ...]
    best: float | None
    open_attempt_id: int | None
    #: The viewer is a guest and the set is for signed-in learners (``needs_account``).
    sign_in_first: bool = False


def set_cards(viewer, learner: Learner | None, passage_id: int | None = None) -> list[SetCard]:
    """The sets ``viewer`` may take (of one passage, if given), with the learner's best score
    and attempt in progress. The home page and the reader call this on every view, so it is
    two narrow queries, never the sets' questions."""
    connection = read_connection()
    rows = [r for r in queries.set_card_rows(connection, passage_id) if can_see_set(viewer, r)]
    standings: dict[int, queries.Standing] = {}
    if rows and learner is not None and (learner.user_id or learner.guest_key):
        # One whose time ran out is not offered for resuming: it is finished when touched.
        cutoff = utcnow() - DEADLINE_GRACE
        standings = queries.standings(connection, learner.key(), cutoff)
    nowhere = queries.Standing(None, None)
    return [
        SetCard(
            question_set=row,
            question_count=row.question_count,
            skills=row.skills,
            best=standings.get(row.id, nowhere).best,
            open_attempt_id=standings.get(row.id, nowhere).open_attempt_id,
            sign_in_first=viewer is None
            and needs_account(row.attempts_allowed, row.feedback_timing),
        )
        for row in rows
    ]


def set_cards_by_passage(viewer, learner: Learner | None) -> dict[int | None, list[SetCard]]:
    """Passage id → its set cards, for the home page."""
    cards: dict[int | None, list[SetCard]] = {}
    for card in set_cards(viewer, learner):
        cards.setdefault(card.question_set.passage_id, []).append(card)
    return cards


def finished_attempts(set_id: int, learner: Learner | None, limit: int = 10) -> list[AttemptRow]:
    """The learner's finished attempts at a set, newest first (links to their results)."""
    if learner is None or not (learner.user_id or learner.guest_key):
        return []
    return queries.finished_attempts(db.session.connection(), set_id, learner.key(), limit)
