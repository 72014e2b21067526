"""The statements of My words that run on every page a learner opens, by name.

The home page says how many words are due; through the ORM that count cost half of a signed-in
learner's home page, so it is one plain statement (``database.driver_rows``).
"""

from datetime import datetime

from quizapp.database import driver_rows, stored_time

_DUE_WORD_COUNT = (
    "SELECT count(DISTINCT word_id) FROM word_card WHERE user_id = :user_id AND due <= :now"
)


def due_word_count(connection, user_id: int, now: datetime) -> int:
    """How many of the learner's words have a card due at ``now``."""
    params = {"user_id": user_id, "now": stored_time(connection, now)}
    return driver_rows(connection, _DUE_WORD_COUNT, params)[0][0]
