"""My words: a learner's word list with spaced-repetition review."""
