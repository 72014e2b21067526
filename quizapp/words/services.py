"""My words: adding words (from the reader, or behind missed vocabulary questions), reviewing
them with FSRS, and exporting them.

Every word has two cards, Hindi → English and English → Hindi, each with its own schedule
(``quizapp.core.review``). A learner sees and changes only their own words: every function
takes the user's id and treats anyone else's word or card as not found.

Missed questions: after a signed-in learner submits an attempt, :func:`collect_missed_words`
adds the glossary words behind each vocabulary question that scored less than full marks
(which words: ``quizapp.core.vocab``). Each attempt is scanned once (``MissedWordScan``), so a
word the learner removed does not come back from the same attempt. Attempts finished without a
submit — by the time limit, through the cron or on the next visit — and any other attempt not
scanned yet are collected the next time the learner opens My words
(:func:`collect_pending_missed_words`).

The scheduler fuzzes long intervals (as FSRS recommends) unless the app's
``WORDS_FSRS_FUZZING`` setting is false.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import selectinload

from quizapp.attempts.models import Attempt
from quizapp.attempts.queries import SavedAnswer
from quizapp.attempts.services import (
    AttemptView,
    attempt_submitted,
    feedback_visible,
    read_attempt,
)
from quizapp.content.models import GlossaryEntry, Passage
from quizapp.core.grading import get_type
from quizapp.core.presentation import shown_order, to_canonical
from quizapp.core.review import (
    DIRECTIONS,
    MAX_TYPED_CHARS,
    Rating,
    WordFacts,
    grade_typed,
    make_scheduler,
    new_card_state,
    preview_dues,
    review_card,
)
from quizapp.core.vocab import GlossIndex, GlossTerm, question_words
from quizapp.database import read_connection, utcnow, write_transaction
from quizapp.exceptions import Conflict, DomainError, NotFound
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet
from quizapp.words import queries
from quizapp.words.models import MissedWordScan, Word, WordCard, WordReview

#: Attempts scanned for missed words in one visit to My words (the rest wait for the next).
PENDING_SCAN_LIMIT = 50
#: Types whose missed parts (blanks, pairs) narrow down the words (core.vocab, rule 1).
_PART_TYPES = ("cloze", "matching")


class WordNotFound(NotFound):
    """No such word or card among this learner's."""


# ---- Helpers ---------------------------------------------------------------------------------


#: Ids beyond a 64-bit integer cannot name a row (and SQLite refuses to compare with them).
_MAX_ID = 2**63 - 1


def _row(model, row_id: int):
    """``db.session.get`` that treats an impossible id as a missing row instead of failing."""
    if not isinstance(row_id, int) or not 0 < row_id <= _MAX_ID:
        return None
    return db.session.get(model, row_id)


def scheduler():
    """The FSRS scheduler, fuzzing long intervals unless WORDS_FSRS_FUZZING is false."""
    return make_scheduler(fuzzing=bool(current_app.config.get("WORDS_FSRS_FUZZING", True)))


def word_facts(word: Word) -> WordFacts:
    """What grading a review of ``word`` needs."""
    return WordFacts(
        hindi=word.hindi, forms=tuple(word.forms or ()), roman=word.roman, english=word.english
    )


def _new_word(user_id: int, entry: GlossaryEntry, source: str, now: datetime) -> Word:
    """Add a word copied from ``entry`` with a new card per direction (flushes, no commit)."""
    word = Word(
        user_id=user_id,
        entry_id=entry.id,
        hindi=entry.lemma_hi,
        roman=entry.lemma_roman,
        forms=[form["hi"] for form in entry.forms or [] if form.get("hi")],
        english=entry.meaning_en,
        pos=entry.pos,
        source=source,
        added_at=now,
        cards=[
            WordCard(user_id=user_id, direction=direction, state={}, due=now)
            for direction in DIRECTIONS
        ],
    )
    db.session.add(word)
    db.session.flush()
    for card in word.cards:  # FSRS names a card by its id, known only now
        card.state = new_card_state(card.id, now)
    return word


def _existing_entry_ids(user_id: int, entry_ids: Iterable[int]) -> set[int]:
    ids = list(entry_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(Word.entry_id).where(Word.user_id == user_id, Word.entry_id.in_(ids))
        )
    )


