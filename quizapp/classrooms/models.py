"""Classes, their learners and assignments, and teacher-paced live lessons.

A class belongs to one teacher and has a join code; learners join by the code (or are put in
by a roster import). An assignment is a question set given to a class with optional open and
due dates. A live run is one lesson in which the teacher opens the set's questions one at a
time; its whole state lives here, in the database, so every app process (and PostgreSQL)
agrees on it and a phone that reloads finds its seat.
"""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.auth.models import User
from quizapp.database import UTCDateTime, utcnow
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet

#: Where a class's dates are read and shown unless its teacher says otherwise.
DEFAULT_TIME_ZONE = "Asia/Kolkata"

LIVE_STATES = ("waiting", "open", "closed", "finished")


class Classroom(db.Model):
    """A teacher's class: a name, a join code, the time zone its due dates are in."""

    __tablename__ = "classroom"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The teacher who owns the class; only they (and admins) see its learners' work.
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    #: Canonical join code (core.join_code: no look-alike characters), unique among classes.
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    #: IANA zone name; open and due dates are entered and shown in it.
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set when the teacher archives the class: it takes no joins and leaves the lists.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    teacher: Mapped[User] = relationship()


class ClassMember(db.Model):
    """A learner in a class."""

    __tablename__ = "class_member"

    class_id: Mapped[int] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class Assignment(db.Model):
    """A question set given to a class, with optional open and due dates (UTC)."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"))
    question_set_id: Mapped[int] = mapped_column(
        ForeignKey("question_set.id", ondelete="CASCADE"), index=True
    )
    #: Before this, learners see the assignment but cannot start it; None: open at once.
    open_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: Submissions after this are marked late; None: no due date.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    classroom: Mapped[Classroom] = relationship()
    question_set: Mapped[QuestionSet] = relationship()

    __table_args__ = (UniqueConstraint("class_id", "question_set_id"),)


class LiveRun(db.Model):
    """One teacher-paced lesson: a set's questions opened and closed one at a time."""

    __tablename__ = "live_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), index=True
    )
    question_set_id: Mapped[int] = mapped_column(ForeignKey("question_set.id", ondelete="CASCADE"))
    #: waiting (nothing opened yet), open (answers taken), closed (results shown), finished.
    state: Mapped[str] = mapped_column(String(10), default="waiting")
    #: The set's questions in the order the lesson goes through them, fixed at the start.
    question_ids: Mapped[list[int]] = mapped_column(JSON)
    #: Secret seed of the options' and items' order: one order for the whole room, so the
    #: projector's letters match every phone.
    seed: Mapped[str] = mapped_column(String(64))
    #: Position in ``question_ids`` of the current question; -1 before the first.
    position: Mapped[int] = mapped_column(default=-1)
    #: Bumped on every change of state (open, close, finish, a player hidden): part of the
    #: ETag every poll compares.
    version: Mapped[int] = mapped_column(default=0)
    #: Whether the projector shows a leaderboard; off unless the teacher turns it on.
    leaderboard: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the current question was opened and closed.
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    classroom: Mapped[Classroom] = relationship()
    question_set: Mapped[QuestionSet] = relationship()

    __table_args__ = (
        CheckConstraint("state IN ('waiting', 'open', 'closed', 'finished')", name="state_known"),
    )


class LivePlayer(db.Model):
    """A learner's seat in a live run: kept when a phone reloads, sleeps or loses Wi-Fi."""

    __tablename__ = "live_player"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("live_run.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The position of the question that was current when they joined: earlier questions
    #: are "not attempted" for them, not wrong.
    joined_at_position: Mapped[int] = mapped_column(default=-1)
    #: Hidden from the projector by the teacher (a rude name, say); still answers.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship()


class LiveAnswer(db.Model):
    """A learner's answer to one question of a live run; the last one before closing counts."""

    __tablename__ = "live_answer"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("live_run.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    #: The answer in its type's canonical shape (mapped back from the room's order).
    value: Mapped[object] = mapped_column(JSON)
    score: Mapped[float] = mapped_column(default=0.0)
    correct: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_live_answer_run_question", "run_id", "question_id"),)
