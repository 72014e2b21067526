"""Translatable labels of My words: where a word came from, review directions, self-grades."""

from flask_babel import lazy_gettext as _l

SOURCE = {"reader": _l("from the reader"), "missed_question": _l("from a missed question")}

DIRECTION = {"hi_en": _l("Hindi → English"), "en_hi": _l("English → Hindi")}

RATING = {"again": _l("Again"), "hard": _l("Hard"), "good": _l("Good"), "easy": _l("Easy")}
