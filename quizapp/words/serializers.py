"""JSON shapes of My words for the API (``GET /api/v1/me/words``)."""

from quizapp.words.models import Word, WordCard


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def card_json(card: WordCard) -> dict:
    """One direction of a word and its schedule."""
    return {
        "id": card.id,
        "direction": card.direction,
        "due": _iso(card.due),
        "last_review": _iso(card.last_review),
        "reps": card.reps,
        "lapses": card.lapses,
    }


def word_json(word: Word) -> dict:
    """A learner's word, where it came from, and its two cards."""
    entry = word.entry
    return {
        "id": word.id,
        "hindi": word.hindi,
        "roman": word.roman,
        "english": word.english,
        "pos": word.pos,
        "source": word.source,
        "added_at": _iso(word.added_at),
        "glossary_entry": (
            {"id": entry.id, "key": entry.key, "passage": entry.passage.slug} if entry else None
        ),
        "cards": [card_json(card) for card in word.cards],
    }
