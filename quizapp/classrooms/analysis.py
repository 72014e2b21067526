"""Item analysis of a question set: Moodle's quiz statistics over the submitted attempts a
teacher may see, computed on demand from the answers as they are now.

Who sees which attempts (one rule, kept simple and safe): the set's owner and admins see every
submitted attempt at it; another teacher sees only the attempts of learners in their own
classes; ``class_id`` narrows to one class, which must be the teacher's (an admin's: any). A
set the teacher may not see at all (another teacher's draft) is a 404, as everywhere.

The figures come from ``quizapp.core.item_analysis``; this module only chooses the attempts
(the first submitted attempt per learner, as Moodle's "first attempt", or all of them; a
"retry the missed ones" attempt holds only some questions and is never counted) and turns
each answer into a mark, the options chosen (canonical indices) or the text typed.

Nothing is cached: a regrade or an override shows at once. 40 learners × 30 questions take
20–60 ms here (SQLite or PostgreSQL; the whole page 0.1–0.3 s on a loaded machine;
tests/functional/test_item_analysis.py prints the figures), far below the 1 s budget, so a
cache keyed on the latest answer time would buy nothing worth its staleness risk.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from quizapp.attempts.models import Answer, Attempt
from quizapp.auth.models import HasRole
from quizapp.authoring.services import require_teacher
from quizapp.classrooms.models import ClassMember, Classroom
from quizapp.core.grading import get_type
from quizapp.core.grading.options import mcq_credit
from quizapp.core.item_analysis import (
    ItemAnalysis,
    ItemInfo,
    ItemStats,
    Response,
    analyse_items,
    choice_guess_score,
)
from quizapp.core.presentation import shown_order, to_canonical
from quizapp.exceptions import DomainError, NotFound
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet, QuestionSetItem
from quizapp.questions.services import get_question_set

#: Which attempts of each learner count.
ATTEMPT_MODES = ("first", "all")
#: Types whose answer is typed text (the wrong answers are grouped, and can be accepted).
TYPED_TYPES = ("short_answer", "numeric", "cloze", "translation")
#: Types whose answer names options.
CHOICE_TYPES = ("mcq", "multi", "true_false")


class BadAnalysisRequest(DomainError):
    """A query parameter the analysis cannot take."""

    status = 400


@dataclass(frozen=True)
class ItemRow:
    """One question of the set: where it stands, what it is, and its figures."""

    position: int
    question_id: int
    type: str
    prompt: dict[str, str]
    points: float
    owner_id: int
    stats: ItemStats
    option_labels: tuple[dict[str, str], ...]

    @property
    def typed(self) -> bool:
        return self.type in TYPED_TYPES


@dataclass(frozen=True)
class SetAnalysis:
    """The analysis of a set for one viewer: the set, the choice of attempts, the figures."""

    question_set: QuestionSet
    class_id: int | None
    attempts: str
    result: ItemAnalysis
    items: tuple[ItemRow, ...]


def attempts_mode(value: Any) -> str:
    """``first`` (the default) or ``all``; anything else is a 400."""
    if value in (None, ""):
        return "first"
    if value not in ATTEMPT_MODES:
        raise BadAnalysisRequest("attempts must be 'first' or 'all'.")
    return value


def class_id_of(value: Any) -> int | None:
    """A ``class_id`` query value as an id, or None; anything not a small positive integer is
    a 404 (no such class), as for any other id."""
    if value in (None, ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 12:
        number = int(value)
    else:
        raise NotFound("No class with that id.")
    if not 0 < number < 2**31:
        raise NotFound("No class with that id.")
    return number


def teacher_class(user: HasRole, class_id: int) -> Classroom:
    """A class of ``user``'s (any class for an admin), or NotFound."""
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or not (user.is_admin or classroom.teacher_id == user.id):
        raise NotFound(f"No class with id {class_id}.")
    return classroom


def teacher_classes(user: HasRole) -> list[Classroom]:
    """The classes ``user`` teaches, by name (to narrow an analysis to one)."""
    return list(
        db.session.scalars(
            select(Classroom).where(Classroom.teacher_id == user.id).order_by(Classroom.name)
        )
    )


def prompt_text(prompt: dict[str, str], language: str = "en", limit: int = 0) -> str:
    """A question's prompt in ``language`` (the other one if empty), cut to ``limit``."""
    other = "hi" if language == "en" else "en"
    text = " ".join((prompt.get(language) or prompt.get(other) or "").split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def learner_scope(user: HasRole, owner_id: int | None, class_id: int | None) -> set[int] | None:
    """The learners whose attempts ``user`` may count (None: everybody's, guests' included)."""
    if class_id is not None:
        teacher_class(user, class_id)
        return set(
            db.session.scalars(select(ClassMember.user_id).where(ClassMember.class_id == class_id))
        )
    if user.is_admin or (owner_id is not None and owner_id == user.id):
        return None
    return set(
        db.session.scalars(
            select(ClassMember.user_id)
            .join(Classroom, Classroom.id == ClassMember.class_id)
            .where(Classroom.teacher_id == user.id)
        )
    )


def analyse_set(
    user: HasRole, set_id: int, class_id: int | None = None, attempts: str = "first"
) -> SetAnalysis:
    """The item analysis of set ``set_id`` over the attempts ``user`` may see."""
    require_teacher(user)
    attempts = attempts_mode(attempts)
    question_set = get_question_set(set_id, user)
    learners = learner_scope(user, question_set.owner_id, class_id)
    questions = _set_questions(set_id)
    chosen = _chosen_attempts(set_id, learners, attempts)
    answers = _answers([row.id for row in chosen])
    infos = [_item_info(question) for question in questions]
    by_id = {question.id: question for question in questions}
    inputs = []
    for row in chosen:
        responses = {}
        for question_id in row.question_ids:
            question = by_id.get(question_id)
            if question is None:
                continue  # taken out of the set since
            responses[question_id] = _response(
                question, row.seed, answers.get((row.id, question_id))
            )
        inputs.append(responses)
    result = analyse_items(inputs, infos)
    items = tuple(
        ItemRow(
            position=position,
            question_id=question.id,
            type=question.type,
            prompt={"hi": question.prompt_hi, "en": question.prompt_en},
            points=question.points,
            owner_id=question.owner_id,
            stats=stats,
            option_labels=option_labels(question),
        )
        for position, (question, stats) in enumerate(zip(questions, result.items, strict=True), 1)
    )
    return SetAnalysis(question_set, class_id, attempts, result, items)


def _set_questions(set_id: int) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question)
            .join(QuestionSetItem, QuestionSetItem.question_id == Question.id)
            .where(QuestionSetItem.set_id == set_id)
            .order_by(QuestionSetItem.position)
        )
    )


