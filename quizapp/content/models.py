"""Passages, their sentences (Hindi with the aligned English) and glossary entries."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.database import utcnow
from quizapp.extensions import db

glossary_occurrence = db.Table(
    "glossary_occurrence",
    db.Column("entry_id", ForeignKey("glossary_entry.id", ondelete="CASCADE"), primary_key=True),
    db.Column("sentence_id", ForeignKey("sentence.id", ondelete="CASCADE"), primary_key=True),
)


class Passage(db.Model):
    """A text to read: Hindi source and English translation, split into aligned sentences."""

    __tablename__ = "passage"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL name, e.g. ``blinken-lavrov-reykjavik``; stable once published.
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    #: Titles and one-line summaries in both languages.
    title_hi: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    summary_hi: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    #: Rough CEFR level of the Hindi text (A1..C2), shown in passage lists.
    level: Mapped[str] = mapped_column(String(2), default="")
    #: Bumped on every content change; caches of rendered text key on it.
    version: Mapped[int] = mapped_column(default=1)
    #: The teacher who wrote it; None for the shipped article (it belongs to the system).
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True, default=None
    )
    #: "draft" (its owner and admins see it) or "published" (everyone reads it).
    status: Mapped[str] = mapped_column(String(10), default="published", server_default="published")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    sentences: Mapped[list["Sentence"]] = relationship(
        back_populates="passage",
        order_by="(Sentence.paragraph, Sentence.position)",
        cascade="all, delete-orphan",
    )
    glossary: Mapped[list["GlossaryEntry"]] = relationship(
        back_populates="passage",
        order_by="(GlossaryEntry.lemma_hi, GlossaryEntry.id)",  # homographs: a stable order
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("status IN ('draft', 'published')", name="status_known"),
    )

    def title(self, lang: str) -> str:
        """The title in ``lang`` ("hi" or "en")."""
        return self.title_hi if lang == "hi" else self.title_en

    def summary(self, lang: str) -> str:
        """The summary in ``lang`` ("hi" or "en")."""
        return self.summary_hi if lang == "hi" else self.summary_en


class Sentence(db.Model):
    """One Hindi sentence of a passage with its English translation."""

    __tablename__ = "sentence"

    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id", ondelete="CASCADE"))
    #: Stable public id within the passage, ``p{paragraph}s{position}``; questions cite it.
    key: Mapped[str] = mapped_column(String(20))
    #: 1-based paragraph number and position of the sentence within it.
    paragraph: Mapped[int]
    position: Mapped[int]
    #: The Hindi exactly as published (NFC) and our English translation.
    hi: Mapped[str] = mapped_column(Text)
    en: Mapped[str] = mapped_column(Text)
    #: Hindi-style romanisation of ``hi``, computed when the sentence is saved.
    hi_roman: Mapped[str] = mapped_column(Text, default="")

    passage: Mapped[Passage] = relationship(back_populates="sentences")

    __table_args__ = (
        UniqueConstraint("passage_id", "key", name="uq_sentence_passage_key"),
        UniqueConstraint("passage_id", "paragraph", "position", name="uq_sentence_place"),
        CheckConstraint("paragraph >= 1 AND position >= 1", name="place_positive"),
    )


class GlossaryEntry(db.Model):
    """A useful word or phrase of a passage: lemma, surface forms, meaning and where it occurs."""

    __tablename__ = "glossary_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passage.id", ondelete="CASCADE"))
    #: ASCII id unique within the passage, used in URLs and anchors.
    key: Mapped[str] = mapped_column(String(80))
    #: Dictionary form in Devanagari and romanised.
    lemma_hi: Mapped[str] = mapped_column(String(200))
    lemma_roman: Mapped[str] = mapped_column(String(200))
    #: Surface forms as they appear in the text: ``[{"hi": ..., "roman": ...}]``.
    forms: Mapped[list[dict]] = mapped_column(JSON, default=list)
    #: Part of speech (noun, verb, adjective, ... phrase, idiom).
    pos: Mapped[str] = mapped_column(String(20))
    #: "m" or "f" for nouns, empty otherwise.
    gender: Mapped[str] = mapped_column(String(1), default="")
    #: Meaning in English, and an optional usage note.
    meaning_en: Mapped[str] = mapped_column(Text)
    note_en: Mapped[str] = mapped_column(Text, default="")

    passage: Mapped[Passage] = relationship(back_populates="glossary")
    sentences: Mapped[list[Sentence]] = relationship(
        secondary=glossary_occurrence, order_by="(Sentence.paragraph, Sentence.position)"
    )

    __table_args__ = (
        UniqueConstraint("passage_id", "key", name="uq_glossary_entry_passage_key"),
        CheckConstraint("gender IN ('', 'm', 'f')", name="gender_known"),
    )
