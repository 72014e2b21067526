"""Devanagari-aware comparison keys for typed answers, near misses and typed numbers.

A learner's answer is right when its :func:`answer_key` equals the key of an accepted answer.
The key forgives what does not change the word and keeps what does:

Forgiven (same key)
    * Unicode form: input is decomposed (NFKD, so fullwidth and ligature forms fold too) and
      the key is returned in NFC; NFD and NFC input give the same key.
    * Nukta is optional: precomposed nukta letters (U+0958-U+095F क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़, and
      ऩ ऱ ऴ) decompose to base + nukta and the nukta is dropped, so ज़ोर = जोर, फ़ = फ. This
      includes ड़/ढ़, which are distinct sounds, but learners often miss the dot and real
      minimal pairs are almost non-existent. Letters other languages add to the block
      (ॹ zha, ॺ heavy ya, the Sindhi implosives ॻ ॼ ॾ ॿ and ॸ) fold to their Hindi base
      letter in the same spirit.
    * Chandrabindu is anusvara (हाँ = हां).
    * A nasal consonant + virama before a stop is anusvara: the homorganic pairs ङ्क, ञ्च,
      ण्ट, न्त, म्प (हिन्दी = हिंदी, सम्बन्ध = संबंध, अङ्क = अंक, पञ्च = पंच, घण्टा = घंटा), a
      nasal doubled (सम्मान = संमान, अन्न = अंन), and न् before any stop, which is how many
      writers spell every such nasal (घन्टा = घंटा). All are said the same. Before य र ल व
      श ष स ह an anusvara only nasalises the vowel, so हिंसा and हिन्सा stay different.
    * Invisible characters are dropped: ZWJ, ZWNJ, zero-width space, word joiner, soft
      hyphen, BOM, bidi controls (every Unicode format character), control characters.
      Vedic accents, avagraha and Latin diacritics are dropped too (café = cafe,
      Reykjavík = reykjavik); Latin is case-folded.
    * Digits of any script are ASCII digits (१२ = 12).
    * Punctuation is ignored: quotes of every kind, apostrophes and full stops vanish
      ("U.S." = "US", "don't" = "dont"); danda, double danda, ``|``, commas, colons,
      semicolons, question and exclamation marks, slashes and dashes separate words
      (आमने-सामने = आमने सामने). Inside a number a full stop is kept (3.5 is not 35), a comma
      is a thousands separator and vanishes (1,000 = 1000), and a hyphen before a number
      is a minus sign (-2 is not 2).
    * Whitespace of every kind is collapsed and trimmed.

Kept (different keys): vowel length (दिन/दीन, कुल/कूल), vowel quality (कम/काम), a vowel
present or not (मत/मित, रूस/रस), any added letter (सहयोग/सहयोगी, सरल/सरलता, बात/बातें),
and English plurals ("sanction"/"sanctions"): a plural is another form of the word, and a
question that wants either lists both.

Near misses (:func:`match_answer` kind ``"near"``) are almost-right spellings that graders
may give partial credit. Letters are counted as code points of the key, for Devanagari as
for Latin: a vowel sign, virama or anusvara counts as a letter (शांति has five), because a
forgotten virama or matra is exactly the slip to forgive. Two keys are near when they are
equal but for their spaces (आमनेसामने), or when they have the same number of words and
exactly one word differs, in one of two ways:

1. Vowel length only: in a word of at least 3 letters, every difference is ि/ी, ु/ू,
   इ/ई or उ/ऊ (शांती for शांति, दीन for दिन). Two-letter words (कि/की) are too short: they
   are different grammatical words.
2. One edit inside a word of at least 5 letters (the accepted word's length): one letter
   substituted, two neighbours swapped, one letter missing or one extra, where the edit
   touches neither the first nor the last letter. Endings carry grammar (सहयोग/सहयोगी,
   sanction/sanctions) and first letters often make another word (house/mouse), so edits
   there are not near; short words like कम/काम never are. A letter missing from or added
   to a run of equal letters counts as inside if any of its places is (committe for
   committee, a doubled final key).

A word containing a digit is never near (a wrong digit is a wrong number). Answers longer
than :data:`MAX_NEAR_CHARS` are keyed, but the near-miss search is skipped for them.

Latin input (:func:`latin_key`) lets a learner without a Hindi keyboard type Hindi in Latin
letters, in Hinglish, ITRANS or IAST. Devanagari is first romanised the way Hindi is said
(:func:`quizapp.core.romanize.romanize`, "sahyog"); then both sides are folded the same way:

1. NFC, case-folded (so ITRANS ``A``, ``I``, ``U``, ``S``, ``M`` become plain letters); IAST
   ``ṛ`` -> ri, ``ṃ ṁ ṅ ñ ṇ`` -> n, ``ś ṣ`` -> sh, ``ḥ`` -> h; other diacritics dropped.
2. Only ``a-z``, digits and word breaks are kept (ITRANS ``.n``, ``~n``, ``R^i`` lose their
   marks); x -> ksh, q -> k, z -> j, f -> ph (the nukta is optional here too), w -> v,
   ee -> i, oo -> u, ei -> e (mein), jn -> gy (ITRANS ``j~n`` for ज्ञ), iye -> ie (liye =
   lie, the glide written or not); runs of one vowel
   collapse (aa -> a, ii -> i, uu -> u).
3. ``h`` after b c d g j k p r s t is dropped: aspirates and sh/chh fold into the plain
   letter (pratiband = pratibandh, samkax = samkaksh, hashiye = haashiye).
4. Every ``a`` after a consonant and before a consonant or the end of a word is dropped, so
   written and unwritten schwas agree (sahayoga = sahyog, matabheda = matbhed). Long aa,
   already folded to a, goes too: that is what makes "kam" and "kaam" one key.
5. ``m`` after a letter and before a consonant becomes ``n``, as an anusvara is written
   either way (ITRANS ``hiMdI`` = hindi, ``saMbandha`` = sambandh).

For an accepted answer with a nukta letter, the key of the word without its nukta is tried
too, so ``khadaa`` and ``kharaa`` both match खड़ा.

The Latin key is deliberately loose: vowel length is lost, so "kam" matches काम and "din"
matches दीन. That is accepted only for Latin-typed input: :func:`match_answer` uses the
Latin key only when the learner's answer has no Devanagari and the accepted answer has some.
A learner typing कम in Devanagari never matches काम, and English accepted answers are only
ever matched by :func:`answer_key` and near misses. Near misses are not searched through the
Latin key: it is already as loose as it can safely be.
"""

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from quizapp.core.romanize import romanize

