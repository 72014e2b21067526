"""Which words of a new passage a teacher may want to gloss: its unglossed content words.

A pasted passage starts with no glossary; writing one entry per word the learner may not know
is the slow part of authoring. This module proposes the candidates, most frequent first, so
the teacher only picks and writes meanings:

1. Words are the Devanagari tokens of :func:`quizapp.core.segment.tokenize` (Latin words and
   numbers are not Hindi vocabulary). Text the glossary already covers is skipped: every
   known form (a phrase like ``जैसे को तैसा`` too) is found as whole words with
   :func:`quizapp.core.gloss.find_terms`, as the reader finds them, and the words inside it
   are not counted.
2. Function words are skipped: :data:`STOP_WORDS` (about 300 spellings) lists the
   postpositions, pronouns, auxiliaries, conjunctions, particles, common adverbs, small
   numbers and the forms of the light verbs (करना, होना, देना, लेना, जाना, रहना, सकना, पाना,
   चुकना, लगना) that carry grammar rather than meaning in a news text.
3. Simple inflections are merged (light stemming, :func:`stem`): the plural endings ``-ओं``
   ``-ों`` ``-एँ`` ``-ें`` (and ``-ियों`` ``-ियाँ`` back to ``-ी``), then a final ``-ा``
   ``-े`` ``-ी`` ``-ए``, so देश / देशों, महिला / महिलाएँ / महिलाओं, अच्छा / अच्छे / अच्छी,
   कंपनी / कंपनियों each make one suggestion. It is deliberately crude: it also merges रूस
   and रूसी ("Russia", "Russian"), which a teacher then glosses as two entries; it never
   touches a stem shorter than two letters. A word is known when its stem is the stem of a
   known form, so a glossary holding प्रतिबंध hides प्रतिबंधों too.
4. Each suggestion shows one spelling as the text has it: a form without a plural ending,
   the one in ``-ा`` if there is one (अच्छा rather than अच्छे), else the commonest, else the
   first seen. A word seen only in the plural is shown so (देशों): a guessed singular would
   be wrong as often as right (देशों is देश, मुद्दों is मुद्दा). With the spelling come its
   romanisation (:func:`quizapp.core.romanize.romanize`), the ids of the sentences the word
   occurs in, and how often it occurs. Suggestions are ordered by that count, then by first
   occurrence.
"""

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from quizapp.core.gloss import find_terms
from quizapp.core.romanize import romanize
from quizapp.core.segment import tokenize

__all__ = ["STOP_WORDS", "Suggestion", "stem", "suggest_entries"]


@dataclass(frozen=True)
class Suggestion:
    """A word worth a glossary entry: a spelling, its romanisation, where and how often."""

    hi: str
    roman: str
    #: Ids of the sentences it occurs in, in order, each once.
    sentences: tuple[str, ...]
    #: Occurrences in the passage, all merged forms together.
    count: int


_POSTPOSITIONS = """
का की के को में से पर तक ने लिए लिये द्वारा साथ बाद पहले बीच ओर तरफ़ तरफ अनुसार बारे
ख़िलाफ़ खिलाफ सामने पास भीतर अंदर बाहर ऊपर नीचे जैसे जैसा जैसी वाला वाले वाली तरह कारण
दौरान बिना सहित प्रति मुताबिक़ मुताबिक
"""
_PRONOUNS = """
मैं मुझे मेरा मेरे मेरी हम हमें हमारा हमारे हमारी तुम तुम्हें आप आपका आपके आपकी यह ये वह वे
इस इसे इसका इसके इसकी इसने इन इन्हें इनका इनके इनकी उस उसे उसका उसके उसकी उसने उन उन्हें
उनका उनके उनकी उन्होंने इन्होंने जो जिस जिसे जिसका जिसके जिसकी जिसमें जिससे जिन जिन्हें
जिनका जिनके जिनकी जिन्होंने कौन क्या किस किसे किसका किसी कोई कुछ सब सभी अपना अपने अपनी
स्वयं ख़ुद खुद यही वही इसी उसी इन्हीं उन्हीं इसमें उसमें इससे उससे
"""
_AUXILIARIES = """
है हैं था थे थी थीं हो होगा होगी होंगे हुआ हुए हुई हुईं होता होते होती होने होना रहा रहे
रही रहीं रहेगा रहेगी रहेंगे गया गए गई गईं गये
"""
_LIGHT_VERBS = """
कर करना करने करते करता करती किया किए किये करें करेगा करेंगे करेगी करके कराया दिया दिए दी दे
देना देने देता देते देती देकर लिया ली ले लेना लेने लेते लेकर जा जाना जाने जाता जाते जाती
जाएगा जाएगी जाएँगे जाएंगे जाए सकता सकते सकती सका सके सकेंगे सकेगा सकेगी पाना पाया पाते
पाती चुका चुके चुकी लगा लगे लगी लगता लगते रखा रखी रखे
"""
_CONJUNCTIONS_AND_PARTICLES = """
और तथा एवं या अथवा लेकिन परंतु परन्तु किंतु किन्तु मगर कि तो भी ही न नहीं ना मत यदि अगर तब
जब तभी जबकि क्योंकि इसलिए ताकि हालाँकि हालांकि बल्कि फिर चाहे बस केवल सिर्फ़ सिर्फ लगभग बहुत
अधिक कम ज़्यादा ज्यादा अब यहाँ वहाँ यहां वहां कहाँ कहां कब कैसे क्यों आदि इत्यादि एक दो तीन
चार हर कई दोनों ऐसा ऐसे ऐसी जहाँ जहां वहीं यहीं कभी अभी सबसे
"""
#: Words that carry grammar rather than meaning in a news text: never suggested.
STOP_WORDS = frozenset(
    (_POSTPOSITIONS + _PRONOUNS + _AUXILIARIES + _LIGHT_VERBS + _CONJUNCTIONS_AND_PARTICLES).split()
)

