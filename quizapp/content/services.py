"""Reading passages: seeding the article, looking passages up, and shaping them for the reader."""

import json
import time
import unicodedata
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from quizapp.content.models import GlossaryEntry, Passage, Sentence
from quizapp.core.gloss import Segment, split_by_terms
from quizapp.core.romanize import romanize
from quizapp.core.segment import sentence_keys, split_paragraphs, split_sentences
from quizapp.database import (
    assign_changed,
    driver_rows,
    read_connection,
    utcnow,
    write_transaction,
)
from quizapp.extensions import db

SEED_PACKAGE = "quizapp.content.seed"


class SeedError(ValueError):
    """The shipped seed files disagree with each other (a packaging bug, not user input)."""


@dataclass(frozen=True)
class SeedResult:
    """What seeding did to one passage."""

    slug: str
    created: bool
    changed: bool
    sentences: int
    glossary: int


@dataclass(frozen=True)
class ReaderSentence:
    """A sentence ready for the reader: Hindi cut into glossary segments, romanised, English."""

    key: str
    hi: str
    segments: tuple[Segment, ...]
    roman: str
    en: str


def load_seed_article() -> dict:
    """The shipped article: the Hindi text (verbatim) plus our translation and glossary."""
    folder = resources.files(SEED_PACKAGE)
    hindi = folder.joinpath("article.hi.txt").read_text(encoding="utf-8")
    data = json.loads(folder.joinpath("article.json").read_text(encoding="utf-8"))
    paragraphs = [split_sentences(p, "hi") for p in split_paragraphs(hindi)]
    keys = sentence_keys(paragraphs)
    flat_keys = [k for row in keys for k in row]
    if sorted(flat_keys) != sorted(data["translation"]):
        raise SeedError("article.json translation ids do not match the Hindi sentences")
    data["sentences"] = [
        {
            "key": key,
            "paragraph": p,
            "position": s,
            "hi": hi,
            "en": unicodedata.normalize("NFC", data["translation"][key]),
        }
        for p, (row_keys, row) in enumerate(zip(keys, paragraphs, strict=True), 1)
        for s, (key, hi) in enumerate(zip(row_keys, row, strict=True), 1)
    ]
    return data


def seed_article() -> SeedResult:
    """Create or update the shipped article; rerunning with the same files changes nothing."""
    data = load_seed_article()
    with write_transaction():
        result = _apply_passage(data)
    forget_passage_versions()
    return result


def _apply_passage(data: dict) -> SeedResult:
    passage = db.session.scalar(select(Passage).where(Passage.slug == data["slug"]))
    created = passage is None
    if created:
        passage = Passage(slug=data["slug"], version=1)
        db.session.add(passage)
    changed = assign_changed(
        passage,
        dict(
            title_hi=data["title"]["hi"],
            title_en=data["title"]["en"],
            summary_hi=data.get("summary", {}).get("hi", ""),
            summary_en=data.get("summary", {}).get("en", ""),
            level=data.get("level", ""),
        ),
    )
    changed |= _apply_sentences(passage, data["sentences"])
    db.session.flush()
    changed |= _apply_glossary(passage, data["glossary"])
    if changed and not created:
        passage.version += 1
        passage.updated_at = utcnow()
    return SeedResult(
        slug=passage.slug,
        created=created,
        changed=changed,
        sentences=len(data["sentences"]),
        glossary=len(data["glossary"]),
    )


def _apply_sentences(passage: Passage, rows: list[dict]) -> bool:
    existing = {s.key: s for s in passage.sentences}
    changed = False
    for row in rows:
        sentence = existing.pop(row["key"], None)
        if sentence is None:
            sentence = Sentence(key=row["key"])
            passage.sentences.append(sentence)
            changed = True
        changed |= assign_changed(
            sentence,
            dict(
                paragraph=row["paragraph"],
                position=row["position"],
                hi=row["hi"],
                en=row["en"],
                hi_roman=romanize(row["hi"]),
            ),
        )
    for stale in existing.values():
        passage.sentences.remove(stale)
        changed = True
    return changed


def _apply_glossary(passage: Passage, rows: list[dict]) -> bool:
    by_key = {s.key: s for s in passage.sentences}
    existing = {g.key: g for g in passage.glossary}
    changed = False
    for row in rows:
        entry = existing.pop(row["id"], None)
        if entry is None:
            entry = GlossaryEntry(key=row["id"])
            passage.glossary.append(entry)
            changed = True
        changed |= assign_changed(
            entry,
            dict(
                lemma_hi=row["lemma"]["hi"],
                lemma_roman=row["lemma"]["roman"],
                forms=[{"hi": f["hi"], "roman": f["roman"]} for f in row["forms"]],
                pos=row["pos"],
                gender=row.get("gender", ""),
                meaning_en=row["en"],
                note_en=row.get("note", ""),
            ),
        )
        wanted = [by_key[k] for k in row["sentences"]]
        if [s.key for s in entry.sentences] != [s.key for s in wanted]:
            entry.sentences = wanted
            changed = True
    for stale in existing.values():
        passage.glossary.remove(stale)
        changed = True
    return changed


