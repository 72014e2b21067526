"""Short answers judged as a teacher would: natural phrasing is right, hedged guesses are not.

``quizapp.core.text.match_answer`` compares a whole answer with each accepted answer. A learner
who writes the right answer naturally — ``रिक्जेविक में``, ``in Reykjavik``, ``the Arctic
Council``, ``it was held in Reykjavik``, ``तीन मंत्री`` — fails that comparison though a teacher
would tick it. :func:`judge` looks for an accepted answer *inside* the answer and then decides
from the words around it, so that containing the key never becomes a way to list several
guesses. The rules, in the order they apply:

1. **Short only.** Answers of more than :data:`MAX_SCAN_WORDS` words are not searched (they are
   sentences, and searching them costs time for nothing); an answer may have at most
   :data:`MAX_EXTRA_WORDS` words besides the accepted answer (reason ``"extra"`` beyond that).
2. **Find the answer.** A run of words equal to an accepted answer's words (the same
   Devanagari-aware key as ``match_answer``). Numbers are compared by value: ``3``, ``३``,
   ``three`` and ``तीन`` all read as 3 (:func:`read_number`), so ``3`` accepts ``तीन`` and
   ``twenty one`` equals ``21``. Failing an exact run, one typed in Latin letters
   (``rikjevik mein``) or a near miss (``रेक्जेविक में`` for ``रिक्जेविक``) as ``match_answer``
   judges a run of the same length; a near miss stays a near miss. Articles and pre- or
   postpositions at the edges of an accepted answer are optional too (accepted ``the summit``
   takes ``summit``). The answer may hold several accepted answers (``जर्मनी (Germany)``).
3. **Negation is wrong** (reason ``"negation"``): any of :data:`NEGATIONS` (``not``, ``no``,
   ``never``, ``n't``, ``नहीं``, ``न``, ``मत``, ``बिना``, Latin ``nahi``…) outside the answer and in
   no accepted answer turns the answer around: ``not Reykjavik``, ``Reykjavik नहीं``.
4. **Two answers are wrong** (reason ``"competing"``): another number when the answer is a
   number (``3 or 4``, ``तीन चार``), or a content word joined to the answer by a conjunction
   (:data:`CONJUNCTIONS`: ``or``, ``and``, ``या``, ``और``, and ``/ & +``) with only function
   words between (``Reykjavik or Moscow``, ``रिक्जेविक और मॉस्को``, ``Reykjavik/Moscow``). A
   comma is not a conjunction: ``Reykjavik, Iceland`` is one place (rule 5 still applies).
5. **Everything else must be a function word** (:data:`FUNCTION_WORDS`): articles, pre- and
   postpositions that keep the meaning (``in``, ``at``, ``of``, ``में``, ``की``, ``से``; not
   ``near``, ``before``, ``पास``, ``बाद``), pronouns, forms of *be* / *होना*, and a few frame
   words a learner answers in (``held``, ``met``, ``city``, ``answer``, ``शहर``, ``देश``,
   ``उत्तर``). A number may also take its noun: up to :data:`MAX_NOUN_WORDS` content words right
   after it (``3 ministers``, ``तीन रूसी कंपनियाँ``). Any other content word (``Reykjavik,
   Iceland``, ``Blinken met Lavrov in Reykjavik``) gives reason ``"extra"`` — unless the
   teacher lists that form as an accepted answer, which ``match_answer`` finds first.

``एक`` is both "one" and the Hindi indefinite article: it is an article beside a word answer
and a number beside a number answer. Cloze blanks do not use these rules: a blank is one slot in
a sentence that already has its postposition, so ``रिक्जेविक में`` in a blank is a mistake.

A question opts out with ``"tolerant": false`` in its spec (short_answer.py). Cost: only answers
that are not already exact matches are judged; runs go to ``match_answer`` only when they could
be Latin-typed Hindi or a near miss. ``python -m bench.grading`` measured short_answer at about
75% of its speed without these rules (about 104,000 → 78,000 answers a second); a long wrong
sentence costs about 0.1 ms.
"""

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizapp.core.text import answer_key, is_devanagari, match_answer

__all__ = [
    "CONJUNCTIONS",
    "FUNCTION_WORDS",
    "MAX_EXTRA_WORDS",
    "MAX_NOUN_WORDS",
    "MAX_SCAN_WORDS",
    "NEGATIONS",
    "Tolerance",
    "judge",
    "number_value",
    "read_number",
]