__all__ = [
    "MAX_NEAR_CHARS",
    "TextMatch",
    "answer_key",
    "is_devanagari",
    "latin_key",
    "match_answer",
    "parse_number",
]

#: Answers longer than this are still keyed, but not searched for near misses.
MAX_NEAR_CHARS = 2000

_NUKTA = "\u093c"
_ANUSVARA = "\u0902"

# --- answer_key: one character at a time -------------------------------------------------

# Characters whose treatment the Unicode category alone does not decide.
_KEY_CHARS_EXPLICIT: dict[str, str | None] = {
    _NUKTA: None,
    "\u0900": _ANUSVARA,  # inverted candrabindu
    "\u0901": _ANUSVARA,  # candrabindu
    "\u093d": None,  # avagraha: a Sanskrit sign, in Hindi only a drawn-out vowel (नहीऽऽ)
    "\u0951": None,  # Vedic accents (udatta, anudatta, grave, acute)
    "\u0952": None,
    "\u0953": None,
    "\u0954": None,
    # Letters of other languages in the Devanagari block, folded like the nukta letters.
    "\u0978": "ड",  # marwari dda
    "\u0979": "झ",  # zha (झ़)
    "\u097a": "य",  # heavy ya (य़)
    "\u097b": "ग",  # Sindhi implosives
    "\u097c": "ज",
    "\u097e": "ड",
    "\u097f": "ब",
    # Kept for now; the number rules below decide what they become.
    ".": ".",
    ",": ",",
    "\u2212": "-",  # minus sign
    "|": " ",  # typed for a danda on Latin keyboards
    # Apostrophes that Unicode files as letters, not punctuation.
    "\u02bc": None,
    "\u02bb": None,
    "\u02b9": None,
    # Latin letters with a stroke or ligature that no decomposition takes apart.
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ł": "l",
    "đ": "d",
    "ħ": "h",
    "ı": "i",
}