# ---- Adding ----------------------------------------------------------------------------------


def add_word(
    user_id: int, entry_id: int, source: str = "reader", now: datetime | None = None
) -> tuple[Word, bool]:
    """Add a glossary entry to the learner's words; (word, created). Adding it again is a no-op."""
    now = now or utcnow()
    with write_transaction():
        entry = _row(GlossaryEntry, entry_id)
        if entry is None:
            raise NotFound(f"No glossary entry with id {entry_id}.")
        word = db.session.scalar(
            select(Word).where(Word.user_id == user_id, Word.entry_id == entry_id)
        )
        if word is not None:
            return word, False
        word = _new_word(user_id, entry, source, now)
    return word, True


def get_entry(entry_id: int) -> GlossaryEntry:
    """A glossary entry (for the "add this word?" page), or NotFound."""
    entry = _row(GlossaryEntry, entry_id)
    if entry is None:
        raise NotFound(f"No glossary entry with id {entry_id}.")
    return entry


def entry_ids_in_list(user_id: int, passage_slug: str) -> list[int]:
    """Which of a passage's glossary entries the learner has among their words (for the reader)."""
    return list(
        db.session.scalars(
            select(Word.entry_id)
            .join(GlossaryEntry, GlossaryEntry.id == Word.entry_id)
            .join(Passage, Passage.id == GlossaryEntry.passage_id)
            .where(Word.user_id == user_id, Passage.slug == passage_slug)
            .order_by(Word.entry_id)
        )
    )


# ---- Words behind missed vocabulary questions ------------------------------------------------

_glossaries: dict[tuple[int, int], GlossIndex] = {}


def _gloss_index(passage_id: int) -> GlossIndex:
    """The passage's glossary indexed for matching, built once per passage version."""
    version = db.session.scalar(select(Passage.version).where(Passage.id == passage_id))
    key = (passage_id, version or 0)
    if key not in _glossaries:
        entries = db.session.scalars(
            select(GlossaryEntry).where(GlossaryEntry.passage_id == passage_id)
        )
        terms = [
            GlossTerm(
                id=entry.id,
                forms=(entry.lemma_hi, *(f.get("hi", "") for f in entry.forms or [])),
                meaning=entry.meaning_en,
            )
            for entry in entries
        ]
        if len(_glossaries) > 64:
            _glossaries.clear()
        _glossaries[key] = GlossIndex(terms)
    return _glossaries[key]


def _missed_parts(view: AttemptView, question, answer: SavedAnswer | None):
    """The blanks or pairs the learner got wrong; None when unknown (no answer, other types)."""
    if question.type not in _PART_TYPES or answer is None or answer.value is None:
        return None
    qtype = get_type(question.type)
    order = shown_order(qtype, question.spec, f"{view.attempt.seed}:{question.id}")
    result = qtype.grade(question.spec, to_canonical(answer.value, order))
    if not result.parts:
        return None
    return frozenset(part.index for part in result.parts if not part.correct)


def missed_question_entries(view: AttemptView) -> list[int]:
    """Glossary entry ids behind the vocabulary questions this finished attempt missed."""
    questions = [q for q in view.questions if q.skill == "vocabulary"]
    if not questions:
        return []
    answers = view.answers
    found: list[int] = []
    for question in questions:
        answer = answers.get(question.id)
        if answer is not None and answer.value is not None and (answer.score or 0) >= 1:
            continue
        if question.passage_id is None:
            continue
        found += question_words(
            question.type,
            question.spec,
            question.prompt_hi,
            question.prompt_en,
            _gloss_index(question.passage_id),
            _missed_parts(view, question, answer),
        )
    return list(dict.fromkeys(found))


def _add_missed(user_id: int, attempt_ids_entries: dict[int, list[int]], now: datetime) -> int:
    """Inside a write transaction: add the entries and mark the attempts scanned."""
    already_scanned = set(
        db.session.scalars(
            select(MissedWordScan.attempt_id).where(
                MissedWordScan.attempt_id.in_(list(attempt_ids_entries))
            )
        )
    )
    added = 0
    for attempt_id, entry_ids in attempt_ids_entries.items():
        if attempt_id in already_scanned:
            continue
        have = _existing_entry_ids(user_id, entry_ids)
        new = 0
        for entry in db.session.scalars(
            select(GlossaryEntry).where(
                GlossaryEntry.id.in_([e for e in entry_ids if e not in have])
            )
        ):
            _new_word(user_id, entry, "missed_question", now)
            new += 1
        db.session.add(
            MissedWordScan(attempt_id=attempt_id, user_id=user_id, scanned_at=now, added=new)
        )
        added += new
    return added