#: Answers with more words than this are not searched for an accepted answer.
MAX_SCAN_WORDS = 24
#: Most words an answer may have besides the accepted answer (function words, a number's noun).
MAX_EXTRA_WORDS = 8
#: Most content words a number may take after it as its noun (``3 Russian companies``).
MAX_NOUN_WORDS = 2


def _keys(words: str) -> frozenset[str]:
    """The answer keys of whitespace-separated words, so spelling variants fold as answers do."""
    return frozenset(answer_key(word) for word in words.split())


# --- word classes ------------------------------------------------------------------------

#: Articles and the pre- and postpositions that keep an answer's meaning; optional at the
#: edges of an accepted answer as well as around a given one.
EDGE_WORDS = _keys(
    """
    a an the in at on of to from for by with into onto inside within
    में मे की का के को से पर तक ने लिए द्वारा
    mein mai ki ka ke ko se par tak ne liye
    """
)

#: Words that may stand around a right answer without changing it (rule 5).
FUNCTION_WORDS = EDGE_WORDS | _keys(
    """
    it its this that these those there here they them their he him his she her we our us
    i me my you your is was are were be been being am has have had do does did will would
    held happened happen took take place met meet meeting located situated called named name
    answer think guess believe city town country number total only just exactly
    यह वह वो ये वे यहाँ वहाँ इस उस इन उन इसकी इसका इसके उसकी उसका उसके इनकी इनका इनके उनकी
    उनका उनके मैं मेरा मेरी मेरे मुझे हम हमारा लगता सोचता सोचती
    है हैं था थी थे थीं हो होगा हुआ हुई हुए हुईं गया गई गए गयी गये रहा रही रहे
    मुलाकात बैठक आयोजन मिले मिली उत्तर जवाब शहर नगर देश जगह स्थान नाम संख्या कुल
    ही तो केवल सिर्फ़ सिर्फ मात्र
    river lake mountain state province capital village region area island sea ocean
    year month day date
    नदी झील पहाड़ पर्वत राज्य प्रांत राजधानी गाँव गांव क्षेत्र इलाका इलाक़ा द्वीप समुद्र सागर
    साल वर्ष महीना महीने दिन तारीख़ तारीख
    hai hain tha thi hua hui hue yah yeh vah voh vo wo woh
    """
)

#: Words that turn an answer around (rule 3); contractions lose their apostrophe in a key.
NEGATIONS = _keys(
    """
    not no never none nothing nobody nowhere neither nor without cannot nt
    isnt wasnt arent werent dont doesnt didnt cant couldnt wont wouldnt shouldnt
    hasnt havent hadnt aint mustnt neednt
    नहीं नही न ना मत बिना
    nahi nahin nahee nhi na mat
    """
)

#: Words (and ``/ & +``) that join a second answer to the first (rule 4).
CONJUNCTIONS = _keys(
    """
    or and either both also too plus versus vs
    या और अथवा एवं तथा व वा भी
    ya aur athva bhi
    """
) | {"/"}

# A contraction's key lost its apostrophe; feedback shows it as the learner knows it.
_SHOWN_AS = {word: "n't" for word in NEGATIONS if word.endswith("nt") and word != "cannot"}

# --- numbers -----------------------------------------------------------------------------

_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")

# Value, then the words for it; "|" only helps the eye.

