"""The statements the question editor and the set builder run besides the services': which
questions a teacher may put in a set (their own and published ones, filtered) and which
passages they may write on."""

from sqlalchemy import or_, select

from quizapp.content.models import Passage
from quizapp.extensions import db
from quizapp.questions.models import Question

#: Most questions the set builder's picker lists at once (filters narrow it down).
PICKER_LIMIT = 200


def pickable_questions(
    user,
    *,
    passage_id: int | None = None,
    qtype: str | None = None,
    skill: str | None = None,
    text: str | None = None,
) -> list[Question]:
    """Questions ``user`` may put in a set (their own drafts and published questions, never
    archived ones), by passage, then id."""
    query = select(Question).where(
        or_(Question.owner_id == user.id, Question.status == "published"),
        Question.status != "archived",
    )
    if passage_id is not None:
        query = query.where(Question.passage_id == passage_id)
    if qtype:
        query = query.where(Question.type == qtype)
    if skill:
        query = query.where(Question.skill == skill)
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                Question.prompt_hi.ilike(pattern, escape="\\"),
                Question.prompt_en.ilike(pattern, escape="\\"),
            )
        )
    query = query.order_by(Question.passage_id, Question.id).limit(PICKER_LIMIT)
    return list(db.session.scalars(query))


def questions_by_id(question_ids) -> dict[int, Question]:
    """Question id → question, for those of ``question_ids`` that exist."""
    ids = [i for i in question_ids if isinstance(i, int)]
    if not ids:
        return {}
    return {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}


def writable_passages(user) -> list[Passage]:
    """Passages ``user`` may write questions and sets on: published ones and their own drafts."""
    query = select(Passage).where(or_(Passage.status == "published", Passage.owner_id == user.id))
    return list(db.session.scalars(query.order_by(Passage.title_en, Passage.id)))
