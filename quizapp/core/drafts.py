"""Draft questions from a passage: one click proposes, the teacher keeps, edits or drops.

Rules over the aligned text (each Hindi sentence with its English) and the glossary; no
language model. Every draft is a bank-JSON question (PRODUCT.md, "Bank interchange JSON") that
the registry's ``validate_spec`` and ``validate_bank`` accept, with prompts and explanations in
both languages, its evidence, a skill and points. The ``seed`` varies only the draw: the
cloze distractors and their order, and in true/false which sentences are shown true or false
and whose English a false one borrows. The sentences blanked, the words matched, the paragraphs
ordered and the sentences to translate depend on the passage alone; the same passage and seed
always give the same drafts.

The kinds, at most as many of each as the caps below say:

``cloze`` (vocabulary)
    A sentence with one to three glossary words blanked, as they are written in the text. Only
    content words are blanked: not postpositions, conjunctions, pronouns, numerals or words
    made only of function words (के लिए, और, भी), and not names (an entry whose first English
    sense has a capital letter: Russia, Wednesday, CEO). Two blanks never touch. The prompt
    gives each blank's English meaning; each blank is a dropdown of the answer and up to three
    other glossary forms of the same part of speech, never one whose meaning shares a word with
    the answer's (असहमति "disagreement" is no distractor for मतभेद "difference of opinion,
    disagreement"), nor one spelt inside the other (राजनयिक, राजनयिकों). A sentence without
    two such distractors per blank gets typed blanks. An entry is blanked once across drafts.
``matching`` (vocabulary)
    Five glossary lemmas from the passage against their first English sense ("sanction" for
    "sanction; restriction, ban"), spread over the passage, no two meanings sharing a word.
``ordering`` (main_idea)
    The Hindi sentences of a paragraph of three to six sentences, to put back in order; the
    English is kept for the explanation, so the order has to be read from the Hindi.
``true_false`` (literal), two true and two false, by two rules that cannot make a false
statement true by accident:

    *A number changed.* A sentence whose English and Hindi each hold one number (say 8, in
    "eight Russian companies" / "आठ रूसी कंपनियों") is restated with another number that occurs
    elsewhere in the passage ("two"), in both languages. Numbers inside names (Nord Stream 2,
    COVID-19) and the number one (it changes the grammar) are left alone, a year is only
    swapped for a year, and the change is dropped if the new number followed by the same word
    occurs anywhere in the passage. Its true twin is another sentence as it stands.
    *A translation from elsewhere.* A Hindi sentence is shown with the English of another
    sentence (a nearby one, of similar length), and the learner judges whether the English
    translates it. The two English sentences must share fewer than half of their content words,
    so the other sentence cannot be a second translation. Its true twin shows a sentence with
    its own English.

    Swapping names was rejected: "Blinken also said that the countries have serious
    differences" (Lavrov's words in paragraph 3) is all but said by Blinken in paragraph 2.
``translation`` (translation)
    A Hindi sentence of 8 to 25 words, its aligned English the first reference; one draft goes
    the other way, a short English sentence into Hindi.

Sentences used by one kind are avoided by the next where the passage allows, and every kind
spreads its sentences over the paragraphs. A passage without a glossary still gets ordering,
true/false and translation drafts; one without English gets cloze, matching and ordering.

On the seeded article (18 sentences, 190 glossary entries) one proposal takes about 8 ms:
5 cloze, 2 matching, 2 ordering, 4 true/false (one with a number changed) and 3 translation
drafts. Half of that is choosing distractors, which compares each blank with every entry.
"""

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.core.gloss import Match, find_terms
from quizapp.core.segment import tokenize
from quizapp.core.text import answer_key

__all__ = ["DraftEntry", "DraftPassage", "DraftSentence", "propose_drafts"]

#: How many drafts of each kind, at most.
MAX_CLOZE = 5
MAX_BLANKS = 3
DROPDOWN_SIZE = 4
MAX_MATCHING = 2
MATCHING_PAIRS = 5
MIN_MATCHING_PAIRS = 4
MAX_ORDERING = 2
ORDERING_SIZES = range(3, 7)
MAX_TRUE_FALSE = 4
MAX_TRANSLATION = 3
#: Hindi sentences of this many words make good translation drafts.
TRANSLATION_WORDS = range(8, 26)
#: The longest English sentence offered for translation into Hindi.
REVERSE_MAX_WORDS = 14
#: Two English sentences sharing this share of their content words may say the same thing.
SAME_MEANING_OVERLAP = 0.5

POINTS = {"cloze": 1, "matching": 2, "ordering": 2, "true_false": 1, "translation": 2}

