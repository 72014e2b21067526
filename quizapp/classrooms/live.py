"""Live lessons: a teacher opens a set's questions one at a time, the class answers on phones.

The whole state is in the database (``LiveRun``, ``LivePlayer``, ``LiveAnswer``), so every
app process and PostgreSQL agree on it. Every transition bumps the run's ``version``. Phones
and the projector poll: ``poll_stamp`` is one small indexed statement outside the ORM session
that says whether anything the viewer sees has changed (an ETag), so the 40 polls a second of
a class cost little; only a changed view is built again (``live_view``).

Who may do what: the class's teacher (and admins) start, open, close, finish and hide players;
the class's learners answer; anyone else is told nothing exists (404). Membership is read from
``Classroom`` and ``ClassMember`` directly.

Options and items are shown in one order for the whole room (from the run's secret seed), so
the projector's letters match every phone. Answers come in that shown shape (mcq and multi
name canonical option indices, as the quiz does) and are stored canonical, graded by the real
grader; the score is correctness only.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from quizapp.auth.models import HasRole, User
from quizapp.classrooms.models import ClassMember, Classroom, LiveAnswer, LivePlayer, LiveRun
from quizapp.content.models import Sentence
from quizapp.core import live as rules
from quizapp.core.grading import get_type
from quizapp.core.presentation import option_order, present, shown_order, to_canonical
from quizapp.database import (
    driver_rows,
    json_value,
    read_connection,
    read_one,
    row_lock,
    stored_time,
    utcnow,
    write_connection,
    write_transaction,
)
from quizapp.exceptions import Conflict, DomainError, NotAllowed, NotFound
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet
from quizapp.questions.services import can_see_set, question_views

#: The longest answer (as JSON) a phone may send.
MAX_ANSWER_JSON = 20_000


class AnswerRejected(DomainError):
    """The answer has the wrong shape for its question."""

    status = 422


class BadIndex(DomainError):
    """No question at that index."""

    status = 422


def _not_found(run_id) -> NotFound:
    return NotFound(f"No live lesson with id {run_id}.")


def _teaches(user: HasRole, teacher_id: int) -> bool:
    return user.is_admin or getattr(user, "id", None) == teacher_id


def _is_member(class_id: int, user_id: int) -> bool:
    found = db.session.execute(
        select(ClassMember.user_id).where(
            ClassMember.class_id == class_id, ClassMember.user_id == user_id
        )
    ).first()
    return found is not None


# ---- Starting ------------------------------------------------------------------------------


def own_class(user: HasRole, class_id: int) -> Classroom:
    """A class ``user`` teaches (admins: any), or NotFound; 403 for learners."""
    if not user.is_teacher:
        raise NotAllowed("Only teachers can run live lessons.")
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or not _teaches(user, classroom.teacher_id):
        raise NotFound(f"No class with id {class_id}.")
    return classroom


def usable_sets(user: HasRole) -> list[QuestionSet]:
    """Published sets with at least one question, that ``user`` may see, by title."""
    sets = db.session.scalars(
        select(QuestionSet).where(QuestionSet.status == "published").order_by(QuestionSet.id)
    ).all()
    return [s for s in sets if s.items and can_see_set(user, s)]


def start_run(user: HasRole, class_id: int, question_set_id: int) -> int:
    """Start a live lesson of a published set for one of the teacher's classes (waiting)."""
    with write_transaction():
        classroom = own_class(user, class_id)
        if classroom.archived_at is not None:
            raise Conflict("This class is archived: restore it to run a live lesson.")
        question_set = db.session.get(QuestionSet, question_set_id)
        if question_set is None or not can_see_set(user, question_set):
            raise NotFound(f"No question set with id {question_set_id}.")
        if question_set.status != "published":
            raise Conflict("Publish the set before running it live.")
        question_ids = [item.question_id for item in question_set.items]
        if not question_ids:
            raise Conflict("The set has no questions.")
        run = LiveRun(
            class_id=classroom.id,
            question_set_id=question_set.id,
            state="waiting",
            question_ids=question_ids,
            seed=secrets.token_hex(16),
            position=-1,
            version=1,
        )
        db.session.add(run)
        db.session.flush()
        return run.id


# ---- The teacher's transitions -------------------------------------------------------------