# Punctuation that stands between words: replaced by a space rather than dropped.
_SEPARATORS = frozenset(";:!?।॥/\\¡¿،؛؟、。")

# Combining marks that are accents on Latin (and Greek, Cyrillic) letters; Devanagari signs
# live in their own block and are never in these ranges.
_ACCENT_RANGES = (
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
    # Vedic signs, never part of Hindi spelling.
    (0x1CD0, 0x1CFF),
    (0xA8E0, 0xA8F1),
)

# The per-character table is filled lazily; this caps it against a flood of odd characters.
_TABLE_LIMIT = 20_000


def _key_char(char: str) -> str | None:
    """What one (already decomposed, case-folded) character becomes in an answer key."""
    if char in _KEY_CHARS_EXPLICIT:
        return _KEY_CHARS_EXPLICIT[char]
    if char.isspace():
        return " "
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Cs"):
        return None
    if category == "Nd":
        return str(unicodedata.decimal(char, 0))
    if category == "Pd":
        return "-"
    if category[0] == "P":
        return " " if char in _SEPARATORS else None
    if category == "Sk":  # spacing accents: ` ´ ^ ¨
        return None
    code = ord(char)
    if category[0] == "M" and any(lo <= code <= hi for lo, hi in _ACCENT_RANGES):
        return None
    return char


class _CharTable(dict):
    """A ``str.translate`` table that works out each character the first time it is seen."""

    def __init__(self, rule: Callable[[str], str | None]):
        super().__init__()
        self._rule = rule

    def __missing__(self, code: int) -> str | None:
        value = self._rule(chr(code))
        if len(self) < _TABLE_LIMIT:
            self[code] = value
        return value


_KEY_TABLE = _CharTable(_key_char)

# --- answer_key: rules over the whole string ---------------------------------------------

_COMMA_IN_NUMBER = re.compile(r"(?<=[0-9]),(?=[0-9])")
_STRAY_FULL_STOP = re.compile(r"(?<![0-9])\.|\.(?![0-9])")
# A hyphen opening a number (at the start of a word, before a digit) is its minus sign;
# every other dash separates words.
_MINUS_OR_DASH = re.compile(r"(?P<minus>(?<!\S)-(?=[0-9]))|-")

# Nasal consonant + virama that another spelling writes as anusvara (module docstring).
_NASAL_CLUSTER = re.compile(
    "ङ्(?=[कखगघ])|ञ्(?=[चछजझ])|ण्(?=[टठडढ])|न्(?=[कखगघचछजझटठडढतथदधनपफबभ])|म्(?=[पफबभम])"
)
_ANUSVARA_RUN = re.compile(_ANUSVARA + "{2,}")


def _minus_or_space(match: re.Match[str]) -> str:
    return "-" if match.group("minus") else " "


