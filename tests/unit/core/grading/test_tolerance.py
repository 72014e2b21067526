"""tolerance.py's own tables: number words in Hindi and English, and the word classes."""

import pytest

from quizapp.core.grading import tolerance
from quizapp.core.grading.tolerance import (
    CONJUNCTIONS,
    ENGLISH_NUMBERS,
    ENGLISH_TENS,
    FUNCTION_WORDS,
    HINDI_NUMBERS,
    NEGATIONS,
    judge,
    number_value,
    read_number,
)
from quizapp.core.text import answer_key

#: Hindi 0-100 as a reader would check them, one spelling each.
_HINDI_0_TO_100 = (
    "शून्य एक दो तीन चार पाँच छह सात आठ नौ दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह "
    "उन्नीस बीस इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस तीस इकतीस बत्तीस "
    "तैंतीस चौंतीस पैंतीस छत्तीस सैंतीस अड़तीस उनतालीस चालीस इकतालीस बयालीस तैंतालीस चौवालीस "
    "पैंतालीस छियालीस सैंतालीस अड़तालीस उनचास पचास इक्यावन बावन तिरेपन चौवन पचपन छप्पन "
    "सत्तावन अट्ठावन उनसठ साठ इकसठ बासठ तिरसठ चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर सत्तर "
    "इकहत्तर बहत्तर तिहत्तर चौहत्तर पचहत्तर छिहत्तर सतहत्तर अठहत्तर उन्यासी अस्सी इक्यासी "
    "बयासी तिरासी चौरासी पचासी छियासी सत्तासी अट्ठासी नवासी नब्बे इक्यानबे बानबे तिरानबे "
    "चौरानबे पंचानबे छियानबे सत्तानबे अट्ठानबे निन्यानबे सौ"
)
_ENGLISH_0_TO_20 = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
HINDI_0_TO_100 = _HINDI_0_TO_100.split()
ENGLISH_0_TO_20 = _ENGLISH_0_TO_20.split()


@pytest.mark.parametrize(
    ("value", "word"), [pytest.param(n, w, id=w) for n, w in enumerate(HINDI_0_TO_100)]
)
def test_hindi_number_words(value, word):
    assert number_value(word) == value


@pytest.mark.parametrize(
    ("value", "word"), [pytest.param(n, w, id=w) for n, w in enumerate(ENGLISH_0_TO_20)]
)
def test_english_number_words(value, word):
    assert number_value(word) == value


def test_lexicons_are_complete_and_keyed():
    assert {int(v) for v in HINDI_NUMBERS.values() if v.is_integer()} == set(range(100))
    assert set(ENGLISH_NUMBERS.values()) == set(map(float, range(20)))
    assert set(ENGLISH_TENS.values()) == set(map(float, range(20, 100, 10)))
    for table in (HINDI_NUMBERS, ENGLISH_NUMBERS, ENGLISH_TENS):
        assert all(word == answer_key(word) for word in table)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("पांच", 5, id="anusvara for chandrabindu"),
        pytest.param("छः", 6, id="छः with visarga"),
        pytest.param("निन्यानवे", 99, id="-नवे spelling"),
        pytest.param("पन्द्रह", 15, id="nasal + virama spelling"),
        pytest.param("३", 3, id="a Devanagari digit"),
        pytest.param("3.5", 3.5, id="a decimal"),
        pytest.param("-2", -2, id="a negative number"),
        pytest.param("1,000", 1000, id="thousands separator"),
        pytest.param("twenty-one", 21, id="tens-units with a hyphen"),
        pytest.param("Ninety Nine", 99, id="case folded"),
        pytest.param("a hundred", 100, id="a hundred"),
        pytest.param("one hundred and five", 105, id="hundred and units"),
        pytest.param("सौ", 100, id="सौ alone"),
        pytest.param("एक सौ पाँच", 105, id="एक सौ पाँच"),
        pytest.param("ढाई सौ", 250, id="ढाई सौ"),
        pytest.param("डेढ़", 1.5, id="डेढ़"),
        pytest.param("दो हज़ार तीन सौ", 2300, id="हज़ार and सौ"),
        pytest.param("दो हजार", 2000, id="हजार without nukta"),
        pytest.param("तीन लाख", 300000, id="लाख"),
        pytest.param("3 hundred", 300, id="digits with a multiplier"),
        pytest.param("two thousand three hundred and four", 2304, id="thousands in English"),
        pytest.param("one million", 1_000_000, id="a million"),
        pytest.param("तीन चार", None, id="two numbers side by side are not one"),
        pytest.param("three four", None, id="nor in English"),
        pytest.param("twenty twenty", None, id="two tens"),
        pytest.param("a", None, id="an article alone"),
        pytest.param("तीन मंत्री", None, id="a number and a noun"),
        pytest.param("third", None, id="ordinals are not counted"),
        pytest.param("", None, id="nothing"),
    ],
)
def test_number_value(text, value):
    assert number_value(text) == value


@pytest.mark.parametrize(
    ("words", "read"),
    [
        pytest.param(["तीन", "मंत्री"], (3, 1), id="a number then a noun"),
        pytest.param(["twenty", "one", "ministers"], (21, 2), id="two words of number"),
        pytest.param(["मंत्री"], None, id="no number"),
        pytest.param(["hundred", "and"], (100, 1), id="a dangling and is left"),
    ],
)
def test_read_number(words, read):
    assert read_number(words) == read


def test_word_classes_do_not_overlap():
    assert not FUNCTION_WORDS & NEGATIONS
    assert not FUNCTION_WORDS & CONJUNCTIONS
    assert not NEGATIONS & CONJUNCTIONS


@pytest.mark.parametrize(
    "word",
    ["near", "before", "after", "without", "पास", "बाद", "पहले", "भी", "about", "लगभग"],
)
def test_words_that_change_meaning_are_not_function_words(word):
    assert answer_key(word) not in FUNCTION_WORDS


@pytest.mark.parametrize(
    ("given", "kind", "reason"),
    [
        pytest.param("in Reykjavik", "exact", None, id="found"),
        pytest.param("not Reykjavik", "none", "negation", id="negation"),
        pytest.param("Reykjavik or Moscow", "none", "competing", id="competing"),
        pytest.param("Reykjavik in Iceland", "none", "extra", id="extra"),
        pytest.param("Moscow", "none", None, id="not there at all"),
        pytest.param("x " * (tolerance.MAX_SCAN_WORDS + 1) + "Reykjavik", "none", None, id="long"),
        pytest.param(None, "none", None, id="not text"),
    ],
)
def test_judge(given, kind, reason):
    result = judge(given, ["Reykjavik"])
    assert (result.kind, result.reason) == (kind, reason)