def _run_for_teacher(user: HasRole, run_id: int) -> LiveRun:
    run = db.session.get(LiveRun, run_id)
    if run is None:
        raise _not_found(run_id)
    teacher_id = db.session.scalar(select(Classroom.teacher_id).where(Classroom.id == run.class_id))
    if _teaches(user, teacher_id):
        return run
    if _is_member(run.class_id, user.id):
        raise NotAllowed("Only the class's teacher runs the lesson.")
    raise _not_found(run_id)


def open_question(user: HasRole, run_id: int, index: int | None = None) -> None:
    """Open the next question (or the one at ``index``): it takes answers until closed."""
    with write_transaction():
        run = _run_for_teacher(user, run_id)
        try:
            position = rules.open_position(run.state, run.position, len(run.question_ids), index)
        except rules.TransitionRefused as refused:
            raise Conflict(str(refused)) from None
        except rules.BadIndex as bad:
            raise BadIndex(str(bad)) from None
        run.state = "open"
        run.position = position
        run.opened_at = utcnow()
        run.closed_at = None
        run.version += 1


def close_question(user: HasRole, run_id: int) -> None:
    """Close the open question: no more answers; the histogram and the right answer show."""
    _simple(user, run_id, "close")


def finish_run(user: HasRole, run_id: int) -> None:
    """End the lesson (an open question is closed with it)."""
    _simple(user, run_id, "finish")


def _simple(user: HasRole, run_id: int, action: str) -> None:
    with write_transaction():
        run = _run_for_teacher(user, run_id)
        was = run.state
        try:
            run.state = rules.transition(run.state, action)
        except rules.TransitionRefused as refused:
            raise Conflict(str(refused)) from None
        now = utcnow()
        if action == "close" or was == "open":
            run.closed_at = now
        if action == "finish":
            run.finished_at = now
        run.version += 1


def set_hidden(user: HasRole, run_id: int, player_id: int, hidden: bool) -> None:
    """Hide a player's name from the projector (or show it again); they still answer."""
    with write_transaction():
        run = _run_for_teacher(user, run_id)
        player = db.session.get(LivePlayer, (run.id, player_id))
        if player is None:
            raise NotFound(f"No player {player_id} in this lesson.")
        if player.hidden != hidden:
            player.hidden = hidden
            run.version += 1


# ---- Polling -------------------------------------------------------------------------------

#: Everything any viewer's view depends on, in one statement on primary-key indexes.
_STAMP = """
SELECT r.version, r.state, r.position, c.teacher_id,
  (SELECT count(*) FROM class_member m WHERE m.class_id = r.class_id AND m.user_id = :user_id),
  (SELECT count(*) FROM live_player p WHERE p.run_id = r.id),
  (SELECT count(*) FROM live_answer a WHERE a.run_id = r.id),
  (SELECT p.joined_at_position FROM live_player p WHERE p.run_id = r.id AND p.user_id = :user_id),
  (SELECT count(*) FROM live_answer a WHERE a.run_id = r.id AND a.user_id = :user_id),
  (SELECT max(a.answered_at) FROM live_answer a WHERE a.run_id = r.id AND a.user_id = :user_id)
FROM live_run r JOIN classroom c ON c.id = r.class_id
WHERE r.id = :run_id
"""


@dataclass(frozen=True)
class Stamp:
    """Who is looking and an ETag of what they see."""

    role: str  # "teacher" or "learner"
    #: The (weak) ETag's value, without quotes.
    etag: str
    needs_seat: bool


def poll_stamp(run_id: int, user: HasRole) -> Stamp:
    """The viewer's role and the ETag of their view, from one indexed statement (no ORM).

    The teacher's view changes with the run's version, the number of answers and of players;
    a learner's with the version, their seat and their own answers (not others').
    """
    row = read_one(_STAMP, {"run_id": run_id, "user_id": user.id})
    if row is None:
        raise _not_found(run_id)
    version, state, _position, teacher_id, member, players, answers, seat, mine, my_last = row
    if _teaches(user, teacher_id):
        role, parts = "teacher", (version, answers, players)
    elif member:
        role, parts = "learner", (version, seat, mine, str(my_last))
    else:
        raise _not_found(run_id)
    digest = hashlib.blake2b(
        repr((run_id, role, user.id, *parts)).encode(), digest_size=12
    ).hexdigest()
    return Stamp(role, digest, role == "learner" and seat is None and state != "finished")


