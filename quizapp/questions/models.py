"""Questions of every type and the question sets that order them."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.auth.models import User
from quizapp.content.models import Passage
from quizapp.core import grading
from quizapp.database import utcnow
from quizapp.extensions import db

#: From the registry of question types (quizapp/core/grading): the database checks them too.
QUESTION_TYPES = tuple(grading.QUESTION_TYPES)
SKILLS = tuple(grading.SKILLS)
STATUSES = ("draft", "published")
#: A question already answered is archived rather than deleted, so results stay intact.
QUESTION_STATUSES = (*STATUSES, "archived")
#: What learners see of their answers once feedback shows: the score only, the correct
#: answers too, or the explanations and evidence as well.
FEEDBACK_DETAILS = ("score", "answers", "explanations")
PROMPT_LANGUAGES = ("hi", "en", "both")
FEEDBACK_TIMINGS = ("immediate", "after_submit", "after_due", "never")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Question(db.Model):
    """One question on a passage: prompt in hi/en, a type-specific spec, explanation, evidence."""

    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The id a bank file gives it; re-importing the same id updates this row.
    external_id: Mapped[str] = mapped_column(String(120))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"), index=True)
    passage_id: Mapped[int | None] = mapped_column(
        ForeignKey("passage.id", ondelete="SET NULL"), index=True
    )
    #: One of QUESTION_TYPES; the spec's shape depends on it (quizapp/core/grading).
    type: Mapped[str] = mapped_column(String(20))
    prompt_hi: Mapped[str] = mapped_column(Text, default="")
    prompt_en: Mapped[str] = mapped_column(Text, default="")
    #: Type-specific fields (options, accepted answers, blanks...), validated by the type.
    spec: Mapped[dict] = mapped_column(JSON)
    explanation_hi: Mapped[str] = mapped_column(Text, default="")
    explanation_en: Mapped[str] = mapped_column(Text, default="")
    #: Sentence keys of the passage (``p4s3``) that hold the evidence for the answer.
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    skill: Mapped[str | None] = mapped_column(String(20))
    points: Mapped[float] = mapped_column(default=1.0)
    #: Title from a GIFT file (``::name::``), kept for export.
    name: Mapped[str] = mapped_column(String(200), default="")
    #: "draft", "published" or "archived" (answered once, then deleted by its teacher).
    status: Mapped[str] = mapped_column(String(10), default="published")
    #: The question this one was copied from, if any (copies get a new id, not a new history).
    origin_id: Mapped[int | None] = mapped_column(
        ForeignKey("question.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped[User] = relationship()
    passage: Mapped[Passage | None] = relationship()

    __table_args__ = (
        UniqueConstraint("owner_id", "external_id", name="uq_question_owner_external_id"),
        CheckConstraint(_in("type", QUESTION_TYPES), name="type_known"),
        CheckConstraint(f"skill IS NULL OR {_in('skill', SKILLS)}", name="skill_known"),
        CheckConstraint(_in("status", QUESTION_STATUSES), name="status_known"),
        CheckConstraint("points > 0", name="points_positive"),
        CheckConstraint("prompt_hi <> '' OR prompt_en <> ''", name="has_prompt"),
    )


class QuestionSet(db.Model):
    """An ordered set of questions with the settings a teacher chose for taking it."""

    __tablename__ = "question_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(120))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"), index=True)
    passage_id: Mapped[int | None] = mapped_column(
        ForeignKey("passage.id", ondelete="SET NULL"), index=True
    )
    title_hi: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    #: Which prompt language learners see: "hi", "en" or "both" (switchable).
    prompt_language: Mapped[str] = mapped_column(String(4), default="both")
    shuffle: Mapped[bool] = mapped_column(default=False)
    #: None means unlimited attempts.
    attempts_allowed: Mapped[int | None] = mapped_column(default=None)
    time_limit_minutes: Mapped[int | None] = mapped_column(default=None)
    #: When correct answers and feedback show: immediate, after_submit, after_due, never.
    feedback_timing: Mapped[str] = mapped_column(String(15), default="after_submit")
    #: How much of the key feedback shows: score, answers or explanations (FEEDBACK_DETAILS).
    feedback_detail: Mapped[str] = mapped_column(
        String(12), default="explanations", server_default="explanations"
    )
    #: mcq/multi options in each attempt's own order (a question's fixed_order still wins).
    shuffle_options: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    #: The page learners start on: one question per page, or all on one page.
    one_per_page: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    status: Mapped[str] = mapped_column(String(10), default="published")
    #: The set this one was copied from (a teacher's copy of a seeded set), if any.
    origin_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_set.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped[User] = relationship()
    passage: Mapped[Passage | None] = relationship()
    items: Mapped[list["QuestionSetItem"]] = relationship(
        back_populates="question_set",
        order_by="QuestionSetItem.position",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        UniqueConstraint("owner_id", "external_id", name="uq_question_set_owner_external_id"),
        CheckConstraint(_in("prompt_language", PROMPT_LANGUAGES), name="prompt_language_known"),
        CheckConstraint(_in("feedback_timing", FEEDBACK_TIMINGS), name="feedback_timing_known"),
        CheckConstraint(_in("feedback_detail", FEEDBACK_DETAILS), name="feedback_detail_known"),
        CheckConstraint(_in("status", STATUSES), name="status_known"),
        CheckConstraint(
            "attempts_allowed IS NULL OR attempts_allowed >= 1", name="attempts_positive"
        ),
        CheckConstraint(
            "time_limit_minutes IS NULL OR time_limit_minutes >= 1", name="time_limit_positive"
        ),
        CheckConstraint("title_hi <> '' OR title_en <> ''", name="has_title"),
    )

    @property
    def questions(self) -> list[Question]:
        """The questions in their set order."""
        return [item.question for item in self.items]


class QuestionSetItem(db.Model):
    """A question's place in a set."""

    __tablename__ = "question_set_item"

    set_id: Mapped[int] = mapped_column(
        ForeignKey("question_set.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: 1-based position in the set.
    position: Mapped[int]

    question_set: Mapped[QuestionSet] = relationship(back_populates="items")
    question: Mapped[Question] = relationship()

    __table_args__ = (
        UniqueConstraint("set_id", "position", name="uq_question_set_item_position"),
        CheckConstraint("position >= 1", name="position_positive"),
    )