#: Parts of speech that are never blanked nor matched.
FUNCTION_POS = frozenset(
    {"postposition", "conjunction", "pronoun", "numeral", "particle", "determiner"}
)
#: Hindi function words: an entry made only of these is not a content word, whatever its pos.
# fmt: off
HINDI_FUNCTION_WORDS = frozenset({
    "और", "या", "भी", "ही", "तो", "न", "नहीं", "कि", "का", "के", "की", "को", "से", "में", "पर",
    "ने", "तक", "लिए", "यह", "वह", "ये", "वे", "इस", "उस", "इन", "उन", "इसे", "उसे", "इससे",
    "उससे", "इसी", "उसी", "जो", "जिस", "जिसे", "जिसमें", "जिन", "जहां", "जहाँ", "कई", "सभी",
    "सब", "कुछ", "कोई", "किसी", "एक", "है", "हैं", "था", "थे", "थी", "हो", "अपना", "अपने",
    "अपनी", "उन्होंने", "हालाँकि", "हालांकि", "लेकिन", "परंतु", "यदि", "अगर", "वाला", "वाले",
    "वाली", "साथ", "बाद", "पहले", "बीच", "बारे", "कारण", "बावजूद", "दौरान",
})
#: English words that say nothing about a meaning, left out when meanings are compared.
ENGLISH_FUNCTION_WORDS = frozenset({
    "the", "and", "for", "with", "from", "into", "onto", "over", "also", "one", "one's",
    "someone", "something", "that", "this", "these", "those", "who", "which", "what", "its",
    "their", "his", "her", "after", "before", "about", "some", "any", "very", "more", "most",
    "such", "kind", "thing", "things",
})
# fmt: on

EN_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
HI_NUMBERS = {
    "एक": 1, "दो": 2, "तीन": 3, "चार": 4, "पाँच": 5, "पांच": 5, "छह": 6, "छः": 6, "सात": 7,
    "आठ": 8, "नौ": 9, "दस": 10, "ग्यारह": 11, "बारह": 12, "तेरह": 13, "चौदह": 14, "पंद्रह": 15,
    "सोलह": 16, "सत्रह": 17, "अठारह": 18, "उन्नीस": 19, "बीस": 20, "तीस": 30, "चालीस": 40,
    "पचास": 50,
}  # fmt: skip
_EN_NUMBER_WORD = {value: word for word, value in EN_NUMBERS.items()}
_HI_NUMBER_WORD = {value: word for word, value in reversed(HI_NUMBERS.items())}
_EN_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_DEVANAGARI_DIGITS = "०१२३४५६७८९"


@dataclass(frozen=True)
class DraftSentence:
    """One sentence of the passage with its aligned English ("" when it has none)."""

    id: str  # "p2s3"
    paragraph: int
    hi: str
    en: str


@dataclass(frozen=True)
class DraftEntry:
    """A glossary entry: its surface forms as written in the text, its meaning, where it is."""

    key: str
    lemma_hi: str
    forms: tuple[str, ...]
    meaning_en: str
    #: Ids of the sentences it occurs in; when empty it is looked for in every sentence.
    sentences: tuple[str, ...]
    #: Part of speech as the glossary has it ("noun", "verb" …); "" when unknown.
    pos: str = ""


@dataclass(frozen=True)
class DraftPassage:
    """What drafts are made from: the aligned sentences in order and the glossary."""

    sentences: tuple[DraftSentence, ...]
    glossary: tuple[DraftEntry, ...] = ()


def propose_drafts(passage: DraftPassage, seed: str = "") -> list[dict[str, Any]]:
    """Draft questions of every kind the passage allows, as bank-JSON question objects."""
    drafts = _Drafter(passage, seed)
    return [
        *drafts.cloze(),
        *drafts.matching(),
        *drafts.ordering(),
        *drafts.true_false(),
        *drafts.translation(),
    ]


# -- Words and meanings ----------------------------------------------------------------------


def first_sense(meaning: str) -> str:
    """A meaning's first sense: "sanction; ban" → "sanction", "(pl.) ties" → "ties"."""
    text = meaning.strip()
    while text.startswith("("):
        close = text.find(")")
        if close < 0:
            break
        text = text[close + 1 :].strip()
    depth = 0
    for index, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0 and char in ";,":
            text = text[:index]
            break
    return text.strip() or meaning.strip()


def meaning_words(meaning: str) -> frozenset[str]:
    """The content words of an English meaning, crudely singular, for telling meanings apart."""
    words = set()
    for word in _EN_WORD.findall(meaning.lower()):
        word = word.replace("’", "'").removesuffix("'s")
        if len(word) < 3 or word in ENGLISH_FUNCTION_WORDS:
            continue
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        words.add(word)
    return frozenset(words)


def is_content_entry(entry: DraftEntry) -> bool:
    """A word worth a blank or a pair: no function word, no name, and it has a meaning."""
    if entry.pos.strip().lower() in FUNCTION_POS or not entry.meaning_en.strip():
        return False
    if all(word in HINDI_FUNCTION_WORDS for word in entry.lemma_hi.split()):
        return False
    return not any(char.isupper() for char in first_sense(entry.meaning_en))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of words two sets have in common (Jaccard), 0 for two empty sets."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _quote_list(texts: Sequence[str], conjunction: str) -> str:
    """'a', 'b' and 'c' (or और): a quoted list without the serial comma."""
    quoted = [f"'{text}'" for text in texts]
    if len(quoted) < 2:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {conjunction} {quoted[-1]}"