def collect_missed_words(view: AttemptView, user_id: int, now: datetime | None = None) -> int:
    """After a submit: add the words behind the attempt's missed vocabulary questions.

    Cheap when there is nothing to do: a repeat submit costs one lookup, and an attempt with
    no missed vocabulary question writes nothing (the next visit to My words marks it).
    """
    attempt = view.attempt
    if attempt.user_id != user_id or not feedback_visible(view):
        return 0  # a set that hides its answers would show them here (the right word)
    if not any(q.skill == "vocabulary" for q in view.questions):
        return 0  # most sets: nothing to look up (the questions are already in memory)
    if db.session.get(MissedWordScan, attempt.id) is not None:
        return 0
    entries = missed_question_entries(view)
    if not entries:
        return 0
    try:
        with write_transaction():
            return _add_missed(user_id, {attempt.id: entries}, now or utcnow())
    except (IntegrityError, OperationalError) as error:
        # Scanned at the same moment by another request, or the database stayed busy: the
        # submit itself went through, and the next visit to My words scans the attempt.
        current_app.logger.warning(
            "missed words of attempt %s not collected: %s", attempt.id, error
        )
        return 0


@attempt_submitted.connect
def _collect_after_submit(_sender, view: AttemptView, **_extra) -> None:
    if view.attempt.user_id is not None:
        collect_missed_words(view, view.attempt.user_id)


def collect_pending_missed_words(user_id: int, now: datetime | None = None) -> int:
    """Scan the learner's finished attempts not scanned yet (time-outs, older ones); words added."""
    pending = db.session.scalars(
        select(Attempt.id)
        .join(QuestionSet, QuestionSet.id == Attempt.question_set_id)
        .where(
            Attempt.user_id == user_id,
            Attempt.state == "submitted",
            QuestionSet.feedback_timing != "never",  # they never show: no words to add
            ~select(MissedWordScan.attempt_id)
            .where(MissedWordScan.attempt_id == Attempt.id)
            .exists(),
        )
        .order_by(Attempt.submitted_at.desc())
        .limit(PENDING_SCAN_LIMIT)
    ).all()
    if not pending:
        return 0
    views = [read_attempt(attempt_id) for attempt_id in pending]
    # One whose set hides its answers stays unscanned: they may show later (after a due date).
    found = {view.id: missed_question_entries(view) for view in views if feedback_visible(view)}
    if not found:
        return 0
    try:
        with write_transaction():
            return _add_missed(user_id, found, now or utcnow())
    except IntegrityError:
        return 0


# ---- Reading ---------------------------------------------------------------------------------


def list_words(user_id: int) -> list[Word]:
    """The learner's words, newest first, with their cards."""
    return list(
        db.session.scalars(
            select(Word)
            .where(Word.user_id == user_id)
            .options(
                selectinload(Word.cards),
                selectinload(Word.entry).selectinload(GlossaryEntry.passage),
            )
            .order_by(Word.added_at.desc(), Word.id.desc())
        )
    )


def get_word(user_id: int, word_id: int) -> Word:
    """One of the learner's words, or WordNotFound."""
    word = _row(Word, word_id)
    if word is None or word.user_id != user_id:
        raise WordNotFound(f"No word with id {word_id}.")
    return word


def _direction_filter(direction: str | None):
    if direction is None:
        return True
    if direction not in DIRECTIONS:
        raise DomainError(f"Unknown direction {direction!r}: use hi_en or en_hi.")
    return WordCard.direction == direction


def due_count(user_id: int, now: datetime, direction: str | None = None) -> int:
    """How many of the learner's cards are due at ``now`` (in one direction, or both)."""
    return db.session.scalar(
        select(func.count())
        .select_from(WordCard)
        .where(WordCard.user_id == user_id, WordCard.due <= now, _direction_filter(direction))
    )


