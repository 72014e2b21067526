"""A learner's word list ("My words"): the words, one review card per direction, the reviews."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.auth.models import User
from quizapp.content.models import GlossaryEntry
from quizapp.database import UTCDateTime, utcnow
from quizapp.extensions import db

SOURCES = ("reader", "missed_question")
DIRECTIONS = ("hi_en", "en_hi")


class Word(db.Model):
    """A word a learner keeps, copied from a glossary entry so it outlives changes to the text."""

    __tablename__ = "word"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The learner (the unique constraint's index serves look-ups by user).
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    #: The glossary entry it came from; None once that entry is gone (the copy below stays).
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("glossary_entry.id", ondelete="SET NULL"), index=True
    )
    #: The dictionary form in Devanagari, its romanisation, and the forms met in the text.
    hindi: Mapped[str] = mapped_column(String(200))
    roman: Mapped[str] = mapped_column(String(200), default="")
    forms: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The English meaning as the glossary gave it when the word was added.
    english: Mapped[str] = mapped_column(Text)
    #: Part of speech (noun, verb, … phrase, idiom), as in the glossary.
    pos: Mapped[str] = mapped_column(String(20), default="")
    #: How it got here: tapped in the "reader", or behind a "missed_question".
    source: Mapped[str] = mapped_column(String(20))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    entry: Mapped[GlossaryEntry | None] = relationship()
    cards: Mapped[list["WordCard"]] = relationship(
        back_populates="word", cascade="all, delete-orphan", order_by="WordCard.direction.desc()"
    )

    __table_args__ = (
        UniqueConstraint("user_id", "entry_id", name="uq_word_user_entry"),
        CheckConstraint("source IN ('reader', 'missed_question')", name="source_known"),
    )


class WordCard(db.Model):
    """One direction of a word (Hindi → English or English → Hindi) and its FSRS schedule."""

    __tablename__ = "word_card"

    id: Mapped[int] = mapped_column(primary_key=True)
    word_id: Mapped[int] = mapped_column(ForeignKey("word.id", ondelete="CASCADE"))
    #: The word's owner again, so "how many are due" is one indexed count.
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    #: "hi_en" (Hindi shown, English answered) or "en_hi".
    direction: Mapped[str] = mapped_column(String(5))
    #: The card as ``fsrs.Card.to_dict()``: stage, step, stability, difficulty, due, last review.
    state: Mapped[dict] = mapped_column(JSON)
    #: When it is next due (the same as in ``state``), timezone-aware UTC.
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: Reviews so far, and how often a learnt card was forgotten.
    reps: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)

    word: Mapped[Word] = relationship(back_populates="cards")

    __table_args__ = (
        UniqueConstraint("word_id", "direction", name="uq_word_card_word_direction"),
        CheckConstraint("direction IN ('hi_en', 'en_hi')", name="direction_known"),
        CheckConstraint("reps >= 0 AND lapses >= 0", name="counts_positive"),
        Index("ix_word_card_user_due", "user_id", "due"),
    )


class WordReview(db.Model):
    """One review of a card: the rating, and the typed answer (None when self-graded)."""

    __tablename__ = "word_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("word_card.id", ondelete="CASCADE"), index=True)
    #: FSRS rating: 1 Again, 2 Hard, 3 Good, 4 Easy.
    rating: Mapped[int]
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: What the learner typed; None when they pressed "Show answer" and graded themselves.
    typed_answer: Mapped[str | None] = mapped_column(Text, default=None)
    #: For a typed answer: "exact", "near" or "none"; empty when self-graded.
    typed_result: Mapped[str] = mapped_column(String(5), default="")
    #: When the card was due before and after this review.
    due_before: Mapped[datetime] = mapped_column(UTCDateTime)
    due_after: Mapped[datetime] = mapped_column(UTCDateTime)

    card: Mapped[WordCard] = relationship()

    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 4", name="rating_known"),
        CheckConstraint("typed_result IN ('', 'exact', 'near', 'none')", name="typed_result_known"),
    )


class MissedWordScan(db.Model):
    """An attempt whose missed vocabulary questions were turned into words (done once each)."""

    __tablename__ = "missed_word_scan"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempt.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: How many words it added (0 when every vocabulary question was right).
    added: Mapped[int] = mapped_column(default=0)