_HINDI_NUMBERS = """
    0 शून्य | 1 एक | 2 दो | 3 तीन | 4 चार | 5 पाँच | 6 छह छः छै छ: | 7 सात | 8 आठ | 9 नौ
    10 दस | 11 ग्यारह | 12 बारह | 13 तेरह | 14 चौदह | 15 पंद्रह पन्द्रह | 16 सोलह | 17 सत्रह
    18 अठारह अट्ठारह | 19 उन्नीस | 20 बीस | 21 इक्कीस | 22 बाईस | 23 तेईस | 24 चौबीस
    25 पच्चीस | 26 छब्बीस | 27 सत्ताईस | 28 अट्ठाईस अठाईस | 29 उनतीस | 30 तीस | 31 इकतीस
    32 बत्तीस | 33 तैंतीस | 34 चौंतीस | 35 पैंतीस | 36 छत्तीस | 37 सैंतीस | 38 अड़तीस
    39 उनतालीस उनचालीस | 40 चालीस | 41 इकतालीस | 42 बयालीस | 43 तैंतालीस | 44 चौवालीस चवालीस
    45 पैंतालीस | 46 छियालीस | 47 सैंतालीस | 48 अड़तालीस | 49 उनचास | 50 पचास | 51 इक्यावन
    52 बावन | 53 तिरेपन तिरपन | 54 चौवन चव्वन | 55 पचपन | 56 छप्पन | 57 सत्तावन | 58 अट्ठावन
    59 उनसठ | 60 साठ | 61 इकसठ | 62 बासठ | 63 तिरसठ | 64 चौंसठ | 65 पैंसठ | 66 छियासठ
    67 सड़सठ सरसठ | 68 अड़सठ | 69 उनहत्तर | 70 सत्तर | 71 इकहत्तर | 72 बहत्तर | 73 तिहत्तर
    74 चौहत्तर | 75 पचहत्तर | 76 छिहत्तर | 77 सतहत्तर | 78 अठहत्तर | 79 उन्यासी उनासी
    80 अस्सी | 81 इक्यासी | 82 बयासी | 83 तिरासी | 84 चौरासी | 85 पचासी | 86 छियासी
    87 सत्तासी | 88 अट्ठासी | 89 नवासी नव्वासी | 90 नब्बे | 91 इक्यानबे इक्यानवे
    92 बानबे बानवे | 93 तिरानबे तिरानवे | 94 चौरानबे चौरानवे | 95 पंचानबे पचानवे पंचानवे
    96 छियानबे छियानवे | 97 सत्तानबे सत्तानवे | 98 अट्ठानबे अट्ठानवे | 99 निन्यानबे निन्यानवे
    1.5 डेढ़ | 2.5 ढाई
"""
_ENGLISH_NUMBERS = """
    0 zero nought | 1 one | 2 two | 3 three | 4 four | 5 five | 6 six | 7 seven | 8 eight
    9 nine | 10 ten | 11 eleven | 12 twelve | 13 thirteen | 14 fourteen | 15 fifteen
    16 sixteen | 17 seventeen | 18 eighteen | 19 nineteen
"""
_ENGLISH_TENS_TEXT = """
    20 twenty | 30 thirty | 40 forty fourty | 50 fifty | 60 sixty | 70 seventy | 80 eighty
    90 ninety
"""
_MULTIPLIERS_TEXT = """
    100 सौ hundred | 1000 हज़ार thousand | 100000 लाख lakh | 10000000 करोड़ crore
    | 1000000 million
"""


def _lexicon(text: str) -> dict[str, float]:
    """``"3 तीन | 4 चार"`` as ``{"तीन": 3, "चार": 4}``, the words as answer keys."""
    table: dict[str, float] = {}
    value = 0.0
    for item in text.replace("|", " ").split():
        if _DECIMAL.fullmatch(item):
            value = float(item)
        else:
            table[answer_key(item)] = value
    return table


#: Hindi number words 0-99 (every one its own word), with common spelling variants.
HINDI_NUMBERS = _lexicon(_HINDI_NUMBERS)
#: English number words 0-19; tens and multipliers follow.
ENGLISH_NUMBERS = _lexicon(_ENGLISH_NUMBERS)
ENGLISH_TENS = _lexicon(_ENGLISH_TENS_TEXT)
#: सौ / hundred and the larger multipliers, in both languages.
MULTIPLIERS = _lexicon(_MULTIPLIERS_TEXT)
_HUNDRED = 100.0


def _below_hundred(words: Sequence[str], i: int) -> tuple[float, int] | None:
    """A number under 100 (or digits) at ``words[i]``, and how many words it takes."""
    word = words[i]
    if word in HINDI_NUMBERS:
        return HINDI_NUMBERS[word], 1
    if word in ENGLISH_NUMBERS:
        return ENGLISH_NUMBERS[word], 1
    if word in ENGLISH_TENS:
        tens = ENGLISH_TENS[word]
        unit = ENGLISH_NUMBERS.get(words[i + 1], 0.0) if i + 1 < len(words) else 0.0
        return (tens + unit, 2) if 1 <= unit <= 9 else (tens, 1)
    if word.isdigit():  # "3 hundred", "2 लाख"
        return float(word), 1
    return None