def _seat_position(run: LiveRun) -> int:
    # A question already closed when a learner arrives is over for them: they start at the
    # next one. While one is open (or before the first) they start at the current one.
    return run.position + 1 if run.state == "closed" else run.position


def take_seat(run_id: int, user: HasRole) -> None:
    """Give a learner of the class their seat (kept for the whole lesson; idempotent)."""
    with write_transaction():
        run = db.session.get(LiveRun, run_id)
        if run is None or run.state == "finished":
            return
        if db.session.get(LivePlayer, (run_id, user.id)) is None:
            db.session.add(
                LivePlayer(run_id=run_id, user_id=user.id, joined_at_position=_seat_position(run))
            )


def _shown(run: LiveRun, view) -> tuple[dict, list[int] | None, list[int] | None]:
    """The question as the whole room sees it, the permutation answers index into, and the
    options' canonical indices in the order shown."""
    qtype = get_type(view.type)
    seed = f"{run.seed}:{view.id}"
    public, order = present(qtype, view.spec, seed)
    return public, order, option_order(qtype, view.spec, seed)


def _to_shown(canonical, order: list[int] | None):
    if order is None or not isinstance(canonical, list):
        return canonical
    position = {index: shown for shown, index in enumerate(order)}
    return [position.get(i, i) for i in canonical]


def _evidence(view) -> list[dict]:
    if not view.evidence or view.passage_id is None:
        return []
    rows = db.session.execute(
        select(Sentence.key, Sentence.hi, Sentence.en)
        .where(Sentence.passage_id == view.passage_id, Sentence.key.in_(view.evidence))
        .order_by(Sentence.paragraph, Sentence.position)
    ).all()
    return [{"id": key, "hi": hi, "en": en} for key, hi, en in rows]


def display_name(user: User) -> str:
    """A player's name as the projector shows it: the roster name, else the username."""
    return user.display_name or user.username


@dataclass(frozen=True)
class _Shared:
    """What every viewer of one version of a run sees alike."""

    body: dict
    view: object  # QuestionView | None
    order: list[int] | None
    revealed: bool


#: (database, run, version, the question's updated_at) → the shared part of the view: when a
#: question opens or closes, 40 phones ask for the same thing within a second. A version bump
#: (every transition) or an edit of the question makes a new key; nothing goes stale.
_shared_views: dict[tuple, _Shared] = {}
_SHARED_LIMIT = 512


def _shared(run: LiveRun) -> _Shared:
    count = len(run.question_ids)
    position = run.position if 0 <= run.position < count else None
    view = None
    if position is not None and run.state != "finished":
        question_id = run.question_ids[position]
        view = question_views([question_id])[question_id]
    key = (str(db.engine.url), run.id, run.version, view.updated_at if view else None)
    found = _shared_views.get(key)
    if found is not None:
        return found
    body: dict = {
        "id": run.id,
        "class_id": run.class_id,
        "question_set_id": run.question_set_id,
        "state": run.state,
        "index": position,
        "count": count,
        "version": run.version,
        "question": None,
    }
    order = None
    if view is not None:
        shown, order, options = _shown(run, view)
        body["question"] = {
            "id": view.id,
            "type": view.type,
            "prompt": {"hi": view.prompt_hi, "en": view.prompt_en},
            "skill": view.skill,
            "points": view.points,
            **shown,
            "evidence": _evidence(view),
        }
    revealed = run.state == "closed" and view is not None
    if revealed:  # closed: no answer changes until the next transition bumps the version
        values = db.session.scalars(
            select(LiveAnswer.value).where(
                LiveAnswer.run_id == run.id, LiveAnswer.question_id == view.id
            )
        ).all()
        qtype = get_type(view.type)
        body["histogram"] = rules.histogram(
            view.type, view.spec, options, [_to_shown(v, order) for v in values]
        )
        body["correct_answer"] = _to_shown(qtype.correct_answer(view.spec), order)
    shared = _Shared(body, view, order, revealed)
    if len(_shared_views) > _SHARED_LIMIT:
        _shared_views.clear()
    _shared_views[key] = shared
    return shared


