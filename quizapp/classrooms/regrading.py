"""A teacher's corrections to scores: one answer overridden with a note, or a typed answer
accepted for everyone (it joins the question's accepted answers and every finished attempt is
regraded).

Who may touch which answers: the set's owner and admins every attempt at the set; another
teacher only the attempts of learners in their own classes. Anything else is a 404, whatever id
is tried. Accepting an answer changes the question, so only its owner (or an admin) may, through
the editor's own checks; a question of the shipped content is refused with "copy it".

An override keeps the grader's score once in ``Answer.graded_score`` and puts the teacher's in
``Answer.score`` and in the stored grading (``result["score"]``, which the results page and the
API read), so every page, total and progress figure follows. A later regrade for everyone
grades the answer again but keeps the teacher's score. Totals are recomputed by the submit's
rule: Σ score × points over the attempt's questions, rounded to 4 places.
"""

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from quizapp.attempts.models import Answer, Attempt
from quizapp.auth.models import HasRole
from quizapp.authoring.services import (
    _load_question,
    check_evidence_of,
    owns,
    question_json,
    require_teacher,
)
from quizapp.classrooms.analysis import TYPED_TYPES, option_labels, typed_text
from quizapp.classrooms.models import ClassMember, Classroom
from quizapp.core.grading import GradeResult, get_type
from quizapp.core.grading.cloze import BLANK, parse_blanks
from quizapp.core.presentation import shown_order, to_canonical
from quizapp.core.text import answer_key, is_devanagari
from quizapp.database import assign_changed, utcnow, write_transaction
from quizapp.exceptions import Conflict, DomainError, NotAllowed, NotFound
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet
from quizapp.questions.services import can_see_set, question_values

#: Longest note a teacher may leave beside a changed score (the column's size).
MAX_NOTE = 500
#: Longest answer that can be accepted for everyone.
MAX_ACCEPTED = 200
#: Types whose answers a teacher may override one by one.
OVERRIDABLE = TYPED_TYPES
#: Types whose typed answer can be accepted for everyone, and the spec field it joins.
ACCEPTABLE = {"short_answer": "accept", "translation": "references", "cloze": "text"}
#: How the analysis joins a cloze answer's blanks (``analysis.typed_text``).
BLANK_SEPARATOR = " / "


class InvalidOverride(DomainError):
    """A score or note that cannot be stored."""

    status = 422


@dataclass(frozen=True)
class Regraded:
    """What accepting an answer for everyone did: answers regraded, how many changed score,
    how many of them are now right."""

    regraded: int
    changed: int
    now_right: int


# ---- Who may see which attempts --------------------------------------------------------------


def teaches(user: HasRole, learner_id: int | None) -> bool:
    """Whether ``learner_id`` is in a class of ``user``'s."""
    if learner_id is None:
        return False
    found = db.session.scalar(
        select(ClassMember.user_id)
        .join(Classroom, Classroom.id == ClassMember.class_id)
        .where(Classroom.teacher_id == user.id, ClassMember.user_id == learner_id)
        .limit(1)
    )
    return found is not None


def may_see_attempt(user: HasRole, attempt: Attempt, set_owner_id: int | None) -> bool:
    """Set owner and admins: every attempt; other teachers: their classes' learners'."""
    if user.is_admin or (set_owner_id is not None and set_owner_id == user.id):
        return True
    return teaches(user, attempt.user_id)


def _visible_attempt(user: HasRole, attempt_id: int) -> Attempt:
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        raise NotFound(f"No attempt with id {attempt_id}.")
    owner_id = db.session.scalar(
        select(QuestionSet.owner_id).where(QuestionSet.id == attempt.question_set_id)
    )
    if not may_see_attempt(user, attempt, owner_id):
        raise NotFound(f"No attempt with id {attempt_id}.")
    return attempt


# ---- Totals ----------------------------------------------------------------------------------


def recompute_total(attempt: Attempt) -> bool:
    """Set the attempt's score and max score from its answers by the submit's rule; whether
    they changed. Call inside the write transaction, after the answers' scores changed."""
    points = dict(
        db.session.execute(
            select(Question.id, Question.points).where(Question.id.in_(attempt.question_ids))
        ).all()
    )
    scores = dict(
        db.session.execute(
            select(Answer.question_id, Answer.score).where(Answer.attempt_id == attempt.id)
        ).all()
    )
    total = earned = 0.0
    for question_id in attempt.question_ids:
        if question_id not in points:
            continue
        total += points[question_id]
        earned += (scores.get(question_id) or 0.0) * points[question_id]
    return assign_changed(attempt, {"score": round(earned, 4), "max_score": total})


