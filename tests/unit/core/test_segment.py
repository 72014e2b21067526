"""Sentence and word splitting, row by row, and the seed article's 5 × 18 shape."""

import unicodedata

import pytest

from quizapp.core.segment import (
    sentence_keys,
    split_paragraphs,
    split_sentences,
    tokenize,
)
from tests.conftest import PACKAGED_HINDI

# A table of tricky cases, a row per rule: what a reader counts as a sentence.
HINDI_CASES = [
    ("यह पहला वाक्य है। यह दूसरा है।", ["यह पहला वाक्य है।", "यह दूसरा है।"]),
    ("क्या आप आएँगे? हाँ!", ["क्या आप आएँगे?", "हाँ!"]),
    ("एक ही वाक्य", ["एक ही वाक्य"]),
    ("पद्य का अंत॥ अगला।", ["पद्य का अंत॥", "अगला।"]),
    # The closing quote stays with the sentence it closes; the next sentence starts after it.
    ('उन्होंने कहा "ठीक है।" फिर गए।', ['उन्होंने कहा "ठीक है।"', "फिर गए।"]),
    ("उन्होंने कहा “ठीक है।” फिर गए।", ["उन्होंने कहा “ठीक है।”", "फिर गए।"]),
    ("उन्होंने कहा 'ठीक है।' फिर गए।", ["उन्होंने कहा 'ठीक है।'", "फिर गए।"]),
    # A quotation of two sentences splits inside it; each keeps its own quote mark.
    (
        'कहा कि "हम तैयार हैं। यह सबके लिए अच्छा है।" सचिव ने ज़ोर दिया।',
        ['कहा कि "हम तैयार हैं।', 'यह सबके लिए अच्छा है।"', "सचिव ने ज़ोर दिया।"],
    ),
    # Closing brackets too, and a question inside a quotation.
    ("(यह पुरानी बात है।) अब नई।", ["(यह पुरानी बात है।)", "अब नई।"]),
    ('"क्यों?" उसने पूछा।', ['"क्यों?"', "उसने पूछा।"]),
    # No white space after the mark: not a boundary (a quote or danda inside a word run).
    ('"हाँ।"और फिर', ['"हाँ।"और फिर']),
    # Full stops, abbreviations and numbers do not end a Hindi sentence; only । ॥ ? ! do.
    ("डॉ. शर्मा आए। कोविड-19 का 2.5 प्रतिशत।", ["डॉ. शर्मा आए।", "कोविड-19 का 2.5 प्रतिशत।"]),
    ("  ज़्यादा   खाली जगह।  अगला।  ", ["ज़्यादा   खाली जगह।", "अगला।"]),
    ('अंत में उद्धरण।"', ['अंत में उद्धरण।"']),
    ("", []),
]

ENGLISH_CASES = [
    ("He came. She left.", ["He came.", "She left."]),
    ("Mr. Blinken met Mr. Lavrov. They talked.", ["Mr. Blinken met Mr. Lavrov.", "They talked."]),
    ('She said, "We agree." Then she left.', ['She said, "We agree."', "Then she left."]),
    ("She said, “We agree.” Then she left.", ["She said, “We agree.”", "Then she left."]),
    (
        'He said, "We want a stable relationship. It is good for the world." The Secretary spoke.',
        [
            'He said, "We want a stable relationship.',
            'It is good for the world."',
            "The Secretary spoke.",
        ],
    ),
    ("(It was late.) They left.", ["(It was late.)", "They left."]),
    ("The U.S. said so. Really?", ["The U.S. said so.", "Really?"]),
    ("Is it 2021? Yes.", ["Is it 2021?", "Yes."]),
    ("Sanctions rose by 2.5 percent. Then fell.", ["Sanctions rose by 2.5 percent.", "Then fell."]),
    ("They imposed sanctions on No. 5 firm.", ["They imposed sanctions on No. 5 firm."]),
    ("The answer was no. Then they left.", ["The answer was no.", "Then they left."]),
    (
        "Joe R. Biden spoke. Antony J. Blinken too.",
        ["Joe R. Biden spoke.", "Antony J. Blinken too."],
    ),
    ("It fell to 8. Eight firms were hit.", ["It fell to 8.", "Eight firms were hit."]),
    ('"Why?" he asked.', ['"Why?" he asked.']),
    ("covid-19 is a disease. it spreads.", ["covid-19 is a disease. it spreads."]),
]


@pytest.mark.parametrize(("text", "expected"), HINDI_CASES)
def test_hindi_sentences(text, expected):
    assert split_sentences(text, "hi") == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH_CASES)
def test_english_sentences(text, expected):
    assert split_sentences(text, "en") == expected


def test_paragraphs_are_lines_or_blank_line_blocks():
    assert split_paragraphs("एक।\nदो।\n") == ["एक।", "दो।"]
    assert split_paragraphs("one\nstill one\n\ntwo") == ["one still one", "two"]
    assert split_paragraphs("\r\nएक।\r\n\r\n") == ["एक।"]


def test_paragraphs_are_nfc():
    decomposed = unicodedata.normalize("NFD", "ज़ोर")
    assert split_paragraphs(decomposed) == [unicodedata.normalize("NFC", "ज़ोर")]


def test_sentence_keys():
    assert sentence_keys([["a", "b"], ["c"]]) == [["p1s1", "p1s2"], ["p2s1"]]


def test_seed_article_has_5_paragraphs_and_18_sentences_that_rebuild_it():
    text = PACKAGED_HINDI.read_text(encoding="utf-8")
    paragraphs = split_paragraphs(text)
    sentences = [split_sentences(p) for p in paragraphs]
    assert len(paragraphs) == 5
    assert [len(s) for s in sentences] == [2, 4, 4, 4, 4]
    assert [" ".join(s) for s in sentences] == text.strip().split("\n")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("मतभेदों के बावजूद", ["मतभेदों", "के", "बावजूद"]),
        ("आमने-सामने की बैठक।", ["आमने", "सामने", "की", "बैठक"]),
        ("कोविड-19 का", ["कोविड", "19", "का"]),
        ("नॉर्ड स्ट्रीम 2", ["नॉर्ड", "स्ट्रीम", "2"]),
        ('"हम रूस', ["हम", "रूस"]),
        ("Reykjavík, Iceland", ["Reykjavík", "Iceland"]),
        ("२०२१ में", ["२०२१", "में"]),
    ],
)
def test_tokenize(text, words):
    tokens = tokenize(text)
    assert [t.text for t in tokens] == words
    assert all(text[t.start : t.end] == t.text for t in tokens)