@dataclass(frozen=True)
class _AttemptRow:
    id: int
    user_id: int | None
    guest_key: str | None
    seed: str
    question_ids: list[int]


def _chosen_attempts(set_id: int, learners: set[int] | None, mode: str) -> list[_AttemptRow]:
    """The submitted attempts to count, oldest first (a stable order for the top and bottom
    groups): each learner's first, or all; retries never."""
    query = (
        select(Attempt.id, Attempt.user_id, Attempt.guest_key, Attempt.seed, Attempt.question_ids)
        .where(
            Attempt.question_set_id == set_id,
            Attempt.state == "submitted",
            Attempt.retry_of_id.is_(None),
        )
        .order_by(Attempt.submitted_at, Attempt.id)
    )
    if learners is not None:
        if not learners:
            return []
        query = query.where(Attempt.user_id.in_(sorted(learners)))
    rows = [_AttemptRow(*row) for row in db.session.execute(query)]
    if mode == "all":
        return rows
    seen: set[tuple] = set()
    first = []
    for row in rows:
        owner = ("user", row.user_id) if row.user_id is not None else ("guest", row.guest_key)
        if owner not in seen:
            seen.add(owner)
            first.append(row)
    return first


def _answers(attempt_ids: Sequence[int]) -> dict[tuple[int, int], tuple[Any, float | None]]:
    found: dict[tuple[int, int], tuple[Any, float | None]] = {}
    for start in range(0, len(attempt_ids), 500):
        chunk = attempt_ids[start : start + 500]
        rows = db.session.execute(
            select(Answer.attempt_id, Answer.question_id, Answer.value, Answer.score).where(
                Answer.attempt_id.in_(chunk)
            )
        )
        for attempt_id, question_id, value, score in rows:
            found[(attempt_id, question_id)] = (value, score)
    return found


def _item_info(question: Question) -> ItemInfo:
    spec = question.spec or {}
    if question.type == "mcq":
        options = spec.get("options") or []
        credits = [mcq_credit(option) for option in options]
        return ItemInfo(
            question.id,
            question.points,
            choice_guess_score(credits),
            len(options),
            frozenset(i for i, option in enumerate(options) if option.get("correct")),
        )
    if question.type == "multi":
        # Moodle gives no random guess score for multiple-response questions.
        options = spec.get("options") or []
        correct = frozenset(i for i, option in enumerate(options) if option.get("correct"))
        return ItemInfo(question.id, question.points, None, len(options), correct)
    if question.type == "true_false":
        return ItemInfo(
            question.id, question.points, 0.5, 2, frozenset({0 if spec.get("answer") else 1})
        )
    if question.type == "matching":
        pairs = spec.get("pairs") or []
        return ItemInfo(question.id, question.points, 1 / len(pairs) if pairs else None)
    if question.type in TYPED_TYPES:
        return ItemInfo(question.id, question.points, 0.0)
    return ItemInfo(question.id, question.points, None)


def option_labels(question: Question) -> tuple[dict[str, str], ...]:
    """The words of a choice question's options in canonical order (True, False for
    true/false); none for other types."""
    if question.type in ("mcq", "multi"):
        return tuple(
            {"hi": option.get("hi", ""), "en": option.get("en", "")}
            for option in (question.spec or {}).get("options") or []
        )
    if question.type == "true_false":
        return ({"hi": "सत्य", "en": "True"}, {"hi": "असत्य", "en": "False"})
    return ()


def _response(question: Question, seed: str, saved: tuple[Any, float | None] | None) -> Response:
    """One answer as the analysis takes it: mark (score × points), what was chosen or typed."""
    points = question.points
    if saved is None or saved[0] is None:
        return Response(0.0, points)
    value, score = saved
    mark = (score or 0.0) * points
    if question.type in ("mcq", "multi"):
        order = shown_order(get_type(question.type), question.spec, f"{seed}:{question.id}")
        canonical = to_canonical(value, order)
        chosen = canonical if isinstance(canonical, list) else [canonical]
        return Response(mark, points, tuple(i for i in chosen if _is_index(i)))
    if question.type == "true_false":
        chosen = (0,) if value is True else (1,) if value is False else ()
        return Response(mark, points, chosen)
    if question.type in TYPED_TYPES:
        return Response(mark, points, typed=typed_text(value))
    return Response(mark, points)


def typed_text(value: Any) -> str:
    """A typed answer as one line of text (a cloze's blanks joined by " / ")."""
    if isinstance(value, list):
        return " / ".join(str(part) for part in value)
    if isinstance(value, bool) or value is None:
        return ""
    return str(value)


def _is_index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