# ---- Overriding one answer -------------------------------------------------------------------


def check_score(score: Any) -> float:
    """A score 0..1 (a JSON number); anything else is a 422."""
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        raise InvalidOverride("The score must be a number from 0 to 1.")
    if not 0 <= score <= 1:
        raise InvalidOverride("The score must be a number from 0 to 1.")
    return round(float(score), 6)


def check_note(note: Any) -> str:
    """A note of at most MAX_NOTE characters, trimmed."""
    if note is None:
        return ""
    if not isinstance(note, str):
        raise InvalidOverride("The note must be text.")
    note = " ".join(note.split())
    if len(note) > MAX_NOTE:
        raise InvalidOverride(f"The note must be at most {MAX_NOTE} characters.")
    return note


def override_answer(
    user: HasRole, attempt_id: int, question_id: int, score: Any, note: Any = ""
) -> Answer:
    """Put the teacher's ``score`` (0..1 of the question) on one typed answer of a finished
    attempt, with a note for the learner; recompute the attempt's total."""
    require_teacher(user)
    score, note = check_score(score), check_note(note)
    with write_transaction():
        attempt = _visible_attempt(user, attempt_id)
        answer = db.session.get(Answer, (attempt_id, question_id))
        if answer is None or question_id not in attempt.question_ids:
            raise NotFound(f"No answer to question {question_id} in attempt {attempt_id}.")
        if attempt.state != "submitted":
            raise Conflict("The attempt is not finished yet: its answers can still change.")
        question = db.session.get(Question, question_id)
        if question.type not in OVERRIDABLE:
            raise Conflict("Only typed answers (short answer, number, cloze, translation) can be "
                           "overridden.")  # fmt: skip
        now = utcnow()
        if answer.overridden_at is None:
            answer.graded_score = answer.score or 0.0  # the grader's, kept once
        answer.score = score
        answer.result = _overridden_result(answer.result, score, note, now)
        answer.override_note = note
        answer.overridden_by = user.id
        answer.overridden_at = now
        recompute_total(attempt)
        db.session.flush()
    return answer


def _overridden_result(result: dict | None, score: float, note: str, now) -> dict:
    """The stored grading with the teacher's score in it (a new dict: the JSON column only
    notices a new value)."""
    result = dict(result or {"feedback": {"en": "", "hi": ""}})
    result["score"] = score
    result["correct"] = score >= 1
    result["near_miss"] = False if score >= 1 else bool(result.get("near_miss"))
    result["override"] = {"note": note, "at": now.isoformat()}
    return result


def overrides_of(attempt_id: int) -> dict[int, dict]:
    """Question id → the teacher's change to that answer (note, grader's score, score), for
    the learner's results page."""
    rows = db.session.execute(
        select(Answer.question_id, Answer.override_note, Answer.graded_score, Answer.score).where(
            Answer.attempt_id == attempt_id, Answer.overridden_at.is_not(None)
        )
    )
    return {
        question_id: {"note": note, "graded_score": graded or 0.0, "score": score or 0.0}
        for question_id, note, graded, score in rows
    }


# ---- Accepting an answer for everyone --------------------------------------------------------


def check_accepted_text(text: Any) -> str:
    """The answer to accept, trimmed; empty, too long or not text is a 422."""
    if not isinstance(text, str):
        raise InvalidOverride("Send the answer to accept as text.")
    text = " ".join(text.split())
    if not text or not answer_key(text):
        raise InvalidOverride("The answer to accept is empty.")
    if len(text) > MAX_ACCEPTED:
        raise InvalidOverride(f"The answer to accept must be at most {MAX_ACCEPTED} characters.")
    return text


def accept_answer(user: HasRole, question_id: int, text: Any) -> Regraded:
    """Add ``text`` to the question's accepted answers (Hindi or English by its script), then
    regrade every finished attempt's answer to it, keeping teachers' overrides; one write
    transaction for all of it."""
    require_teacher(user)
    with write_transaction():
        question = db.session.get(Question, question_id)
        if question is None or not (
            question.status == "published" or owns(user, question.owner_id)
        ):
            raise NotFound(f"No question with id {question_id}.")
        if not owns(user, question.owner_id):
            raise NotAllowed("This question is not yours to change; copy it to change it.")
        if question.status == "archived":
            raise NotAllowed("This question is archived; copy it to use it again.")
        if question.type not in ACCEPTABLE:
            raise Conflict(
                "Only short-answer, translation and cloze questions can accept a typed answer "
                "for everyone."
            )
        text = check_accepted_text(text)
        _add_accepted(question, text)
        db.session.flush()
        summary = _regrade(question)
    return summary