def read_number(words: Sequence[str], i: int = 0) -> tuple[float, int] | None:
    """The number written at ``words[i]`` (answer keys) and how many words it takes, or None.

    Digits (``3``, ``3.5``, ``-2``; Devanagari digits are ASCII in a key), Hindi words 0-99
    (``तीन``, ``पच्चीस``), English words (``three``, ``twenty one``), and either with
    multipliers: ``सौ``, ``हज़ार``, ``लाख``, ``करोड़``, ``hundred``, ``thousand``, ``million``
    (``एक सौ पाँच`` = 105, ``a hundred and five`` = 105, ``ढाई सौ`` = 250). Two numbers side by
    side stay two numbers (``तीन चार`` is 3, then 4): Hindi says "three or four" that way.
    """
    if i >= len(words):
        return None
    word = words[i]
    if _DECIMAL.fullmatch(word) and not (
        word.isdigit() and i + 1 < len(words) and words[i + 1] in MULTIPLIERS
    ):
        return float(word), 1
    total, j, ceiling = 0.0, i, float("inf")
    while j < len(words):
        if words[j] == "a" and j + 1 < len(words) and words[j + 1] in MULTIPLIERS:
            chunk, j = 1.0, j + 1  # "a hundred"
        elif (small := _below_hundred(words, j)) is not None:
            chunk, j = small[0], j + small[1]
        elif j == i and words[j] in MULTIPLIERS:
            chunk = 1.0  # a bare "hundred" or "सौ"
        else:
            break
        if j < len(words) and MULTIPLIERS.get(words[j]) == _HUNDRED and ceiling > _HUNDRED:
            chunk, j = chunk * _HUNDRED, j + 1
            after = j + 1 if j < len(words) and words[j] == "and" else j
            rest = _below_hundred(words, after) if after < len(words) else None
            if rest is not None and not words[after].isdigit():
                chunk, j = chunk + rest[0], after + rest[1]
        multiplier = MULTIPLIERS.get(words[j], 0.0) if j < len(words) else 0.0
        if _HUNDRED < multiplier < ceiling:
            total, j, ceiling = total + chunk * multiplier, j + 1, multiplier
            continue
        total += chunk
        break
    return (total, j - i) if j > i else None


def number_value(text: str) -> float | None:
    """The number a whole text writes (``"तीन"``, ``"twenty-one"``, ``"३"``), else None."""
    words = answer_key(text).split()
    read = read_number(words) if words else None
    return read[0] if read is not None and read[1] == len(words) else None


# --- tokens ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    """A word of an answer, or a number written in one or more words."""

    key: str  # the word's key, or "#<value>" for a number
    words: tuple[str, ...]  # the answer-key words it stands for
    value: float | None = None
    joint_before: bool = False  # a "/", "&" or "+" came just before it

    @property
    def is_article(self) -> bool:
        """``एक`` ("one", and the Hindi indefinite article)."""
        return self.words == ("एक",)


# "/", "&" and "+" join alternatives; "\\" too. Commas do not: "Reykjavik, Iceland" is one
# place, and a teacher who means it lists it.
_JOINTS = re.compile(r"[/&+\\]")


def _number_key(value: float) -> str:
    return f"#{value:g}"


def _tokens(words: Sequence[str], joints: frozenset[int] = frozenset()) -> tuple[_Token, ...]:
    """Words as tokens, each number (in digits or words) one token; ``joints``: word indices
    with a joint just before them."""
    tokens: list[_Token] = []
    i = 0
    while i < len(words):
        read = read_number(words, i)
        if read is not None:
            value, size = read
            tokens.append(
                _Token(_number_key(value), tuple(words[i : i + size]), value, i in joints)
            )
            i += size
        else:
            tokens.append(_Token(words[i], (words[i],), None, i in joints))
            i += 1
    return tuple(tokens)


def _given_tokens(text: str) -> tuple[_Token, ...]:
    """The tokens of a learner's answer, joints (``/ & +``) marked on the word after them."""
    words: list[str] = []
    joints: set[int] = set()
    for n, part in enumerate(_JOINTS.split(text)):
        if n:
            joints.add(len(words))
        words.extend(answer_key(part).split())
    return _tokens(words, frozenset(joints))