def answer_key(text: str) -> str:
    """Comparison key for a typed answer: equal keys = the learner is right."""
    if not isinstance(text, str) or not text:
        return ""
    # Case folding can produce characters that decompose further, so decompose again.
    key = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    key = key.translate(_KEY_TABLE)
    key = _COMMA_IN_NUMBER.sub("", key).replace(",", " ")
    key = _STRAY_FULL_STOP.sub("", key)
    key = _MINUS_OR_DASH.sub(_minus_or_space, key)
    key = _NASAL_CLUSTER.sub(_ANUSVARA, key)
    key = _ANUSVARA_RUN.sub(_ANUSVARA, key)
    return unicodedata.normalize("NFC", " ".join(key.split()))


@functools.lru_cache(maxsize=4096)
def _cached_answer_key(text: str) -> str:
    """answer_key of an accepted answer: teachers' answers repeat across many gradings."""
    return answer_key(text)


# --- is_devanagari -----------------------------------------------------------------------

_DEVANAGARI_LETTER = re.compile("[\u0900-\u0963\u0971-\u097f]")


def is_devanagari(text: str) -> bool:
    """Whether the text has any Devanagari letter or sign (digits and dandas alone do not count)."""
    return isinstance(text, str) and _DEVANAGARI_LETTER.search(text) is not None


# --- latin_key ---------------------------------------------------------------------------

_IAST_LETTERS = str.maketrans(
    {
        "ṛ": "ri",
        "ṝ": "ri",
        "ḷ": "li",
        "ḹ": "li",
        "ṃ": "n",
        "ṁ": "n",
        "ṅ": "n",
        "ñ": "n",
        "ṇ": "n",
        "ś": "sh",
        "ṣ": "sh",
        "ḥ": "h",
    }
)
# ISO 15919 writes vocalic r and l with a ring below.
_ISO_VOCALIC = re.compile("([rl])\u0325")

_LATIN_FOLDS = {"x": "ksh", "q": "k", "z": "j", "f": "ph", "w": "v"}


def _latin_char(char: str) -> str | None:
    """What one (decomposed, case-folded) character becomes in a Latin key."""
    if char in _LATIN_FOLDS:
        return _LATIN_FOLDS[char]
    if "a" <= char <= "z" or "0" <= char <= "9":
        return char
    folded = _KEY_CHARS_EXPLICIT.get(char)
    if folded and folded.isascii() and folded.isalpha():
        return folded
    if char.isspace() or char in _SEPARATORS or char in ",|":
        return " "
    if unicodedata.category(char) == "Pd":
        return " "
    return None


_LATIN_TABLE = _CharTable(_latin_char)

_CONSONANT = "bcdghjklmnprstvy"
_VOWEL_RUN = re.compile(r"([aeiou])\1+")
_ASPIRATE_H = re.compile(r"(?<=[bcdgjkprst])h+")
_SCHWA = re.compile(rf"(?<=[{_CONSONANT}])a(?=[{_CONSONANT}]|\b)")
_NASAL_M = re.compile(rf"(?<=[a-z])m(?=[{_CONSONANT}])")