def _add_accepted(question: Question, text: str) -> None:
    """The answer joins ``accept.hi`` or ``accept.en`` (a translation's ``references`` in the
    language they are in), checked as the editor checks a save."""
    field = ACCEPTABLE[question.type]
    merged = question_json(question)
    if field == "text":
        _add_cloze_alternatives(question, merged, text)
        return
    accept = {lang: list(items) for lang, items in (merged.get(field) or {}).items()}
    keys = {
        answer_key(item if isinstance(item, str) else item.get("text", ""))
        for items in accept.values()
        for item in items
    }
    if answer_key(text) in keys:
        return  # already accepted: regrading still brings old answers in line
    lang = "hi" if is_devanagari(text) else "en"
    if field == "references" and len(accept) == 1:
        lang = next(iter(accept))  # the target language, however the learner typed it
    accept.setdefault(lang, []).append(text)
    merged[field] = accept
    _store(question, merged)


def _add_cloze_alternatives(question: Question, merged: dict, text: str) -> None:
    """Each typed blank of ``text`` (the blanks joined by " / ", as the analysis shows them)
    that no alternative of its blank matches joins that blank's alternatives."""
    lang = next(lang for lang in ("hi", "en") if lang in merged["text"])
    written = merged["text"][lang]
    blanks = parse_blanks(written)
    parts = [" ".join(part.split()) for part in text.split(BLANK_SEPARATOR)]
    if len(parts) != len(blanks):
        raise InvalidOverride(
            f"Give one answer per blank ({len(blanks)}), separated by {BLANK_SEPARATOR.strip()!r}."
        )
    if any(set(part) & set("{}|") for part in parts):
        raise InvalidOverride("A blank's answer cannot hold the characters { } or |.")
    choices = merged.get("choices") or [None] * len(blanks)
    added = []
    for alternatives, part, choice in zip(blanks, parts, choices, strict=False):
        keys = {answer_key(alternative) for alternative in alternatives}
        fits = not answer_key(part) or answer_key(part) in keys or choice is not None
        added.append(None if fits else part)
    if not any(added):
        return  # every blank already accepted (or a dropdown): regrading brings answers in line
    numbers = iter(range(len(blanks)))

    def widen(match) -> str:
        extra = added[next(numbers)]
        return match.group(0) if extra is None else "{{" + match.group(1) + "|" + extra + "}}"

    merged["text"] = {**merged["text"], lang: BLANK.sub(widen, written)}
    _store(question, merged)


def _store(question: Question, merged: dict) -> None:
    passage = question.passage
    data = _load_question(passage.slug if passage else None, merged)
    check_evidence_of(data, passage)
    assign_changed(question, question_values(data, passage, question.status))
    question.updated_at = utcnow()


def _regrade(question: Question) -> Regraded:
    """Grade every finished attempt's answer to ``question`` again; totals follow.

    Answers of attempts still in progress are graded again too (not counted): a submit that
    read the question just before this transaction then totals the new grading, which it
    reads under the write lock, instead of the one stored at saving."""
    qtype = get_type(question.type)
    rows = db.session.execute(
        select(Answer, Attempt)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .where(Answer.question_id == question.id)
        .order_by(Answer.attempt_id)
    ).all()
    regraded = changed = now_right = 0
    for answer, attempt in rows:
        if answer.value is None:
            continue
        checked = bool((answer.result or {}).get("checked"))
        if attempt.state != "submitted" and (checked or answer.result is None):
            continue  # a checked answer keeps the verdict shown until it is submitted
        order = shown_order(qtype, question.spec, f"{attempt.seed}:{question.id}")
        graded = qtype.grade(question.spec, to_canonical(answer.value, order))
        result = _result_json(graded)
        if attempt.state != "submitted":
            answer.score, answer.result = graded.score, result
            continue
        regraded += 1
        if checked:
            result["checked"] = True
        if answer.overridden_at is not None:
            answer.graded_score = graded.score  # the teacher's score stands
            result["score"] = answer.score
            result["correct"] = (answer.score or 0) >= 1
            result["override"] = (answer.result or {}).get("override") or {}
            answer.result = result
            continue
        before = answer.score or 0.0
        answer.score = graded.score
        answer.result = result
        if not math.isclose(before, graded.score, abs_tol=1e-9):
            changed += 1
            now_right += graded.score >= 1
            recompute_total(attempt)
    db.session.flush()
    return Regraded(regraded, changed, now_right)