def list_passages() -> list[Passage]:
    """The published passages, newest first (drafts show only on their teacher's pages)."""
    return list(
        db.session.scalars(
            select(Passage)
            .where(Passage.status == "published")
            .order_by(Passage.created_at.desc(), Passage.id.desc())
        )
    )


@dataclass(frozen=True)
class PassageCard:
    """A passage as the home page lists it."""

    passage: Passage
    sentence_count: int
    glossary_count: int


def passage_cards() -> list[PassageCard]:
    """All passages, newest first, with their sentence and glossary counts (one query)."""
    sentences = (
        select(db.func.count(Sentence.id))
        .where(Sentence.passage_id == Passage.id)
        .scalar_subquery()
    )
    glossary = (
        select(db.func.count(GlossaryEntry.id))
        .where(GlossaryEntry.passage_id == Passage.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Passage, sentences, glossary)
        .where(Passage.status == "published")
        .order_by(Passage.created_at.desc(), Passage.id.desc())
    )
    return [
        PassageCard(passage, n_sentences, n_glossary) for passage, n_sentences, n_glossary in rows
    ]


_PASSAGE_VERSIONS = (
    "SELECT id, version FROM passage WHERE status = 'published' ORDER BY created_at DESC, id DESC"
)


def passage_versions() -> tuple[tuple[int, int], ...]:
    """(id, version) of every passage, newest first: the key of pages that list them all."""
    return tuple(map(tuple, driver_rows(read_connection(), _PASSAGE_VERSIONS, {})))


def get_passage(slug: str, *, drafts: bool = False) -> Passage | None:
    """A published passage (or a draft too, for its teacher's pages) with its sentences and
    glossary loaded, or None."""
    wanted = (
        Passage.slug == slug if drafts else (Passage.slug == slug) & (Passage.status == "published")
    )
    return db.session.scalar(
        select(Passage)
        .where(wanted)
        .options(
            selectinload(Passage.sentences),
            selectinload(Passage.glossary).selectinload(GlossaryEntry.sentences),
        )
    )


def passage_by_id(passage_id: int | None) -> Passage | None:
    """A passage by id (its sentences load when first used), or None."""
    return db.session.get(Passage, passage_id) if passage_id is not None else None


def passage_paragraphs(passage_id: int | None) -> tuple[Passage | None, list[list[Sentence]]]:
    """A passage and its sentences grouped by paragraph (for pages that show the text beside
    questions); (None, []) when there is none."""
    passage = passage_by_id(passage_id)
    if passage is None:
        return None, []
    paragraphs: dict[int, list[Sentence]] = {}
    for sentence in passage.sentences:
        paragraphs.setdefault(sentence.paragraph, []).append(sentence)
    return passage, list(paragraphs.values())


#: How long a worker trusts its last look at a passage's version. Edits reach the worker that
#: made them at once (the cache is cleared) and every other worker within this many seconds.
VERSION_TTL_SECONDS = 1.0
_versions: dict[str, tuple[float, tuple[int, int] | None]] = {}


def passage_version(slug: str) -> tuple[int, int] | None:
    """(id, version) of a published passage, the key of its cached renderings; None if there is
    none (a draft is read on its teacher's pages, never from these caches)."""
    now = time.monotonic()
    cached = _versions.get(slug)
    if cached is not None and now - cached[0] < VERSION_TTL_SECONDS:
        return cached[1]
    row = db.session.execute(
        select(Passage.id, Passage.version).where(
            Passage.slug == slug, Passage.status == "published"
        )
    ).first()
    found = (row[0], row[1]) if row else None
    if len(_versions) > 1024:
        _versions.clear()
    _versions[slug] = (now, found)
    return found


def forget_passage_versions() -> None:
    """Drop remembered versions, so the next request sees the database (after edits)."""
    _versions.clear()


def reader_paragraphs(passage: Passage) -> list[list[ReaderSentence]]:
    """Sentences grouped by paragraph, Hindi cut at glossary terms for tapping."""
    terms = [(form["hi"], entry.key) for entry in passage.glossary for form in entry.forms]
    paragraphs: dict[int, list[ReaderSentence]] = {}
    for sentence in passage.sentences:
        paragraphs.setdefault(sentence.paragraph, []).append(
            ReaderSentence(
                key=sentence.key,
                hi=sentence.hi,
                segments=tuple(split_by_terms(sentence.hi, terms)),
                roman=sentence.hi_roman,
                en=sentence.en,
            )
        )
    return [paragraphs[p] for p in sorted(paragraphs)]