def _fold_latin(text: str) -> str:
    """Steps 1-5 of the Latin key (module docstring) on Latin-letter text."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_IAST_LETTERS)
    text = _ISO_VOCALIC.sub(r"\1i", text)
    text = unicodedata.normalize("NFD", text).translate(_LATIN_TABLE)
    text = text.replace("ee", "i").replace("oo", "u").replace("ei", "e").replace("jn", "gy")
    text = text.replace("iye", "ie")
    text = _VOWEL_RUN.sub(r"\1", text)
    text = _ASPIRATE_H.sub("", text)
    text = _SCHWA.sub("", text)
    text = _NASAL_M.sub("n", text)
    return " ".join(text.split())


def _invisible(char: str) -> str | None:
    """Format and control characters vanish before romanising; dandas end words."""
    if char.isspace() or char in "।॥":
        return " "
    if unicodedata.category(char) in ("Cc", "Cf", "Cs"):
        return None
    return char


_INVISIBLE = _CharTable(_invisible)


def _romanize_words(text: str) -> str:
    # Word by word, so that romanize's cache holds words rather than whole answers.
    return " ".join(romanize(word) for word in text.split())


def latin_key(text: str) -> str:
    """Loose phonetic key shared by Devanagari and Latin (ITRANS/Hinglish) spellings."""
    if not isinstance(text, str) or not text:
        return ""
    text = text.translate(_INVISIBLE)
    if is_devanagari(text):
        text = _romanize_words(unicodedata.normalize("NFC", text))
    return _fold_latin(text)


@functools.lru_cache(maxsize=4096)
def _accepted_latin_keys(text: str) -> frozenset[str]:
    """Latin keys an accepted Devanagari answer may be typed as (with and without nukta)."""
    keys = {latin_key(text)}
    plain = unicodedata.normalize("NFD", text)
    if _NUKTA in plain:
        # ड़ romanises as "r", but many learners type it "d" (ladka, khadaa).
        keys.add(latin_key(plain.replace(_NUKTA, "")))
    keys.discard("")
    return frozenset(keys)


# --- match_answer ------------------------------------------------------------------------


@dataclass(frozen=True)
class TextMatch:
    """How a typed answer matched the accepted answers."""

    kind: str  # "exact" | "near" | "none"
    accepted: str | None  # the accepted answer it matched (or nearly matched)
    via_latin: bool = False  # matched through latin_key (learner typed Hindi in Latin letters)


_NO_MATCH = TextMatch("none", None)

# Vowel pairs that differ only in length.
_LENGTH_PAIRS = frozenset(
    frozenset(pair) for pair in (("ि", "ी"), ("ु", "ू"), ("इ", "ई"), ("उ", "ऊ"))
)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _one_edit_inside(given: str, accepted: str) -> bool:
    """One substitution, swap, missing or extra letter, away from both ends of the word."""
    n, m = len(accepted), len(given)
    if n == m:
        diff = [i for i in range(n) if accepted[i] != given[i]]
        if len(diff) == 1:
            return 0 < diff[0] < n - 1
        if len(diff) == 2:
            i, j = diff
            swapped = j == i + 1 and accepted[i] == given[j] and accepted[j] == given[i]
            return swapped and i > 0 and j < n - 1
        return False
    if abs(n - m) != 1:
        return False
    longer, shorter = (accepted, given) if n > m else (given, accepted)
    size = len(longer)
    prefix = _common_prefix(longer, shorter)
    suffix = _common_prefix(longer[::-1], shorter[::-1])
    # The letter dropped from the longer word may sit anywhere in a run of equal letters;
    # it counts as inside if any of its possible places is.
    low, high = max(0, size - 1 - suffix), min(prefix, size - 1)
    return low <= high and max(low, 1) <= min(high, size - 2)


def _near_word(given: str, accepted: str) -> bool:
    """Whether one differing word is a near miss of the accepted word (module docstring)."""
    if any(char.isdigit() for char in given + accepted):
        return False
    if len(given) == len(accepted) >= 3 and all(
        frozenset((g, a)) in _LENGTH_PAIRS for g, a in zip(given, accepted, strict=True) if g != a
    ):
        return True
    return len(accepted) >= 5 and _one_edit_inside(given, accepted)


def _is_near(given_key: str, accepted_key: str) -> bool:
    """Whether two different keys are a near miss (spaces only, or one near word)."""
    if given_key.replace(" ", "") == accepted_key.replace(" ", ""):
        return True
    given_words, accepted_words = given_key.split(" "), accepted_key.split(" ")
    if len(given_words) != len(accepted_words):
        return False
    differing = [(g, a) for g, a in zip(given_words, accepted_words, strict=True) if g != a]
    return len(differing) == 1 and _near_word(*differing[0])


def match_answer(given: str, accepted: Iterable[str]) -> TextMatch:
    """Best match of a learner's answer against accepted answers (exact beats near)."""
    if not isinstance(given, str):
        return _NO_MATCH
    given_key = answer_key(given)
    if not given_key:
        return _NO_MATCH
    answers = [a for a in accepted if isinstance(a, str)]
    keys = [_cached_answer_key(a) for a in answers]
    for answer, key in zip(answers, keys, strict=True):
        if key == given_key:
            return TextMatch("exact", answer)
    if not is_devanagari(given):
        given_latin = latin_key(given)
        for answer in answers:
            if (
                given_latin
                and is_devanagari(answer)
                and given_latin in _accepted_latin_keys(answer)
            ):
                return TextMatch("exact", answer, via_latin=True)
    if len(given) > MAX_NEAR_CHARS:
        return _NO_MATCH
    for answer, key in zip(answers, keys, strict=True):
        if key and len(answer) <= MAX_NEAR_CHARS and _is_near(given_key, key):
            return TextMatch("near", answer)
    return _NO_MATCH