def _balanced_quotes(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def quoted(text: str) -> str:
    """A sentence fit to quote on its own: stripped, without the opening or closing mark of a
    quotation that it shares with a neighbour (`कहा कि "हम …` ends a sentence mid-quotation)."""
    text = text.strip()
    if text.count('"') % 2:
        if text.startswith('"'):
            text = text[1:].lstrip()
        elif text.endswith('"'):
            text = text[:-1].rstrip()
        else:
            start = text.rfind('"')
            text = (text[:start] + text[start + 1 :]).replace("  ", " ")
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    return text


# -- Numbers, for true/false statements with a number changed --------------------------------


@dataclass(frozen=True)
class _Number:
    """A number written in a sentence: where, its value, and how it is written."""

    start: int
    end: int
    value: int
    word: bool  # written as a word (eight, आठ) rather than in digits
    eligible: bool  # a quantity that can be changed (not inside a name such as Nord Stream 2)
    year: bool


def _digit_value(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _in_figure(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is part of a longer figure or code: 3.5, 2,000, COVID-19."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before == "-" or after == "-":
        return True
    if before in ".,:/" and start >= 2 and text[start - 2].isdigit():
        return True
    return after in ".,:/" and end + 1 < len(text) and text[end + 1].isdigit()


def english_numbers(text: str) -> list[_Number]:
    """The numbers of an English sentence (digits, or words from two to fifty)."""
    numbers = []
    words = list(_EN_WORD.finditer(text))
    for match in _EN_TOKEN.finditer(text):
        token = match.group()
        value = _digit_value(token) if token.isdigit() else EN_NUMBERS.get(token.lower())
        if value is None:
            continue
        # After a capitalised word other than the first (Nord Stream 2), it is part of a name.
        previous = [word for word in words if word.end() <= match.start()]
        after_name = len(previous) > 1 and previous[-1].group()[0].isupper()
        in_figure = _in_figure(text, match.start(), match.end())
        year = token.isdigit() and len(token) == 4 and 1000 <= value <= 2999
        numbers.append(
            _Number(
                start=match.start(),
                end=match.end(),
                value=value,
                word=not token.isdigit(),
                eligible=not after_name and not in_figure,
                year=year,
            )
        )
    return numbers


def hindi_numbers(text: str) -> list[_Number]:
    """The numbers of a Hindi sentence (Latin or Devanagari digits, or words up to पचास).

    A number word counts as a quantity only before another word: a sentence-final दो is more
    likely the verb "give" (मुझे किताब दो) than the number two."""
    numbers = []
    for token in tokenize(text):
        digits = token.text.isdigit()
        value = _digit_value(token.text) if digits else HI_NUMBERS.get(token.text)
        if value is None:
            continue
        year = digits and len(token.text) == 4 and 1000 <= value <= 2999
        numbers.append(
            _Number(
                start=token.start,
                end=token.end,
                value=value,
                word=not digits,
                eligible=not _in_figure(text, token.start, token.end)
                and (digits or re.match(r"\s+\w", text[token.end :]) is not None),
                year=year,
            )
        )
    return numbers


def _render_english(value: int, like: str) -> str:
    if like.isdigit() or value not in _EN_NUMBER_WORD:
        return str(value)
    word = _EN_NUMBER_WORD[value]
    return word.capitalize() if like[:1].isupper() else word


def _render_hindi(value: int, like: str) -> str:
    if not like.isdigit():
        return _HI_NUMBER_WORD.get(value, str(value))
    if like[0] in _DEVANAGARI_DIGITS:
        return "".join(_DEVANAGARI_DIGITS[int(digit)] for digit in str(value))
    return str(value)


def _next_word(text: str, end: int) -> str:
    match = re.match(r"\W*(\w+)", text[end:])
    return match.group(1) if match else ""


# -- The drafts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Blank:
    match: Match
    entry: DraftEntry
    form: str


class _Drafter:
    """One proposal: the passage indexed once, and what earlier kinds have used."""

    def __init__(self, passage: DraftPassage, seed: str) -> None:
        self.seed = seed
        self._keys: dict[str, str] = {}
        self._words: dict[str, int] = {}
        self.sentences = [s for s in passage.sentences if s.hi.strip()]
        self.position = {s.id: index for index, s in enumerate(self.sentences)}
        self.glossary = list(passage.glossary)
        self.entries = [e for e in self.glossary if is_content_entry(e)]
        self.meanings = {e.key: meaning_words(e.meaning_en) for e in self.entries}
        self.en_words = {s.id: meaning_words(s.en) for s in self.sentences}
        #: Sentences a draft already uses, avoided by later kinds where possible.
        self.used: set[str] = set()
        #: Entries already blanked or matched.
        self.used_entries: set[str] = set()
        #: Content words found in each sentence (names and function words are found too, so
        #: that संयुक्त is not taken out of संयुक्त राज्य अमेरिका, then dropped).
        content = {entry.key for entry in self.entries}
        self.occurrences = {
            key: [match for match in matches if match.key in content]
            for key, matches in self._find_occurrences().items()
        }

    def key(self, text: str) -> str:
        """``answer_key``, remembered: the same forms are compared many times."""
        if text not in self._keys:
            self._keys[text] = answer_key(text)
        return self._keys[text]

    def words(self, text: str) -> int:
        """How many words ``text`` has, remembered."""
        if text not in self._words:
            self._words[text] = len(tokenize(text))
        return self._words[text]

    def _rng(self, purpose: str) -> random.Random:
        # Not a finding (B311): which distractors a draft offers, not a secret.
        return random.Random(f"{self.seed}\x1f{purpose}")  # nosec B311

    def _find_occurrences(self) -> dict[str, list[Match]]:
        """Glossary terms in each sentence, whole words, longest first, no overlap."""
        listed: dict[str, list[DraftEntry]] = {}
        anywhere = []
        for entry in self.glossary:
            known = [key for key in entry.sentences if key in self.position]
            if not known:
                anywhere.append(entry)
            for key in known:
                listed.setdefault(key, []).append(entry)
        found = {}
        for sentence in self.sentences:
            terms = [
                (form, entry.key)
                for entry in listed.get(sentence.id, []) + anywhere
                for form in entry.forms
                if form.strip() and "|" not in form
            ]
            found[sentence.id] = find_terms(sentence.hi, terms)
        return found

    def _spread(self, sentences: Iterable[DraftSentence], count: int) -> list[DraftSentence]:
        """Up to ``count`` sentences in the given order of preference, one paragraph at a
        time, unused sentences before used ones."""
        ranked = list(sentences)
        chosen: list[DraftSentence] = []
        for pool in (
            [s for s in ranked if s.id not in self.used],
            [s for s in ranked if s.id in self.used],
        ):
            while pool and len(chosen) < count:
                paragraphs: set[int] = set()
                rest = []
                for sentence in pool:
                    if sentence.paragraph in paragraphs or len(chosen) >= count:
                        rest.append(sentence)
                    else:
                        chosen.append(sentence)
                        paragraphs.add(sentence.paragraph)
                pool = rest
        return chosen

    # -- cloze --------------------------------------------------------------------------------

    def cloze(self) -> list[dict[str, Any]]:
        """Up to MAX_CLOZE sentences with their glossary words blanked (vocabulary)."""
        by_key = {entry.key: entry for entry in self.entries}
        candidates = []
        for sentence in self.sentences:
            if "{" in sentence.hi or "}" in sentence.hi:
                continue
            count = len(self._pick_blanks(sentence, by_key, set()))
            if count:
                candidates.append((-count, self.position[sentence.id], sentence))
        ranked = [sentence for *_, sentence in sorted(candidates, key=lambda c: c[:2])]
        made = []
        for sentence in self._spread(ranked, len(ranked)):
            if len(made) == MAX_CLOZE:
                break
            blanks = self._pick_blanks(sentence, by_key, self.used_entries)
            if not blanks:
                continue
            self.used_entries.update(blank.entry.key for blank in blanks)
            self.used.add(sentence.id)
            made.append((sentence, blanks))
        made.sort(key=lambda item: self.position[item[0].id])
        return [
            self._cloze_draft(number, sentence, blanks)
            for number, (sentence, blanks) in enumerate(made, start=1)
        ]

    def _pick_blanks(
        self, sentence: DraftSentence, by_key: dict[str, DraftEntry], avoid: set[str]
    ) -> list[_Blank]:
        """Up to MAX_BLANKS content words of the sentence, never two touching, in text order."""
        blanks: list[_Blank] = []
        for match in self.occurrences[sentence.id]:
            entry = by_key[match.key]
            form = sentence.hi[match.start : match.end]
            if entry.key in avoid or not self.key(form):
                continue
            if any(blank.entry.key == entry.key for blank in blanks):
                continue
            if any(not self._apart(sentence.hi, blank.match, match) for blank in blanks):
                continue
            blanks.append(_Blank(match, entry, form))
            if len(blanks) == MAX_BLANKS:
                break
        return blanks

    @staticmethod
    def _apart(text: str, a: Match, b: Match) -> bool:
        """True when at least one word stands between two matches."""
        first, second = (a, b) if a.start < b.start else (b, a)
        return bool(tokenize(text[first.end : second.start]))

    def _distractors(
        self,
        blank: _Blank,
        sentence: DraftSentence,
        blanked: set[str],
        shown: set[str],
        rng: random.Random,
    ) -> list[str]:
        """Up to DROPDOWN_SIZE - 1 forms of other entries that cannot also be right, entries
        not yet ``shown`` in another dropdown of the sentence first."""
        answer = self.key(blank.form)
        own = [self.key(form) for form in (*blank.entry.forms, blank.entry.lemma_hi)]
        pos = blank.entry.pos.strip().lower()
        pool = []
        for entry in self.entries:
            if entry.key in blanked:
                continue
            if pos and entry.pos.strip().lower() != pos:
                continue
            if self.meanings[entry.key] & self.meanings[blank.entry.key]:
                continue
            if self.key(entry.lemma_hi) == self.key(blank.entry.lemma_hi):
                continue
            form = self._form_like(entry, blank.form)
            key = self.key(form)
            if not key or form in sentence.hi or "|" in form:
                continue
            if any(key in other or other in key for other in (*own, answer) if other):
                continue
            pool.append((entry.key, form))
        rng.shuffle(pool)
        # Forms shaped like the answer (same ending, as many words) first, so the dropdown
        # cannot be solved by grammar alone.
        pool.sort(key=lambda item: (item[0] in shown, self._shape_distance(item[1], blank.form)))
        chosen: list[str] = []
        keys = {answer}
        for entry_key, form in pool:
            key = self.key(form)
            if any(key in other or other in key for other in keys):
                continue
            keys.add(key)
            chosen.append(form)
            shown.add(entry_key)
            if len(chosen) == DROPDOWN_SIZE - 1:
                break
        return chosen

    @staticmethod
    def _shape_distance(form: str, answer: str) -> int:
        return (form[-1:] != answer[-1:]) + (len(form.split()) != len(answer.split()))

    def _form_like(self, entry: DraftEntry, answer: str) -> str:
        forms = [form for form in entry.forms if form.strip()] or [entry.lemma_hi]
        return min(forms, key=lambda form: self._shape_distance(form, answer))

    def _cloze_draft(
        self, number: int, sentence: DraftSentence, blanks: list[_Blank]
    ) -> dict[str, Any]:
        rng = self._rng(f"cloze:{sentence.id}")
        blanked = {blank.entry.key for blank in blanks}
        shown: set[str] = set()
        options = []
        for blank in blanks:
            distractors = self._distractors(blank, sentence, blanked, shown, rng)
            choice = [blank.form, *distractors]
            rng.shuffle(choice)
            options.append(choice if len(distractors) >= 2 else None)
        dropdowns = all(option is not None for option in options)
        text = sentence.hi
        for blank in reversed(blanks):
            text = f"{text[: blank.match.start]}{{{{{blank.form}}}}}{text[blank.match.end :]}"
        senses = [first_sense(blank.entry.meaning_en) for blank in blanks]
        many = len(blanks) > 1
        where_hi = "खाली जगहों में" if many else "खाली जगह में"
        words_hi = "लेख के हिंदी शब्द" if many else "लेख का हिंदी शब्द"
        words_en = "the Hindi words" if many else "the Hindi word"
        paragraph = sentence.paragraph
        if dropdowns:
            prompt = {
                "hi": f"अनुच्छेद {paragraph} के इस वाक्य को पूरा करें: {where_hi} "
                f"{_quote_list(senses, 'और')} के लिए {words_hi} चुनें।",
                "en": f"Complete this sentence from paragraph {paragraph}: choose {words_en} "
                f"for {_quote_list(senses, 'and')}.",
            }
        else:
            prompt = {
                "hi": f"अनुच्छेद {paragraph} के इस वाक्य को पूरा करें: {where_hi} "
                f"{_quote_list(senses, 'और')} के लिए {words_hi} देवनागरी में लिखें।",
                "en": f"Complete this sentence from paragraph {paragraph}: write {words_en} "
                f"for {_quote_list(senses, 'and')} in Devanagari.",
            }
        notes_hi, notes_en = [], []
        for blank in blanks:
            meaning = blank.entry.meaning_en.strip()
            if self.key(blank.form) == self.key(blank.entry.lemma_hi):
                notes_hi.append(f"'{blank.form}' का अर्थ है '{meaning}'")
                notes_en.append(f"{blank.form} means '{meaning}'")
            else:
                lemma = blank.entry.lemma_hi
                notes_hi.append(f"'{blank.form}' ('{lemma}' का रूप) का अर्थ है '{meaning}'")
                notes_en.append(f"{blank.form} (a form of {lemma}) means '{meaning}'")
        explanation = {
            "hi": f"{'; '.join(notes_hi)} (अनुच्छेद {paragraph})।",
            "en": f"{'; '.join(notes_en)} (paragraph {paragraph}).",
        }
        if sentence.en.strip():
            explanation["hi"] += f" पूरा वाक्य अंग्रेज़ी में: '{quoted(sentence.en)}'"
            explanation["en"] += f" The whole sentence in English: '{quoted(sentence.en)}'"
        draft = _question("cloze", number, prompt, explanation, [sentence.id], "vocabulary")
        draft["text"] = {"hi": text}
        if dropdowns:
            draft["choices"] = options
        return draft

    # -- matching -----------------------------------------------------------------------------

    def _entry_sentences(self, entry: DraftEntry) -> list[str]:
        """The passage's sentences an entry occurs in, in passage order."""
        known = [key for key in entry.sentences if key in self.position]
        if not known:
            known = [
                key
                for key, matches in self.occurrences.items()
                for m in matches
                if m.key == entry.key
            ]
        return sorted(set(known), key=self.position.__getitem__)

    def matching(self) -> list[dict[str, Any]]:
        """Up to MAX_MATCHING sets of Hindi lemmas to match with their first English sense."""
        pool = []
        for entry in self.entries:
            sentences = self._entry_sentences(entry)
            if not sentences or len(entry.lemma_hi.split()) > 3 or "|" in entry.lemma_hi:
                continue
            pool.append((self.position[sentences[0]], entry, sentences))
        pool.sort(key=lambda item: item[0])
        fresh = [item for item in pool if item[1].key not in self.used_entries]
        blanked = [item for item in pool if item[1].key in self.used_entries]
        order = _interleave(fresh, MATCHING_PAIRS) + _interleave(blanked, MATCHING_PAIRS)
        drafts = []
        taken: set[str] = set()
        for number in range(1, MAX_MATCHING + 1):
            group: list[tuple[int, DraftEntry, list[str]]] = []
            for item in order:
                entry = item[1]
                if entry.key in taken or not self._fits_group(entry, [g[1] for g in group]):
                    continue
                group.append(item)
                if len(group) == MATCHING_PAIRS:
                    break
            if len(group) < MIN_MATCHING_PAIRS:
                break
            taken.update(item[1].key for item in group)
            self.used_entries.update(item[1].key for item in group)
            group.sort(key=lambda item: item[0])
            drafts.append(self._matching_draft(number, group))
        return drafts

    def _fits_group(self, entry: DraftEntry, group: list[DraftEntry]) -> bool:
        """No two lemmas alike, no two senses alike, no two meanings sharing a word."""
        sense = self.key(first_sense(entry.meaning_en))
        for other in group:
            if self.key(other.lemma_hi) == self.key(entry.lemma_hi):
                return False
            if self.key(first_sense(other.meaning_en)) == sense:
                return False
            if self.meanings[other.key] & self.meanings[entry.key]:
                return False
        return bool(sense) and bool(self.key(entry.lemma_hi))

    def _matching_draft(
        self, number: int, group: list[tuple[int, DraftEntry, list[str]]]
    ) -> dict[str, Any]:
        pairs = [
            {"left": entry.lemma_hi, "right": first_sense(entry.meaning_en)}
            for _, entry, _ in group
        ]
        notes_hi, notes_en = [], []
        for _, entry, sentences in group:
            paragraph = self.sentences[self.position[sentences[0]]].paragraph
            sense = first_sense(entry.meaning_en)
            notes_hi.append(f"{entry.lemma_hi} = {sense} (अनुच्छेद {paragraph})")
            notes_en.append(f"{entry.lemma_hi} '{sense}' (paragraph {paragraph})")
        evidence = sorted({sentences[0] for _, _, sentences in group}, key=self.position.get)
        draft = _question(
            "matching",
            number,
            {
                "hi": "लेख के हर हिंदी शब्द को उसके अंग्रेज़ी अर्थ से मिलाएँ।",
                "en": "Match each Hindi word from the article with its English meaning.",
            },
            {
                "hi": f"ये सभी शब्द लेख में आए हैं: {'; '.join(notes_hi)}।",
                "en": f"All these words are in the article: {'; '.join(notes_en)}.",
            },
            evidence,
            "vocabulary",
        )
        draft["pairs"] = pairs
        return draft

    # -- ordering -----------------------------------------------------------------------------

    def ordering(self) -> list[dict[str, Any]]:
        """The sentences of up to MAX_ORDERING paragraphs, to put back in order (main_idea)."""
        paragraphs: dict[int, list[DraftSentence]] = {}
        for sentence in self.sentences:
            paragraphs.setdefault(sentence.paragraph, []).append(sentence)
        suitable = []
        for paragraph, sentences in paragraphs.items():
            keys = {self.key(sentence.hi) for sentence in sentences}
            if len(sentences) in ORDERING_SIZES and len(keys) == len(sentences) and all(keys):
                suitable.append((not 4 <= len(sentences) <= 5, paragraph))
        chosen = sorted(paragraph for _, paragraph in sorted(suitable)[:MAX_ORDERING])
        return [
            self._ordering_draft(number, paragraph, paragraphs[paragraph])
            for number, paragraph in enumerate(chosen, start=1)
        ]

    def _ordering_draft(
        self, number: int, paragraph: int, sentences: list[DraftSentence]
    ) -> dict[str, Any]:
        explanation = {
            "hi": f"अनुच्छेद {paragraph} में वाक्य इसी क्रम में आते हैं।",
            "en": f"Paragraph {paragraph} runs in this order.",
        }
        if all(sentence.en.strip() for sentence in sentences):
            steps = " ".join(
                f"({index}) {quoted(sentence.en)}" for index, sentence in enumerate(sentences, 1)
            )
            explanation["hi"] += f" अंग्रेज़ी में, क्रम से: {steps}"
            explanation["en"] += f" In English: {steps}"
        draft = _question(
            "ordering",
            number,
            {
                "hi": f"ये वाक्य अनुच्छेद {paragraph} के हैं। इन्हें उसी क्रम में लगाएँ जिसमें वे लेख में आते हैं।",
                "en": f"These sentences make up paragraph {paragraph}. Put them in the order "
                "in which they appear in the article.",
            },
            explanation,
            [sentence.id for sentence in sentences],
            "main_idea",
        )
        draft["items"] = [sentence.hi.strip() for sentence in sentences]
        return draft

    # -- true/false ---------------------------------------------------------------------------

    def true_false(self) -> list[dict[str, Any]]:
        """Two true and two false statements, by the rules in the module docstring (literal)."""
        aligned = [s for s in self.sentences if s.en.strip()]
        rng = self._rng("true_false")
        items: list[tuple[DraftSentence, dict[str, Any]]] = []
        falses = trues = MAX_TRUE_FALSE // 2
        changed = self._number_change(aligned, rng)
        if changed is not None:
            sentence, statement = changed
            items.append((sentence, statement))
            self.used.add(sentence.id)
            falses -= 1
            with_numbers = [s for s in aligned if s.id != sentence.id and self._has_number(s)]
            twin = self._spread(with_numbers + [s for s in aligned if s not in with_numbers], 1)
            if twin:
                items.append((twin[0], self._statement_true(twin[0])))
                self.used.add(twin[0].id)
                trues -= 1
        done = {sentence.id for sentence, _ in items}
        readable = sorted(
            (s for s in aligned if s.id not in done),
            key=lambda s: (self.words(s.hi) > 30, self.position[s.id]),
        )
        picked = self._spread(readable, falses + trues)
        rng.shuffle(picked)
        for sentence in picked:
            partner = self._partner(sentence, aligned, rng) if falses else None
            if partner is not None:
                items.append((sentence, self._pairing(sentence, partner)))
                falses -= 1
            elif trues:
                items.append((sentence, self._pairing(sentence, sentence)))
                trues -= 1
            else:
                continue
            self.used.add(sentence.id)
        items.sort(key=lambda item: self.position[item[0].id])
        drafts = []
        for number, (_, item) in enumerate(items, start=1):
            draft = _question("true_false", number, *item["common"], "literal")
            draft["answer"] = item["answer"]
            drafts.append(draft)
        return drafts

    @staticmethod
    def _has_number(sentence: DraftSentence) -> bool:
        return any(number.eligible for number in english_numbers(sentence.en))

    def _number_change(
        self, aligned: list[DraftSentence], rng: random.Random
    ) -> tuple[DraftSentence, dict[str, Any]] | None:
        """A sentence restated with one of its numbers replaced by another of the passage's."""
        found = {s.id: english_numbers(s.en) for s in aligned}
        options = []
        for sentence in aligned:
            en_all = found[sentence.id]
            hi_all = hindi_numbers(sentence.hi)
            for number in en_all:
                if not number.eligible or number.value < 2:
                    continue
                if sum(n.value == number.value for n in en_all) != 1:
                    continue
                twins = [n for n in hi_all if n.value == number.value]
                if len(twins) != 1 or not twins[0].eligible:
                    continue
                for other in aligned:
                    if other.id == sentence.id:
                        continue
                    for replacement in found[other.id]:
                        if (
                            replacement.eligible
                            and replacement.value >= 2
                            and replacement.value != number.value
                            and replacement.year == number.year
                        ):
                            options.append((sentence, number, twins[0], replacement.value))
        rng.shuffle(options)
        options.sort(key=lambda option: (option[0].id in self.used, self.position[option[0].id]))
        for sentence, number, hindi, value in options:
            statement = self._changed(sentence, number, hindi, value)
            if statement is not None:
                return sentence, statement
        return None

    def _changed(
        self, sentence: DraftSentence, number: _Number, hindi: _Number, value: int
    ) -> dict[str, Any] | None:
        """The false statement, unless the new number could be read as true somewhere."""
        old_en = sentence.en[number.start : number.end]
        old_hi = sentence.hi[hindi.start : hindi.end]
        new_en = _render_english(value, old_en)
        new_hi = _render_hindi(value, old_hi)
        if any(token.text == new_hi for token in tokenize(sentence.hi)):
            return None
        if any(m.group().lower() == new_en.lower() for m in _EN_TOKEN.finditer(sentence.en)):
            return None
        phrase_en = f"{new_en} {_next_word(sentence.en, number.end)}".strip().lower()
        phrase_hi = f"{new_hi} {_next_word(sentence.hi, hindi.end)}".strip()
        for other in self.sentences:
            if phrase_en in " ".join(_EN_TOKEN.findall(other.en.lower())):
                return None
            if phrase_hi in " ".join(token.text for token in tokenize(other.hi)):
                return None
        statement_en = sentence.en[: number.start] + new_en + sentence.en[number.end :]
        statement_hi = sentence.hi[: hindi.start] + new_hi + sentence.hi[hindi.end :]
        paragraph = sentence.paragraph
        return {
            "common": (
                _statement_prompt(quoted(statement_hi), quoted(statement_en)),
                {
                    "hi": f"असत्य। लेख में '{old_hi}' है, '{new_hi}' नहीं: "
                    f"'{quoted(sentence.hi)}' (अनुच्छेद {paragraph})।",
                    "en": f"False. The article says {old_en}, not {new_en}: "
                    f"'{quoted(sentence.en)}' (paragraph {paragraph}).",
                },
                [sentence.id],
            ),
            "answer": False,
        }

    def _statement_true(self, sentence: DraftSentence) -> dict[str, Any]:
        return {
            "common": (
                _statement_prompt(quoted(sentence.hi), quoted(sentence.en)),
                {
                    "hi": f"सत्य। लेख में यही लिखा है (अनुच्छेद {sentence.paragraph})।",
                    "en": f"True. The article says exactly this (paragraph {sentence.paragraph}).",
                },
                [sentence.id],
            ),
            "answer": True,
        }

    def _partner(
        self, sentence: DraftSentence, aligned: list[DraftSentence], rng: random.Random
    ) -> DraftSentence | None:
        """A nearby sentence of similar length whose English cannot translate ``sentence``."""
        length = max(self.words(sentence.en), 1)
        candidates = []
        for other in aligned:
            if other.id == sentence.id or self.key(other.en) == self.key(sentence.en):
                continue
            if self.key(other.hi) == self.key(sentence.hi):
                continue
            if (
                _overlap(self.en_words[other.id], self.en_words[sentence.id])
                >= SAME_MEANING_OVERLAP
            ):
                continue
            ratio = max(self.words(other.en), 1) / length
            candidates.append(
                (
                    abs(other.paragraph - sentence.paragraph),
                    not 0.5 <= ratio <= 2,
                    abs(self.position[other.id] - self.position[sentence.id]),
                    other,
                )
            )
        if not candidates:
            return None
        candidates.sort(key=lambda c: c[:3])
        return rng.choice(candidates[:3])[3]

    def _pairing(self, sentence: DraftSentence, partner: DraftSentence) -> dict[str, Any]:
        """Does the English of ``partner`` translate ``sentence``? True only for itself."""
        english = quoted(partner.en)
        hindi = quoted(sentence.hi)
        prompt = {
            "hi": f"सत्य या असत्य? '{english}' लेख के इस वाक्य का अंग्रेज़ी अनुवाद है: '{hindi}'",
            "en": f"True or false? '{english}' translates this sentence from the article: "
            f"'{hindi}'",
        }
        if partner is sentence:
            explanation = {
                "hi": f"सत्य। यह इसी वाक्य का अनुवाद है (अनुच्छेद {sentence.paragraph})।",
                "en": f"True. It translates this very sentence (paragraph {sentence.paragraph}).",
            }
            return {"common": (prompt, explanation, [sentence.id]), "answer": True}
        explanation = {
            "hi": f"असत्य। यह लेख के किसी दूसरे वाक्य का अनुवाद है: '{quoted(partner.hi)}' "
            f"(अनुच्छेद {partner.paragraph})। दिए गए वाक्य का अनुवाद है: '{quoted(sentence.en)}'",
            "en": f"False. It translates another sentence of the article, "
            f"'{quoted(partner.hi)}' (paragraph {partner.paragraph}). The sentence given means: "
            f"'{quoted(sentence.en)}'",
        }
        evidence = sorted({sentence.id, partner.id}, key=self.position.__getitem__)
        return {"common": (prompt, explanation, evidence), "answer": False}

    # -- translation --------------------------------------------------------------------------

    def translation(self) -> list[dict[str, Any]]:
        """Hindi sentences into English, and a short one the other way (translation)."""
        aligned = [s for s in self.sentences if s.en.strip() and self.key(s.en)]
        reverse_pool = [
            s
            for s in aligned
            if 4 <= self.words(s.en) <= REVERSE_MAX_WORDS
            and _balanced_quotes(s.en)
            and _balanced_quotes(s.hi)
        ]
        reverse = self._spread(
            sorted(reverse_pool, key=lambda s: (-self.words(s.en), self.position[s.id])), 1
        )
        forward_count = MAX_TRANSLATION - len(reverse)
        ranked = sorted(
            (s for s in aligned if s not in reverse),
            key=lambda s: (
                self.words(s.hi) not in TRANSLATION_WORDS,
                not _balanced_quotes(s.hi),
                self.position[s.id],
            ),
        )
        forward = sorted(self._spread(ranked, forward_count), key=lambda s: self.position[s.id])
        self.used.update(s.id for s in forward + reverse)
        drafts = []
        for number, sentence in enumerate(forward + reverse, start=1):
            drafts.append(self._translation_draft(number, sentence, into_hindi=sentence in reverse))
        return drafts

    def _translation_draft(
        self, number: int, sentence: DraftSentence, *, into_hindi: bool
    ) -> dict[str, Any]:
        hindi, english, paragraph = quoted(sentence.hi), quoted(sentence.en), sentence.paragraph
        if into_hindi:
            prompt = {
                "hi": "इस वाक्य का हिंदी में अनुवाद करें।",
                "en": "Translate this sentence into Hindi.",
            }
            explanation = {
                "hi": f"लेख में यह बात अनुच्छेद {paragraph} में इस तरह कही गई है: '{hindi}'",
                "en": f"The article puts it this way (paragraph {paragraph}): '{hindi}'",
            }
            spec = {"source": {"en": english}, "references": {"hi": [hindi]}}
        else:
            prompt = {
                "hi": "लेख के इस वाक्य का अंग्रेज़ी में अनुवाद करें।",
                "en": "Translate this sentence from the article into English.",
            }
            explanation = {
                "hi": f"यह वाक्य अनुच्छेद {paragraph} का है। एक अच्छा अनुवाद: '{english}'",
                "en": f"This sentence is from paragraph {paragraph}. One good translation: "
                f"'{english}'",
            }
            spec = {"source": {"hi": hindi}, "references": {"en": [english]}}
        draft = _question("translation", number, prompt, explanation, [sentence.id], "translation")
        draft.update(spec)
        return draft


def _interleave(items: list[Any], groups: int) -> list[Any]:
    """``items`` reordered so the first few are spread evenly over the whole list."""
    stride = max(1, len(items) // groups)
    return [item for offset in range(stride) for item in items[offset::stride]]


def _statement_prompt(hindi: str, english: str) -> dict[str, str]:
    return {
        "hi": f"सत्य या असत्य? लेख के अनुसार: '{hindi}'",
        "en": f"True or false? According to the article: '{english}'",
    }


def _question(
    question_type: str,
    number: int,
    prompt: dict[str, str],
    explanation: dict[str, str],
    evidence: list[str],
    skill: str,
) -> dict[str, Any]:
    """The common fields of a draft, in bank-JSON order."""
    return {
        "id": f"draft-{question_type}-{number}",
        "type": question_type,
        "skill": skill,
        "points": POINTS[question_type],
        "prompt": prompt,
        "explanation": explanation,
        "evidence": evidence,
    }