@dataclass(frozen=True)
class _Form:
    """One way an accepted answer may appear: its tokens, and its text for match_answer."""

    accepted: str
    keys: tuple[str, ...]
    text: str
    core: bool = False  # the answer without its edge articles and postpositions


@dataclass(frozen=True)
class _Accepted:
    forms: tuple[_Form, ...]
    words: frozenset[str]  # every word of every form, to tell a listed negation
    value: float | None  # the number it is, if it is a number


@functools.lru_cache(maxsize=4096)
def _accepted(answer: str) -> _Accepted:
    """An accepted answer's forms (whole, and without edge articles and postpositions)."""
    words = answer_key(answer).split()
    tokens = _tokens(words)
    forms = [_Form(answer, tuple(t.key for t in tokens), " ".join(words))]
    start, end = 0, len(tokens)
    while start < end and (tokens[start].key in EDGE_WORDS or tokens[start].is_article):
        start += 1
    while end > start and tokens[end - 1].key in EDGE_WORDS:
        end -= 1
    if 0 < end - start < len(tokens):
        core = tokens[start:end]
        text = " ".join(word for token in core for word in token.words)
        forms.append(_Form(answer, tuple(t.key for t in core), text, core=True))
    value = tokens[0].value if len(tokens) == 1 else None
    return _Accepted(tuple(forms), frozenset(words), value)


# --- judging -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tolerance:
    """How an answer fares under the tolerance rules."""

    kind: str  # "exact" | "near" | "none"
    accepted: str | None = None  # the accepted answer found in it
    via_latin: bool = False  # found typed in Latin letters
    #: Why an answer holding an accepted answer is still wrong: "negation", "competing" or
    #: "extra" (module docstring); None when it is right, nearly right, or holds none.
    reason: str | None = None
    #: The negation that turned it around, as a learner would write it ("not", "n't", "नहीं").
    word: str | None = None


_NOTHING = Tolerance("none")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str  # "exact" | "near"
    accepted: str
    via_latin: bool = False


def _exact_spans(tokens: Sequence[_Token], forms: Sequence[_Form]) -> list[_Span]:
    """Every run of tokens equal to a form, longest first at each place, not overlapping."""
    by_keys = {form.keys: form.accepted for form in forms}
    sizes = sorted({len(form.keys) for form in forms}, reverse=True)
    spans, i = [], 0
    while i < len(tokens):
        for size in sizes:
            accepted = by_keys.get(tuple(t.key for t in tokens[i : i + size]))
            if accepted is not None:
                spans.append(_Span(i, i + size, "exact", accepted))
                i += size
                break
        else:
            i += 1
    return spans


def _may_be_near(window: Sequence[str], form: Sequence[str]) -> bool:
    """A cheap test that match_answer could call ``window`` near ``form``: equal but for
    spaces, or the same words but one, whose lengths differ by at most one letter."""
    if len(window) == len(form):
        differing = [(w, f) for w, f in zip(window, form, strict=True) if w != f]
        if len(differing) <= 1 and all(abs(len(w) - len(f)) <= 1 for w, f in differing):
            return True
    return "".join(window) == "".join(form)


def _loose_span(tokens: Sequence[_Token], forms: Sequence[_Form]) -> _Span | None:
    """The first run typed in Latin letters, else the first near miss, as match_answer says.

    Only runs that leave at most MAX_EXTRA_WORDS tokens beside them are tried (a longer answer
    is "extra" whatever the run), and a run goes to match_answer only if it could be Latin for
    a Devanagari answer or passes ``_may_be_near``.
    """
    groups: dict[int, list[_Form]] = {}
    for form in forms:
        # The whole answer against a whole accepted answer: match_answer has judged that.
        if form.core or len(form.keys) < len(tokens):
            groups.setdefault(len(form.keys), []).append(form)
    near = None
    for size, group in sorted(groups.items(), reverse=True):
        if len(tokens) - size > MAX_EXTRA_WORDS:
            continue
        texts = {form.text: form.accepted for form in group}
        devanagari = any(is_devanagari(text) for text in texts)
        split = [text.split() for text in texts]
        for i in range(len(tokens) - size + 1):
            words = [word for token in tokens[i : i + size] for word in token.words]
            window = " ".join(words)
            latin = devanagari and not is_devanagari(window)
            if not latin and not any(_may_be_near(words, form) for form in split):
                continue
            match = match_answer(window, texts)
            if match.kind == "exact":
                return _Span(i, i + size, "exact", texts[match.accepted], match.via_latin)
            if match.kind == "near" and near is None:
                near = _Span(i, i + size, "near", texts[match.accepted])
    return near