def live_view(run_id: int, user: HasRole, stamp: Stamp) -> dict:
    """The viewer's whole view (see the API's ``LiveState``)."""
    run = db.session.get(LiveRun, run_id)
    if run is None:
        raise _not_found(run_id)
    shared = _shared(run)
    body = dict(shared.body)
    if stamp.role == "teacher":
        body.update(_teacher_part(run, shared.view))
    else:
        body.update(_learner_part(run, user, shared.view, shared.order, shared.revealed))
    return body


def _teacher_part(run: LiveRun, view) -> dict:
    rows = db.session.execute(
        select(LivePlayer.user_id, LivePlayer.hidden, User.display_name, User.username)
        .join(User, User.id == LivePlayer.user_id)
        .where(LivePlayer.run_id == run.id)
        .order_by(LivePlayer.joined_at, LivePlayer.user_id)
    ).all()
    answered_ids: set[int] = set()
    if view is not None:
        answered_ids = set(
            db.session.scalars(
                select(LiveAnswer.user_id).where(
                    LiveAnswer.run_id == run.id, LiveAnswer.question_id == view.id
                )
            )
        )
    classroom = db.session.get(Classroom, run.class_id)
    return {
        "answered": len(answered_ids),
        "players": len(rows),
        "player_list": [
            {
                "id": user_id,
                "name": name or username,
                "hidden": hidden,
                "answered": user_id in answered_ids,
            }
            for user_id, hidden, name, username in rows
        ],
        "join_code": classroom.join_code,
        "leaderboard": run.leaderboard,
    }


def _learner_part(run: LiveRun, user: HasRole, view, order, revealed: bool) -> dict:
    seat = db.session.get(LivePlayer, (run.id, user.id))
    answers = db.session.execute(
        select(
            LiveAnswer.question_id, LiveAnswer.value, LiveAnswer.correct, LiveAnswer.score
        ).where(LiveAnswer.run_id == run.id, LiveAnswer.user_id == user.id)
    ).all()
    by_question = {qid: (value, correct, score) for qid, value, correct, score in answers}
    part: dict = {"joined_at_index": seat.joined_at_position if seat else None}
    mine = by_question.get(view.id) if view is not None else None
    part["your_answer"] = _to_shown(mine[0], order) if mine else None
    if revealed and mine:
        part["your_result"] = {"correct": bool(mine[1]), "score": round(mine[2], 4)}
    elif revealed:
        part["your_result"] = None
    if run.state in ("closed", "finished") and seat is not None:
        positions = {qid: i for i, qid in enumerate(run.question_ids)}
        verdicts = {
            positions[q]: bool(c) for q, (_v, c, _s) in by_question.items() if q in positions
        }
        # Every question up to the current one counts as asked (a lesson goes in order).
        tally = rules.tally(range(run.position + 1), seat.joined_at_position, verdicts)
        part["your_score"] = {
            "correct": tally.correct,
            "answered": tally.answered,
            "asked": tally.asked,
            "not_attempted": tally.not_attempted,
        }
    return part


# ---- Answering -----------------------------------------------------------------------------

_TARGET = """
SELECT r.state, r.position, r.question_ids, r.seed, r.version, c.teacher_id,
  (SELECT count(*) FROM class_member m WHERE m.class_id = r.class_id AND m.user_id = :user_id)
FROM live_run r JOIN classroom c ON c.id = r.class_id
WHERE r.id = :run_id
"""


