"""Translatable labels for glossary data (parts of speech, genders) shown in the reader."""

from flask_babel import lazy_gettext as _l

PART_OF_SPEECH = {
    "noun": _l("noun"),
    "verb": _l("verb"),
    "adjective": _l("adjective"),
    "adverb": _l("adverb"),
    "postposition": _l("postposition"),
    "conjunction": _l("conjunction"),
    "pronoun": _l("pronoun"),
    "phrase": _l("phrase"),
    "idiom": _l("idiom"),
    "numeral": _l("numeral"),
}

GENDER = {"m": _l("masculine"), "f": _l("feminine")}

MODE = {
    "side": _l("Side by side"),
    "interlinear": _l("Interlinear"),
    "hi": _l("Hindi"),
    "en": _l("English"),
}
