"""Which glossary words a vocabulary question is about (quizapp.core.vocab), rule by rule."""

import pytest

from quizapp.core.vocab import GlossIndex, GlossTerm, question_words

TERMS = [
    GlossTerm(1, ("समकक्ष",), "counterpart, opposite number"),
    GlossTerm(2, ("रूसी",), "Russian"),
    GlossTerm(3, ("राजनयिक", "राजनयिकों"), "diplomat"),
    GlossTerm(4, ("राजनयिक",), "diplomatic"),
    GlossTerm(5, ("निष्कासन",), "expulsion"),
    GlossTerm(6, ("तनावपूर्ण",), "tense, strained"),
    GlossTerm(7, ("शिखर वार्ता",), "summit (talks)"),
    GlossTerm(8, ("वार्ता",), "talks, negotiations"),
    GlossTerm(9, ("मतभेद", "मतभेदों"), "difference of opinion"),
    GlossTerm(10, ("सहयोग",), "cooperation"),
]
INDEX = GlossIndex(TERMS)


def words(qtype, spec, prompt_hi="", prompt_en="", missed=None):
    return question_words(qtype, spec, prompt_hi, prompt_en, INDEX, missed)


def test_correct_options_hindi_comes_first():
    spec = {
        "options": [
            {"hi": "समकक्ष", "correct": True},
            {"hi": "निष्कासन", "correct": False},
        ]
    }
    # The prompt names other words, but the answer key wins.
    assert words("mcq", spec, prompt_en="Which word in 'रूसी समकक्ष' means counterpart?") == [1]


def test_every_correct_option_of_a_multi():
    spec = {
        "options": [
            {"hi": "सहयोग", "correct": True},
            {"hi": "वार्ता", "correct": False},
            {"hi": "मतभेदों", "correct": True},
        ]
    }
    assert words("multi", spec) == [10, 9]


def test_accepted_hindi_of_a_short_answer():
    assert words("short_answer", {"accept": {"hi": ["निष्कासन"], "en": ["expulsion"]}}) == [5]


def test_the_prompt_is_read_when_the_key_is_english():
    spec = {"options": [{"en": "counterpart", "correct": True}, {"en": "deputy", "correct": False}]}
    prompt = (
        "In the first sentence Blinken meets 'अपने रूसी समकक्ष सर्गेई लावरोव'. What does समकक्ष mean?"
    )
    # The quoted phrase holds रूसी too, but a later run asks about समकक्ष alone.
    assert words("mcq", spec, prompt_en=prompt) == [1]


def test_separate_quoted_words_all_count():
    prompt = "Complete the sentence with the English for 'निष्कासन' and 'तनावपूर्ण'."
    spec = {"text": {"en": "… {{expulsions}} … {{strained|tense}}"}}
    assert words("cloze", spec, prompt_en=prompt) == [5, 6]


def test_a_phrase_beats_the_word_inside_it():
    assert words("true_false", {"answer": True}, prompt_en="Does 'शिखर वार्ता' mean summit?") == [7]


def test_only_the_missed_blanks_of_a_hindi_cloze():
    spec = {"text": {"hi": "अपने {{समकक्ष}} से {{मतभेदों|मतभेद}} के बावजूद {{सहयोग}}"}}
    assert words("cloze", spec, missed=frozenset({1})) == [9]
    assert words("cloze", spec) == [1, 9, 10]  # no answer: every blank


def test_only_the_missed_pairs_and_the_english_side_picks_the_homograph():
    spec = {
        "pairs": [
            {"left": "निष्कासन", "right": "expulsion"},
            {"left": "राजनयिक", "right": "diplomat"},
            {"left": "सहयोग", "right": "cooperation"},
        ]
    }
    assert words("matching", spec, missed=frozenset({1})) == [3]
    assert words("matching", spec) == [5, 3, 10]


def test_homographs_without_a_hint_give_every_entry():
    assert words("short_answer", {"accept": {"hi": ["राजनयिक"]}}) == [3, 4]


def test_hindi_prompt_quotes_are_the_last_resort():
    assert words("true_false", {"answer": False}, prompt_hi="क्या 'तनावपूर्ण' का अर्थ tense है?") == [6]


@pytest.mark.parametrize(
    "spec",
    [{}, {"options": "nonsense"}, {"accept": {"hi": [3]}}, {"pairs": [None]}, None],
)
def test_odd_specs_find_nothing_rather_than_fail(spec):
    assert words("mcq", spec) == []
    assert words("short_answer", spec) == []
    assert words("matching", spec) == []


def test_a_question_about_no_glossary_word_finds_none():
    assert words("short_answer", {"accept": {"hi": ["नमस्ते"]}}, prompt_en="Say 'नमस्ते'.") == []
