"""Glossary suggestions: the unglossed content words of a passage, commonest first."""

import json
import re

import pytest

from quizapp.core.glossary_suggest import STOP_WORDS, Suggestion, stem, suggest_entries
from quizapp.core.romanize import romanize
from quizapp.core.segment import sentence_keys, split_paragraphs, split_sentences, tokenize
from tests.conftest import PACKAGED_ARTICLE, PACKAGED_HINDI

HINDI_WORD = re.compile("[\u0900-\u0963\u0971-\u097f]{2,}")
GLOSSARY = json.loads(PACKAGED_ARTICLE.read_text(encoding="utf-8"))["glossary"]
SEED_FORMS = {form["hi"] for entry in GLOSSARY for form in entry["forms"]} | {
    entry["lemma"]["hi"] for entry in GLOSSARY
}


def _seed_sentences() -> list[tuple[str, str]]:
    paragraphs = [split_sentences(p, "hi") for p in split_paragraphs(PACKAGED_HINDI.read_text())]
    return [
        (key, sentence)
        for keys, sentences in zip(sentence_keys(paragraphs), paragraphs, strict=True)
        for key, sentence in zip(keys, sentences, strict=True)
    ]


def _words(suggestions: list[Suggestion]) -> list[str]:
    return [s.hi for s in suggestions]


# --- the seed article ---------------------------------------------------------------------


def test_seed_article_with_its_glossary_known_suggests_no_stop_word_nor_glossed_form():
    suggestions = suggest_entries(_seed_sentences(), SEED_FORMS)
    assert suggestions, "the seed glossary leaves the names unglossed"
    glossed_stems = {stem(form) for form in SEED_FORMS if " " not in form}
    for s in suggestions:
        assert s.hi not in STOP_WORDS
        assert s.hi not in SEED_FORMS
        assert stem(s.hi) not in glossed_stems
    assert {"पुतिन", "यूक्रेन", "नवलनी"} <= set(_words(suggestions))


def test_seed_article_with_nothing_known_suggests_its_content_words():
    sentences = _seed_sentences()
    suggestions = suggest_entries(sentences, ())
    words = _words(suggestions)
    assert len(suggestions) == 40
    assert not set(words) & STOP_WORDS
    # रूसी occurs in 7 sentences (रूसी ×7, with रूस merged in): the commonest content word.
    assert suggestions[0] == Suggestion("रूसी", "rusi", suggestions[0].sentences, 7)
    ids = [key for key, _ in sentences]
    for s in suggestions:
        assert s.roman == romanize(s.hi)
        assert list(s.sentences) == sorted(set(s.sentences), key=ids.index)
        assert s.count >= len(s.sentences)
    counts = [s.count for s in suggestions]
    assert counts == sorted(counts, reverse=True)


def test_every_word_of_the_seed_article_is_either_known_suggested_or_a_stop_word():
    suggestions = suggest_entries(_seed_sentences(), SEED_FORMS, limit=10_000)
    suggested = {stem(s.hi) for s in suggestions}
    glossed_stems = {stem(form) for form in SEED_FORMS if " " not in form}
    for _, sentence in _seed_sentences():
        for token in tokenize(sentence):
            word = token.text
            if not HINDI_WORD.fullmatch(word) or word in STOP_WORDS:
                continue
            inside_phrase = any(word in re.split(r"[\s-]+", f) for f in SEED_FORMS)
            assert stem(word) in suggested | glossed_stems or inside_phrase, word


# --- the rules, a row each ----------------------------------------------------------------