def submit_answer(run_id: int, user: HasRole, question_id, value) -> dict:
    """Store a learner's answer to the open question (the last one before closing counts).

    Graded before the write (by the real grader, correctness only), then written in one short
    IMMEDIATE transaction that checks the question is still the open one.
    """
    row = read_one(_TARGET, {"run_id": run_id, "user_id": user.id})
    if row is None:
        raise _not_found(run_id)
    state, position, question_ids, seed, _version, teacher_id, member = row
    if not member:
        if _teaches(user, teacher_id):
            raise NotAllowed("Only the class's learners answer; the teacher runs the lesson.")
        raise _not_found(run_id)
    question_ids = json.loads(question_ids) if isinstance(question_ids, str) else question_ids
    if state != "open":
        raise Conflict("No question is open: wait for the teacher.")
    current = question_ids[position]
    if isinstance(question_id, bool) or question_id != current:
        raise Conflict("That question is not the open one: answer the question now shown.")
    value_json = json.dumps(value, ensure_ascii=False)
    if value is None or len(value_json) > MAX_ANSWER_JSON:
        raise AnswerRejected("Give an answer (at most 20,000 characters).")
    view = question_views([current], read_connection()).get(current)  # no ORM session
    if view is None:
        raise Conflict("That question no longer exists.")
    qtype = get_type(view.type)
    canonical = to_canonical(value, shown_order(qtype, view.spec, f"{seed}:{current}"))
    result = qtype.grade(view.spec, canonical)
    if result.error is not None:
        raise AnswerRejected(
            result.error.en, details=[{"en": result.error.en, "hi": result.error.hi}]
        )
    now = utcnow()
    # Plain SQL on a connection of its own (IMMEDIATE on SQLite), as the quiz's autosave: a
    # class answering at once must not queue behind the ORM's bookkeeping or, on PostgreSQL,
    # behind every other service's advisory lock. The run's row is read FOR SHARE there, so a
    # close waits for answers in flight and an answer after it sees the question closed.
    with write_connection() as connection:
        rows = driver_rows(
            connection, _RUN_NOW + row_lock(connection, "FOR SHARE"), {"run_id": run_id}
        )
        if not rows:
            raise _not_found(run_id)
        state, position, ids = rows[0][0], rows[0][1], json_value(rows[0][2])
        if state != "open" or ids[position] != current:
            raise Conflict("The question closed before your answer arrived.")
        stamp = stored_time(connection, now)
        driver_rows(
            connection,
            _TAKE_SEAT,
            {"run_id": run_id, "user_id": user.id, "now": stamp, "position": position},
        )
        driver_rows(
            connection,
            _UPSERT_ANSWER,
            {
                "run_id": run_id,
                "question_id": current,
                "user_id": user.id,
                "value": json.dumps(canonical, ensure_ascii=False),
                "score": 1.0 if result.correct else 0.0,
                "correct": bool(result.correct),
                "now": stamp,
            },
        )
    return {"question_id": current, "saved_at": now.isoformat()}


_RUN_NOW = "SELECT state, position, question_ids FROM live_run WHERE id = :run_id"
_TAKE_SEAT = (
    "INSERT INTO live_player (run_id, user_id, joined_at, joined_at_position, hidden)"
    " VALUES (:run_id, :user_id, :now, :position, FALSE)"
    " ON CONFLICT (run_id, user_id) DO NOTHING"
)
_UPSERT_ANSWER = (
    "INSERT INTO live_answer (run_id, question_id, user_id, value, score, correct, answered_at)"
    " VALUES (:run_id, :question_id, :user_id, :value, :score, :correct, :now)"
    " ON CONFLICT (run_id, question_id, user_id) DO UPDATE SET value = excluded.value,"
    " score = excluded.score, correct = excluded.correct, answered_at = excluded.answered_at"
)


def count_answers(run_id: int) -> int:
    """How many answers a run holds (for tests and the bench)."""
    return db.session.scalar(select(func.count()).where(LiveAnswer.run_id == run_id)) or 0


def viewer_state(run_id: int, user: HasRole) -> tuple[Stamp, dict]:
    """The caller's stamp (their seat taken first, for a learner) and whole view."""
    stamp = seated_stamp(run_id, user)
    return stamp, live_view(run_id, user, stamp)


def seated_stamp(run_id: int, user: HasRole) -> Stamp:
    """The caller's stamp, a learner's seat taken first (the poll's one write, once)."""
    stamp = poll_stamp(run_id, user)
    if stamp.needs_seat:
        take_seat(run_id, user)
        stamp = poll_stamp(run_id, user)
    return stamp


def running_for(user: HasRole) -> list[int]:
    """The live lessons now running (not finished) in the classes ``user`` is a learner of,
    newest first."""
    return list(
        db.session.scalars(
            select(LiveRun.id)
            .join(ClassMember, ClassMember.class_id == LiveRun.class_id)
            .where(ClassMember.user_id == user.id, LiveRun.state != "finished")
            .order_by(LiveRun.id.desc())
        )
    )