def _is_content(token: _Token, number_answer: bool) -> bool:
    """A word that says something of its own (neither function word nor conjunction)."""
    if token.value is not None:
        return number_answer or not token.is_article
    return token.key not in FUNCTION_WORDS and token.key not in CONJUNCTIONS


def _joined(tokens: Sequence[_Token], spans: Sequence[_Span], number_answer: bool) -> bool:
    """Whether a content word is joined to an answer by a conjunction, function words aside."""
    covered = {i for span in spans for i in range(span.start, span.end)}
    for span in spans:
        # Each way out of the answer: (first index, step, index whose joint_before is the
        # boundary crossed when stepping onto index i).
        for i, step, boundary in ((span.end, 1, 0), (span.start - 1, -1, 1)):
            joint = False
            while 0 <= i < len(tokens) and i not in covered:
                crossed = i + boundary
                if crossed < len(tokens) and tokens[crossed].joint_before:
                    joint = True
                if tokens[i].key in CONJUNCTIONS:
                    joint = True
                elif _is_content(tokens[i], number_answer):
                    if joint:
                        return True
                    break
                i += step
    return False


def _nouns(tokens: Sequence[_Token], spans: Sequence[_Span], number_answer: bool) -> set[int]:
    """The indices of the words a number answer's noun may take (rule 5)."""
    nouns: set[int] = set()
    if not number_answer:
        return nouns
    for span in spans:
        i, taken = span.end, 0
        while i < len(tokens) and taken < MAX_NOUN_WORDS and not tokens[i].joint_before:
            token = tokens[i]
            if token.value is not None or token.key in CONJUNCTIONS or token.key in NEGATIONS:
                break
            if token.key not in FUNCTION_WORDS:
                nouns.add(i)
                taken += 1
            i += 1
    return nouns


def judge(given: str, accepted: Iterable[str]) -> Tolerance:
    """An accepted answer found inside ``given``, and whether the words around it keep it right.

    Called for answers that ``match_answer`` did not find exactly equal to an accepted one.
    """
    if not isinstance(given, str):
        return _NOTHING
    tokens = _given_tokens(given)
    if len(tokens) > MAX_SCAN_WORDS or not tokens:
        return _NOTHING
    answers = [_accepted(a) for a in accepted if isinstance(a, str)]
    forms = [form for answer in answers for form in answer.forms]
    if len(tokens) == 1 and tokens[0].value is None and not any(f.core for f in forms):
        return _NOTHING  # one word, no number: match_answer has said all there is to say
    spans = _exact_spans(tokens, forms)
    if not spans:
        loose = _loose_span(tokens, forms)
        if loose is None:
            return _NOTHING
        spans = [loose]
    found = spans[0]
    values = {answer.value for answer in answers if answer.value is not None}
    number_answer = any(_accepted(span.accepted).value is not None for span in spans)
    listed = frozenset().union(*(answer.words for answer in answers))
    covered = {i for span in spans for i in range(span.start, span.end)}
    rest = [i for i in range(len(tokens)) if i not in covered]

    for i in rest:
        key = tokens[i].key
        if key in NEGATIONS and key not in listed:
            return Tolerance(
                "none", found.accepted, reason="negation", word=_SHOWN_AS.get(key, key)
            )
    if number_answer and any(
        tokens[i].value is not None and tokens[i].value not in values for i in rest
    ):
        return Tolerance("none", found.accepted, reason="competing")
    if _joined(tokens, spans, number_answer):
        return Tolerance("none", found.accepted, reason="competing")
    nouns = _nouns(tokens, spans, number_answer)
    extra = [
        i
        for i in rest
        if i not in nouns
        and _is_content(tokens[i], number_answer)
        and not (number_answer and tokens[i].value in values)
    ]
    extra_words = sum(len(tokens[i].words) for i in rest)
    if extra or extra_words > MAX_EXTRA_WORDS:
        return Tolerance("none", found.accepted, reason="extra")
    via_latin = any(span.via_latin for span in spans)
    return Tolerance(found.kind, found.accepted, via_latin=via_latin)