def _result_json(result: GradeResult) -> dict:
    """The stored grading, as the submit stores it."""
    return {
        "score": result.score,
        "correct": result.correct,
        "near_miss": result.near_miss,
        "feedback": {"en": result.feedback.en, "hi": result.feedback.hi},
    }


# ---- The answers page ------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerEntry:
    """One learner's finished answer to the question, as the answers page lists it."""

    attempt_id: int
    learner: str
    text: str
    score: float
    graded_score: float | None
    note: str
    overridden: bool


@dataclass(frozen=True)
class AnswerGroupRow:
    """Answers that share a comparison key: their shared text, score and learners."""

    text: str
    key: str
    score: float
    entries: tuple[AnswerEntry, ...]

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class QuestionAnswers:
    """The question and every finished answer to it the teacher may see, grouped."""

    question: Question
    set_id: int | None
    groups: tuple[AnswerGroupRow, ...]
    editable: bool
    acceptable: bool
    overridable: bool

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def question_answers(user: HasRole, question_id: int, set_id: int | None = None) -> QuestionAnswers:
    """Every finished answer to ``question_id`` in attempts ``user`` may see (of set ``set_id``
    only, if given), grouped by the Devanagari-aware key, most frequent first."""
    require_teacher(user)
    question = db.session.get(Question, question_id)
    if question is None or not (question.status == "published" or owns(user, question.owner_id)):
        raise NotFound(f"No question with id {question_id}.")
    query = (
        select(Answer, Attempt, QuestionSet.owner_id)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(QuestionSet, QuestionSet.id == Attempt.question_set_id)
        .where(Answer.question_id == question_id, Attempt.state == "submitted")
        .order_by(Attempt.submitted_at, Attempt.id)
    )
    if set_id is not None:
        question_set = db.session.get(QuestionSet, set_id)
        if question_set is None or not can_see_set(user, question_set):
            raise NotFound(f"No question set with id {set_id}.")
        query = query.where(Attempt.question_set_id == set_id)
    taught = _taught_learners(user)
    groups: dict[str, list[AnswerEntry]] = {}
    texts: dict[str, dict[str, int]] = {}
    for answer, attempt, owner_id in db.session.execute(query):
        if not (user.is_admin or owner_id == user.id or attempt.user_id in taught):
            continue
        text = _answer_text(question, answer.value)
        key = answer_key(text) or text
        entry = AnswerEntry(
            attempt_id=attempt.id,
            learner=_learner_name(attempt),
            text=text,
            score=answer.score or 0.0,
            graded_score=answer.graded_score,
            note=answer.override_note or "",
            overridden=answer.overridden_at is not None,
        )
        groups.setdefault(key, []).append(entry)
        spellings = texts.setdefault(key, {})
        spellings[text.strip()] = spellings.get(text.strip(), 0) + 1
    rows = [
        AnswerGroupRow(
            text=max(texts[key], key=texts[key].__getitem__),
            key=key,
            score=max(entry.score for entry in entries),
            entries=tuple(entries),
        )
        for key, entries in groups.items()
    ]
    rows.sort(key=lambda row: (-row.count, row.score))
    return QuestionAnswers(
        question=question,
        set_id=set_id,
        groups=tuple(rows),
        editable=owns(user, question.owner_id) and question.status != "archived",
        acceptable=question.type in ACCEPTABLE,
        overridable=question.type in OVERRIDABLE,
    )


def _answer_text(question: Question, value: Any) -> str:
    """What a learner answered, as one line: the text typed, or the options' words."""
    if question.type in TYPED_TYPES:
        return typed_text(value)
    labels = option_labels(question)
    chosen = value if isinstance(value, list) else [value]
    if question.type == "true_false":
        chosen = [0 if value is True else 1 if value is False else -1]
    if labels and all(isinstance(i, int) and 0 <= i < len(labels) for i in chosen):
        return " + ".join(labels[i].get("en") or labels[i].get("hi", "") for i in chosen)
    return typed_text(value)


def _taught_learners(user: HasRole) -> set[int]:
    return set(
        db.session.scalars(
            select(ClassMember.user_id)
            .join(Classroom, Classroom.id == ClassMember.class_id)
            .where(Classroom.teacher_id == user.id)
        )
    )


def _learner_name(attempt: Attempt) -> str:
    if attempt.user is None:
        return ""  # a guest: the page says so in the interface language
    return getattr(attempt.user, "display_name", None) or attempt.user.username
