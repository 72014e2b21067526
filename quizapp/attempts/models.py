"""Attempts at a question set and the answers saved in them."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.auth.models import User
from quizapp.database import UTCDateTime, utcnow
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet

STATES = ("in_progress", "submitted")


class Attempt(db.Model):
    """One learner's (or guest's) go at a question set."""

    __tablename__ = "attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_set_id: Mapped[int] = mapped_column(
        ForeignKey("question_set.id", ondelete="CASCADE"), index=True
    )
    #: The learner, or None for a guest (then ``guest_key`` says whose browser it is).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    #: Random key kept in a guest's session cookie; moved into an account at sign-up.
    guest_key: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(12), default="in_progress")
    #: The questions of this attempt in the order shown (a retry holds only the missed ones).
    question_ids: Mapped[list[int]] = mapped_column(JSON)
    #: Secret seed for this attempt's shuffles (option order, ordering items, matching).
    seed: Mapped[str] = mapped_column(String(64))
    #: The attempt this one retries, for "try the missed ones again".
    retry_of_id: Mapped[int | None] = mapped_column(ForeignKey("attempt.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the time limit runs out; None without a limit.
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: "submitted" by the learner or "expired" (finished by the server when time ran out).
    finished_by: Mapped[str] = mapped_column(String(10), default="")
    score: Mapped[float | None] = mapped_column(default=None)
    max_score: Mapped[float | None] = mapped_column(default=None)

    question_set: Mapped[QuestionSet] = relationship()
    user: Mapped[User | None] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("state IN ('in_progress', 'submitted')", name="state_known"),
        CheckConstraint("(user_id IS NOT NULL) <> (guest_key IS NOT NULL)", name="one_owner"),
        # One in-progress attempt per learner (or guest) and set, enforced by the database.
        Index(
            "uq_attempt_open_per_user",
            "question_set_id",
            "user_id",
            unique=True,
            sqlite_where=text("state = 'in_progress' AND user_id IS NOT NULL"),
            postgresql_where=text("state = 'in_progress' AND user_id IS NOT NULL"),
        ),
        Index(
            "uq_attempt_open_per_guest",
            "question_set_id",
            "guest_key",
            unique=True,
            sqlite_where=text("state = 'in_progress' AND guest_key IS NOT NULL"),
            postgresql_where=text("state = 'in_progress' AND guest_key IS NOT NULL"),
        ),
        Index("ix_attempt_user_id", "user_id"),
        Index("ix_attempt_guest_key", "guest_key"),
        Index(
            "ix_attempt_open_deadline",
            "deadline_at",
            sqlite_where=text("state = 'in_progress'"),
            postgresql_where=text("state = 'in_progress'"),
        ),
    )


class Answer(db.Model):
    """The latest answer to one question of an attempt, and its grading once submitted."""

    __tablename__ = "answer"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    #: The answer in its type's shape, exactly as the learner gave it (shown order).
    value: Mapped[object] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Filled at submission: score 0..1 of the question, and the grading result as JSON.
    score: Mapped[float | None] = mapped_column(default=None)
    result: Mapped[dict | None] = mapped_column(JSON, default=None)
    #: The grader's score when a teacher has overridden it: ``score`` then holds the
    #: teacher's, so every page, total and progress figure follows without knowing. The
    #: note is what the learner reads beside it.
    graded_score: Mapped[float | None] = mapped_column(default=None)
    override_note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    overridden_by: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    overridden_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