RULES = [
    # (why, sentences, known forms, the suggested spellings with their counts)
    (
        "stop words, Latin words and numbers are skipped",
        ["उन्होंने कहा कि COVID के 12 मामले मिले हैं।"],
        [],
        [("कहा", 1), ("मामले", 1), ("मिले", 1)],
    ),
    (
        "a word only seen in the plural is shown so",
        ["देशों के बीच व्यापार बढ़ा।"],
        [],
        [("देशों", 1), ("व्यापार", 1), ("बढ़ा", 1)],
    ),
    (
        "plural endings are merged; the form without one is shown",
        ["देशों के बीच व्यापार बढ़ा।", "हर देश ने व्यापार पर चर्चा की।"],
        [],
        [("देश", 2), ("व्यापार", 2), ("बढ़ा", 1), ("चर्चा", 1)],
    ),
    (
        "-ा -े -ी forms are one word, shown in -ा",
        ["अच्छी फ़सल हुई।", "अच्छे दाम मिले।", "मौसम अच्छा रहा।"],
        [],
        [("अच्छा", 3), ("फ़सल", 1), ("दाम", 1), ("मिले", 1), ("मौसम", 1)],
    ),
    (
        "-ियों and -ियाँ go back to -ी; -एँ and -ओं after -ा",
        ["कंपनियों ने नौकरियाँ दीं।", "कंपनी की महिलाएँ और महिलाओं के संगठन।"],
        [],
        [("कंपनी", 2), ("महिलाएँ", 2), ("नौकरियाँ", 1), ("दीं", 1), ("संगठन", 1)],
    ),
    (
        "a known form hides its inflections too",
        ["प्रतिबंधों का असर दिखा।", "नए प्रतिबंध घोषित हुए।"],
        ["प्रतिबंध"],
        [("असर", 1), ("दिखा", 1), ("नए", 1), ("घोषित", 1)],
    ),
    (
        "the words of a glossed phrase are not suggested",
        ["दोनों देशों ने जैसे को तैसा वाले निष्कासन किए।", "तैसा कोई नहीं।"],
        ["जैसे को तैसा"],
        [("देशों", 1), ("निष्कासन", 1), ("तैसा", 1)],
    ),
    (
        "ties keep the order of first occurrence",
        ["बाघ जंगल में दिखा।", "जंगल में बाघ और हिरन।"],
        [],
        [("बाघ", 2), ("जंगल", 2), ("दिखा", 1), ("हिरन", 1)],
    ),
]


@pytest.mark.parametrize(("why", "texts", "known", "expected"), RULES, ids=[r[0] for r in RULES])
def test_rules(why, texts, known, expected):
    sentences = [(f"p1s{n}", text) for n, text in enumerate(texts, 1)]
    got = [(s.hi, s.count) for s in suggest_entries(sentences, known)]
    assert got == expected, why


def test_a_suggestion_names_its_sentences_once_each_in_order():
    sentences = [("p1s1", "बाघ बाघ बाघ।"), ("p1s2", "हिरन।"), ("p2s1", "बाघों का जंगल।")]
    tiger = suggest_entries(sentences, [])[0]
    assert tiger == Suggestion("बाघ", "baagh", ("p1s1", "p2s1"), 4)


def test_limit_and_empty_input():
    sentences = [("p1s1", "बाघ जंगल में दिखा और हिरन भागा।")]
    assert _words(suggest_entries(sentences, [], limit=2)) == ["बाघ", "जंगल"]
    assert suggest_entries([], ["बाघ"]) == []
    assert suggest_entries([("p1s1", "")], []) == []
    assert suggest_entries([("p1s1", "Only English, 2024.")], []) == []


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("देशों", "देश"),
        ("महिलाएँ", "महिल"),
        ("महिलाओं", "महिल"),
        ("महिला", "महिल"),
        ("कंपनियों", "कंपन"),
        ("नदियाँ", "नद"),
        ("बातें", "बात"),
        ("अच्छे", "अच्छ"),
        ("रूसी", "रूस"),  # crude on purpose: "Russian" meets "Russia"
        ("की", "की"),  # a stem is never shorter than two letters
        ("नए", "नए"),
    ],
)
def test_stem(word, key):
    assert stem(word) == key


def test_stop_words_are_devanagari_words_and_many():
    assert len(STOP_WORDS) >= 150
    assert all(all("\u0900" <= char <= "\u097f" for char in word) for word in STOP_WORDS)
    assert {"में", "है", "और", "उन्होंने", "किया", "सकते", "नहीं", "लिए"} <= STOP_WORDS
