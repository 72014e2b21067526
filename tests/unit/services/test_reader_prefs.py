"""Reader preferences: query string beats cookie; junk falls back to defaults."""

import pytest
from werkzeug.datastructures import MultiDict

from quizapp.content.prefs import ReaderPrefs, from_cookie, from_request


@pytest.mark.parametrize(
    ("cookie", "expected"),
    [
        (None, ReaderPrefs()),
        ("", ReaderPrefs()),
        ("hi.1.large", ReaderPrefs("hi", True, "large")),
        ("en.0.normal", ReaderPrefs("en", False, "normal")),
        ("bogus.1.huge", ReaderPrefs("side", True, "normal")),
        ("a.b", ReaderPrefs()),
        ("..", ReaderPrefs()),
    ],
)
def test_from_cookie(cookie, expected):
    assert from_cookie(cookie) == expected


@pytest.mark.parametrize(
    ("query", "cookie", "expected", "changed"),
    [
        ({}, None, ReaderPrefs(), False),
        ({}, "hi.1.large", ReaderPrefs("hi", True, "large"), False),
        ({"mode": ["interlinear"]}, "hi.1.large", ReaderPrefs("interlinear", True, "large"), True),
        ({"roman": ["1", "0"]}, None, ReaderPrefs(roman=True), True),
        ({"roman": ["0"]}, "side.1.normal", ReaderPrefs(), True),
        ({"size": ["large", "normal"]}, None, ReaderPrefs(size="large"), True),
        ({"mode": ["nope"], "size": ["xl"], "roman": ["2"]}, None, ReaderPrefs(), False),
    ],
)
def test_from_request(query, cookie, expected, changed):
    assert from_request(MultiDict(query), cookie) == (expected, changed)


def test_cookie_round_trip():
    prefs = ReaderPrefs("en", True, "large")
    assert from_cookie(prefs.to_cookie()) == prefs