# Longest first: -ियों before -ों, -ाएँ is -एँ after a stem in -ा.
_PLURALS = (("ियों", "ी"), ("ियाँ", "ी"), ("ियां", "ी"), ("ओं", ""), ("ों", ""), ("एँ", ""))
_PLURALS += (("एं", ""), ("ें", ""))
_FINAL_VOWELS = ("ा", "े", "ी", "ए")
_MIN_STEM = 2
_DEVANAGARI_WORD = re.compile("[\u0900-\u0963\u0971-\u097f\u200c\u200d]{2,}")


def _strip_plural(word: str) -> str:
    for ending, replacement in _PLURALS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)] + replacement
    return word


def stem(word: str) -> str:
    """The key inflected forms share: plural ending, then a final -ा -े -ी -ए, removed."""
    word = _strip_plural(unicodedata.normalize("NFC", word))
    for ending in _FINAL_VOWELS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def _is_hindi_word(token: str) -> bool:
    """A Devanagari word of two letters or more (not a number, not Latin)."""
    return _DEVANAGARI_WORD.fullmatch(token) is not None


def _spelling(forms: dict[str, int]) -> str:
    """The form to show: no plural ending, in -ा if any, else the commonest, else the first."""
    order = list(forms)
    singular = [f for f in order if _strip_plural(f) == f] or order
    in_aa = [f for f in singular if f.endswith("ा")]
    candidates = in_aa or singular
    return max(candidates, key=lambda f: (forms[f], -order.index(f)))


def suggest_entries(
    sentences: Sequence[tuple[str, str]], known_forms: Collection[str], limit: int = 40
) -> list[Suggestion]:
    """The passage's unglossed content words, commonest first (module docstring)."""
    known = [unicodedata.normalize("NFC", form) for form in known_forms if form]
    terms = [(form, form) for form in known]
    known_stems = {stem(form) for form in known if " " not in form}
    groups: dict[str, dict[str, int]] = {}  # stem -> surface form -> count, in first-seen order
    where: dict[str, list[str]] = {}
    for sentence_id, text in sentences:
        text = unicodedata.normalize("NFC", text)
        glossed = find_terms(text, terms) if terms else []
        for token in tokenize(text):
            word = token.text
            if not _is_hindi_word(word) or word in STOP_WORDS:
                continue
            if any(m.start <= token.start and token.end <= m.end for m in glossed):
                continue
            key = stem(word)
            if key in known_stems:
                continue
            forms = groups.setdefault(key, {})
            forms[word] = forms.get(word, 0) + 1
            ids = where.setdefault(key, [])
            if sentence_id not in ids:
                ids.append(sentence_id)
    ranked = sorted(groups, key=lambda k: -sum(groups[k].values()))  # stable: first seen first
    suggestions = []
    for key in ranked[:limit]:
        spelling = _spelling(groups[key])
        suggestions.append(
            Suggestion(spelling, romanize(spelling), tuple(where[key]), sum(groups[key].values()))
        )
    return suggestions