# --- parse_number ------------------------------------------------------------------------


def _number_char(char: str) -> str | None:
    """What one character becomes before a typed number is read."""
    if char.isspace():
        return " "
    category = unicodedata.category(char)
    if category == "Nd":
        return str(unicodedata.decimal(char, 0))
    if category in ("Cc", "Cf", "Cs"):
        return None
    if category == "Pd" or char == "\u2212":
        return "-"
    return char


_NUMBER_TABLE = _CharTable(_number_char)
_NUMBER_MAX_CHARS = 100

_SIGNED = re.compile(r"([+-]?) ?(.*)", re.DOTALL)
_PLAIN = re.compile(r"[0-9]+")
# Thousands separators: 1,000,000 (Western) or 1,00,000 (Indian), with commas or spaces.
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]?(?:,[0-9]{2})*,[0-9]{3}")


def _integer_digits(part: str) -> str | None:
    """The digits of an integer part, or None if its grouping is not a real one."""
    if _PLAIN.fullmatch(part):
        return part
    for separator in (",", " "):
        if separator in part and _GROUPED.fullmatch(part.replace(separator, ",")):
            if (" " if separator == "," else ",") in part:
                return None  # one kind of separator per number
            return part.replace(separator, "")
    return None


def parse_number(text: str) -> float | None:
    """A number typed by a learner: ASCII or Devanagari digits, sign, decimal point or comma
    decimal, thousands separators (1,000 / 1,00,000), spaces; None if not a number.

    A comma followed by exactly three digits in a proper grouping is a thousands separator
    (1,000 = 1000; 1,00,000 = 100000); a single comma followed by some other number of
    digits, or after a lone 0, is a decimal comma (3,5 = 3.5; 0,125 = 0.125). Spaces may
    group thousands (10 000) and follow a sign (- 2); a final danda is forgiven (१२।).
    Words (आठ), units, exponents (1e3), fractions, and non-finite results (a 400-digit
    number) are not numbers.
    """
    if not isinstance(text, str) or len(text) > 10 * _NUMBER_MAX_CHARS:
        return None
    cleaned = unicodedata.normalize("NFKC", text).translate(_NUMBER_TABLE)
    cleaned = " ".join(cleaned.split()).rstrip("।॥ ")
    if not cleaned or len(cleaned) > _NUMBER_MAX_CHARS:
        return None
    sign, body = _SIGNED.fullmatch(cleaned).groups()
    if body.count(".") > 1:
        return None
    if "." in body:
        whole, fraction = body.split(".")
    elif body.count(",") == 1 and _integer_digits(body) is None:
        whole, fraction = body.split(",", 1)
    else:
        whole, fraction = body, ""
    if not whole and not fraction:
        return None
    digits = _integer_digits(whole) if whole else "0"
    if digits is None or (fraction and not _PLAIN.fullmatch(fraction)):
        return None
    value = float(f"{sign}{digits}.{fraction or '0'}")
    if not math.isfinite(value):
        return None
    return value + 0.0  # -0.0 becomes 0.0
