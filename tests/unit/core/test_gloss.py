"""Glossary terms are found as whole words, longest first, never overlapping."""

import pytest

from quizapp.core.gloss import Segment, find_terms, split_by_terms

TERMS = [
    ("जैसे को तैसा", "tit-for-tat"),
    ("को", "ko"),
    ("देश", "desh"),
    ("देशों", "desh"),
    ("हित", "hit"),
    ("के बीच", "ke-bich"),
]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("कई जैसे को तैसा वाले", [("जैसे को तैसा", "tit-for-tat")]),
        ("देशों के बीच", [("देशों", "desh"), ("के बीच", "ke-bich")]),
        # Not inside a longer word: हितों is not हित, देशी is not देश.
        ("हितों और देशी", []),
        ("हित है", [("हित", "hit")]),
        ("अपने देश को", [("देश", "desh"), ("को", "ko")]),
        ("देश।", [("देश", "desh")]),
        ("", []),
    ],
)
def test_find_terms(text, found):
    matches = find_terms(text, TERMS)
    assert [(text[m.start : m.end], m.key) for m in matches] == found


def test_split_by_terms_rebuilds_the_text():
    text = "देशों ने कई जैसे को तैसा वाले निष्कासन किए।"
    segments = split_by_terms(text, TERMS)
    assert "".join(s.text for s in segments) == text
    assert Segment("जैसे को तैसा", "tit-for-tat") in segments
    assert segments[0] == Segment("देशों", "desh")


def test_empty_forms_are_ignored():
    assert find_terms("कुछ भी", [("", "x")]) == []
