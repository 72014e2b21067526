"""My words services on the seeded database: the seeded vocabulary questions' words, adding,
reviewing on a fixed clock, due counts, and the demo learner's words."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from quizapp.content.models import GlossaryEntry
from quizapp.core.review import Rating
from quizapp.core.vocab import question_words
from quizapp.exceptions import DomainError, NotFound
from quizapp.extensions import db
from quizapp.questions.models import Question
from quizapp.words import services
from quizapp.words.models import Word, WordCard, WordReview

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

#: What each seeded vocabulary question is about (core.vocab's rule, all parts missed).
SEEDED_VOCABULARY = {
    "bl-vocab-01": ["samkaksh"],
    "bl-vocab-02": ["halkaa", "tanaavpurn"],
    "bl-vocab-03": ["aadhaarshilaa-rakhnaa"],
    "bl-vocab-04": ["maaf-kar-denaa"],
    "bl-vocab-05": ["jaise-ko-taisaa"],
    "bl-vocab-06": ["baithak", "mulaakaat"],
    "bl-vocab-07": ["aapsi", "paarasparik"],
    "bl-vocab-08": [
        "pratibandh",
        "nishkaasan",
        "tainaati",
        "sanvaaddaataa",
        "raajnayik",
        "aarop",
    ],
    "bl-vocab-09": [
        "anumaanit",
        "sthir",
        "rachnaatmak",
        "rannitik",
        "dirghkaalik",
        "maanviy",
    ],
    "bl-vocab-10": ["padaarohan"],
    "bl-vocab-11": ["pratibandh"],
    "bl-vocab-12": ["shikhar-vaartaa"],
    "bl-vocab-13": ["samkaksh", "matbhed", "sahyog"],
    "bl-vocab-14": ["nishkaasan", "tanaavpurn"],
    "bl-vocab-15": ["aarktik", "parishad", "mantristariy", "haashiye-par"],
    "bl-vocab-16": ["anumaanit"],
}


@pytest.fixture
def learner(app_ctx, make_user):
    return make_user("meera")


@pytest.fixture(autouse=True)
def _no_fuzz(app):
    app.config["WORDS_FSRS_FUZZING"] = False


def _entry(key: str) -> GlossaryEntry:
    return db.session.scalar(select(GlossaryEntry).where(GlossaryEntry.key == key))


def test_every_seeded_vocabulary_question_maps_to_its_words(app_ctx):
    questions = db.session.scalars(select(Question).where(Question.skill == "vocabulary")).all()
    assert {q.external_id for q in questions} == set(SEEDED_VOCABULARY)
    keys = {entry.id: entry.key for entry in db.session.scalars(select(GlossaryEntry))}
    for question in questions:
        found = question_words(
            question.type,
            question.spec,
            question.prompt_hi,
            question.prompt_en,
            services._gloss_index(question.passage_id),
        )
        assert [keys[i] for i in found] == SEEDED_VOCABULARY[question.external_id], (
            question.external_id
        )


def test_adding_a_word_copies_the_entry_and_makes_two_new_cards(learner):
    word, created = services.add_word(learner.id, _entry("videsh-mantri").id, now=NOW)
    assert created
    assert (word.hindi, word.roman, word.english, word.pos, word.source) == (
        "विदेश मंत्री",
        "videsh mantri",
        "foreign minister; (US) Secretary of State",
        "noun",
        "reader",
    )
    assert sorted(card.direction for card in word.cards) == ["en_hi", "hi_en"]
    for card in word.cards:
        assert card.due == NOW and card.reps == 0
        assert card.state["card_id"] == card.id
    again, created = services.add_word(learner.id, _entry("videsh-mantri").id, now=NOW)
    assert (again.id, created) == (word.id, False)
    assert db.session.query(Word).count() == 1


def test_unknown_entries_are_not_found(learner):
    for entry_id in (0, -1, 999_999, 2**70):
        with pytest.raises(NotFound):
            services.add_word(learner.id, entry_id)


def test_due_counts_and_the_next_card_follow_the_clock(learner):
    first, _ = services.add_word(learner.id, _entry("samkaksh").id, now=NOW)
    services.add_word(learner.id, _entry("sahyog").id, now=NOW + timedelta(minutes=1))
    assert services.due_count(learner.id, NOW) == 2
    assert services.due_count(learner.id, NOW + timedelta(minutes=1)) == 4
    assert services.due_count(learner.id, NOW, "en_hi") == 1
    assert services.due_word_count(learner.id, NOW + timedelta(minutes=1)) == 2
    card = services.next_due_card(learner.id, NOW)
    assert (card.word_id, card.direction) == (first.id, "hi_en")
    with pytest.raises(DomainError):
        services.due_count(learner.id, NOW, "hi_fr")


def test_a_review_reschedules_the_card_and_logs_it(learner):
    word, _ = services.add_word(learner.id, _entry("samkaksh").id, now=NOW)
    card = next(c for c in word.cards if c.direction == "hi_en")
    review = services.record_review(learner.id, card.id, answer="Counterpart", seen_reps=0, now=NOW)
    assert (review.rating, review.typed_result, review.typed_answer) == (3, "exact", "Counterpart")
    assert review.due_before == NOW and review.due_after == NOW + timedelta(minutes=10)
    card = db.session.get(WordCard, card.id)
    assert (card.due, card.last_review, card.reps) == (NOW + timedelta(minutes=10), NOW, 1)
    assert services.due_count(learner.id, NOW) == 1  # only the en_hi card now

    # The same form posted again changes nothing and returns the first review.
    repeat = services.record_review(learner.id, card.id, answer="wrong", seen_reps=0, now=NOW)
    assert repeat.id == review.id
    assert db.session.query(WordReview).count() == 1

    later = NOW + timedelta(minutes=10)
    wrong = services.record_review(learner.id, card.id, answer="deputy", seen_reps=1, now=later)
    assert (wrong.rating, wrong.typed_result) == (1, "none")
    assert db.session.get(WordCard, card.id).due == later + timedelta(minutes=1)

    graded = services.record_review(learner.id, card.id, rating=Rating.Easy, now=later)
    assert graded.typed_answer is None and graded.typed_result == ""
    assert db.session.get(WordCard, card.id).state["state"] == 2  # fsrs State.Review


def test_reviews_need_exactly_one_of_answer_and_rating(learner):
    word, _ = services.add_word(learner.id, _entry("samkaksh").id, now=NOW)
    card_id = word.cards[0].id
    with pytest.raises(DomainError):
        services.record_review(learner.id, card_id, now=NOW)
    with pytest.raises(DomainError):
        services.record_review(learner.id, card_id, answer="x", rating=Rating.Good, now=NOW)
    with pytest.raises(DomainError):
        services.record_review(learner.id, card_id, answer="x" * 201, now=NOW)
    assert db.session.query(WordReview).count() == 0


def test_nobody_else_reaches_a_learners_words(learner, make_user):
    other = make_user("ravi")
    word, _ = services.add_word(learner.id, _entry("samkaksh").id, now=NOW)
    review = services.record_review(learner.id, word.cards[0].id, rating=Rating.Good, now=NOW)
    with pytest.raises(NotFound):
        services.get_word(other.id, word.id)
    with pytest.raises(NotFound):
        services.get_card(other.id, word.cards[0].id)
    with pytest.raises(NotFound):
        services.get_review(other.id, review.id)
    with pytest.raises(NotFound):
        services.record_review(other.id, word.cards[0].id, rating=Rating.Good, now=NOW)
    with pytest.raises(NotFound):
        services.remove_word(other.id, word.id)
    assert services.list_words(other.id) == []
    assert services.due_count(other.id, NOW + timedelta(days=1)) == 0
    services.remove_word(learner.id, word.id)
    assert db.session.query(WordCard).count() == 0
    assert db.session.query(WordReview).count() == 0


def test_demo_words_have_a_history_and_some_are_due(learner):
    result = services.seed_demo_words(learner.id, NOW)
    assert 12 <= result.added <= 15
    assert result.reviews > result.added
    assert 0 < result.due < 2 * result.added
    words = services.list_words(learner.id)
    assert len(words) == result.added
    assert {w.source for w in words} == {"reader", "missed_question"}
    for word in words:
        for card in word.cards:
            assert card.last_review is None or card.last_review <= NOW
            assert card.reps == db.session.query(WordReview).filter_by(card_id=card.id).count()
    assert services.seed_demo_words(learner.id, NOW).added == 0