def due_word_count(user_id: int, now: datetime) -> int:
    """How many of the learner's words have a card due at ``now`` (the home page's one query)."""
    return queries.due_word_count(read_connection(), user_id, now)


def next_due_card(user_id: int, now: datetime, direction: str | None = None) -> WordCard | None:
    """The learner's card that has been due longest at ``now``, or None."""
    return db.session.scalar(
        select(WordCard)
        .where(WordCard.user_id == user_id, WordCard.due <= now, _direction_filter(direction))
        .options(selectinload(WordCard.word))
        .order_by(WordCard.due, WordCard.id)
        .limit(1)
    )


def next_due_at(user_id: int, direction: str | None = None) -> datetime | None:
    """When the learner's next card falls due (for "nothing to review now"), or None."""
    return db.session.scalar(
        select(func.min(WordCard.due)).where(
            WordCard.user_id == user_id, _direction_filter(direction)
        )
    )


def get_card(user_id: int, card_id: int) -> WordCard:
    """One of the learner's cards, or WordNotFound."""
    card = _row(WordCard, card_id)
    if card is None or card.user_id != user_id:
        raise WordNotFound(f"No card with id {card_id}.")
    return card


def get_review(user_id: int, review_id: int) -> WordReview:
    """One review of the learner's cards (for the result shown after it), or WordNotFound."""
    review = _row(WordReview, review_id)
    if review is None or review.card.user_id != user_id:
        raise WordNotFound(f"No review with id {review_id}.")
    return review


def rating_previews(card: WordCard, now: datetime) -> dict[Rating, timedelta]:
    """How long until the card comes back after each self-grade (shown on the buttons)."""
    return preview_dues(card.state, now, make_scheduler(fuzzing=False))


# ---- Reviewing -------------------------------------------------------------------------------


def record_review(
    user_id: int,
    card_id: int,
    *,
    answer: str | None = None,
    rating: Rating | None = None,
    seen_reps: int | None = None,
    now: datetime | None = None,
) -> WordReview:
    """Review a card with a typed ``answer`` (graded) or a self-grade ``rating``; reschedule it.

    ``seen_reps`` is the card's review count when the learner saw it: if it has been reviewed
    since (a double click, a resent form), that review is returned and nothing changes.
    """
    if (answer is None) == (rating is None):
        raise DomainError("Type an answer or choose how well you knew the word.")
    if answer is not None and len(answer) > MAX_TYPED_CHARS:
        raise DomainError(f"That answer is too long (at most {MAX_TYPED_CHARS} characters).")
    now = now or utcnow()
    with write_transaction():
        card = get_card(user_id, card_id)
        if seen_reps is not None and card.reps != seen_reps:
            latest = db.session.scalar(
                select(WordReview)
                .where(WordReview.card_id == card.id)
                .order_by(WordReview.id.desc())
                .limit(1)
            )
            if latest is None:
                raise Conflict("This card changed meanwhile; please try again.")
            return latest
        typed_result = ""
        if answer is not None:
            grade = grade_typed(card.direction, answer, word_facts(card.word))
            rating, typed_result = grade.rating, grade.kind
        outcome = review_card(card.state, rating, now, scheduler())
        review = WordReview(
            card_id=card.id,
            rating=int(rating),
            reviewed_at=now,
            typed_answer=answer,
            typed_result=typed_result,
            due_before=card.due,
            due_after=outcome.due,
        )
        db.session.add(review)
        card.state = outcome.state
        card.due = outcome.due
        card.last_review = now
        card.reps += 1
        card.lapses += int(outcome.lapsed)
    return review


def remove_word(user_id: int, word_id: int) -> None:
    """Remove one of the learner's words with its cards and reviews."""
    with write_transaction():
        word = get_word(user_id, word_id)
        db.session.delete(word)


# ---- Export ----------------------------------------------------------------------------------

CSV_HEADER = ("hindi", "romanisation", "english", "part of speech", "source", "added", "due")


def _one_line(value: str) -> str:
    """A field for a line-based format: tabs and line breaks become spaces."""
    return " ".join(str(value).split())


def _iso(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


def export_csv(user_id: int) -> str:
    """The learner's words as CSV (UTF-8, header row); ``due`` is the earliest of the two cards."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for word in reversed(list_words(user_id)):
        due = min((card.due for card in word.cards), default=None)
        writer.writerow(
            (
                word.hindi,
                word.roman,
                word.english,
                word.pos,
                word.source,
                _iso(word.added_at),
                _iso(due),
            )
        )
    return out.getvalue()


#: Anki reads these header lines (Anki 2.1.54+): tab-separated, plain text, a tag on every note.
ANKI_HEADER = ("#separator:tab", "#html:false", "#tags column:3")


def export_anki_tsv(user_id: int) -> str:
    """The learner's words for Anki's File → Import: Hindi<TAB>English (romanisation)<TAB>tag."""
    lines = list(ANKI_HEADER)
    for word in reversed(list_words(user_id)):
        back = f"{word.english} ({word.roman})" if word.roman else word.english
        lines.append("\t".join((_one_line(word.hindi), _one_line(back), "quizapp")))
    return "\n".join(lines) + "\n"


# ---- Demo data -------------------------------------------------------------------------------

#: Glossary entries (by key) the demo learner keeps, and how each card's reviews went.
_DEMO_KEYS = (
    "samkaksh", "matbhed", "sahyog", "pratibandh", "baithak", "mulaakaat", "vaartaa",
    "tanaavpurn", "sthir", "anumaanit", "shikhar-vaartaa", "videsh-mantri", "jaise-ko-taisaa",
    "aapsi", "rachnaatmak",
)  # fmt: skip
_DEMO_RATINGS = (
    (Rating.Good, Rating.Good, Rating.Good),
    (Rating.Again, Rating.Good),
    (Rating.Good,),
    (Rating.Good, Rating.Hard, Rating.Good, Rating.Good),
    (Rating.Easy,),
)


def review_times(user_id: int) -> list[datetime]:
    """When the learner reviewed words, one moment per review (the progress streak counts
    review days as active days)."""
    return list(
        db.session.scalars(
            select(WordReview.reviewed_at)
            .join(WordCard, WordCard.id == WordReview.card_id)
            .where(WordCard.user_id == user_id)
        )
    )


@dataclass(frozen=True)
class DemoWords:
    """What seed_demo_words did: words added, reviews recorded, cards due at ``now``."""

    added: int
    reviews: int
    due: int


def seed_demo_words(user_id: int, now: datetime) -> DemoWords:
    """Give a (demo) learner ~15 words with a believable review history, some due at ``now``.

    Word ``i`` was added ``2 + 2i`` days before ``now`` and each of its cards reviewed on time
    with one of a few rating patterns, stopping at ``now``; words already in the list are left
    as they are, so running it again adds nothing.
    """
    review_scheduler = make_scheduler(fuzzing=False)
    added = reviews = 0
    with write_transaction():
        entries = {
            entry.key: entry
            for entry in db.session.scalars(
                select(GlossaryEntry).where(GlossaryEntry.key.in_(_DEMO_KEYS))
            )
        }
        have = _existing_entry_ids(user_id, [entry.id for entry in entries.values()])
        for i, key in enumerate(_DEMO_KEYS):
            entry = entries.get(key)
            if entry is None or entry.id in have:
                continue
            start = now - timedelta(days=2 + 2 * i)
            word = _new_word(user_id, entry, "reader" if i % 3 else "missed_question", start)
            added += 1
            for n, card in enumerate(word.cards):
                reviews += _replay(
                    card, _DEMO_RATINGS[(i + n) % len(_DEMO_RATINGS)], start, now, review_scheduler
                )
    return DemoWords(added=added, reviews=reviews, due=due_count(user_id, now))


def _replay(card: WordCard, ratings, start: datetime, now: datetime, review_scheduler) -> int:
    """Review ``card`` with ``ratings``, each when it falls due, none after ``now``."""
    moment, done = start + timedelta(minutes=5), 0
    for rating in ratings:
        if moment > now:
            break
        outcome = review_card(card.state, rating, moment, review_scheduler)
        db.session.add(
            WordReview(
                card_id=card.id,
                rating=int(rating),
                reviewed_at=moment,
                due_before=card.due,
                due_after=outcome.due,
            )
        )
        card.state, card.due, card.last_review = outcome.state, outcome.due, moment
        card.reps += 1
        card.lapses += int(outcome.lapsed)
        moment, done = outcome.due, done + 1
    return done
