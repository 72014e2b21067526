"""Spec for quizapp.core.join_code: codes read off a projector and typed on a phone."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.join_code import (
    ALPHABET,
    LOOK_ALIKES,
    code_space,
    format_join_code,
    new_join_code,
    normalize_join_code,
)

# One row per rule: (what the learner typed, the code it is, what the row shows).
TYPED = [
    ("BCDFGH", "BCDFGH", "the code as shown, without the dash"),
    ("BCD-FGH", "BCDFGH", "the code as shown, with the dash"),
    ("bcd-fgh", "BCDFGH", "lowercase"),
    ("  bcd fgh ", "BCDFGH", "spaces around and inside"),
    ("b c d f g h", "BCDFGH", "a space after every letter"),
    ("BCD–FGH", "BCDFGH", "an en dash from autocorrect"),
    ("BCD−FGH", "BCDFGH", "a minus sign"),
    ("BCD_FGH", "BCDFGH", "an underscore"),
    ("BCD.FGH", "BCDFGH", "a dot"),
    ("ＢＣＤ－ＦＧＨ", "BCDFGH", "full-width letters and dash"),
    ("bcd\tfgh\n", "BCDFGH", "tab and newline from a paste"),
    # Look-alikes typed for letters of the alphabet.
    ("5TR-KMN", "STRKMN", "5 for S"),
    ("2YX-KMN", "ZYXKMN", "2 for Z"),
    ("8CD-FGH", "BCDFGH", "8 for B"),
    ("6HJ-KMN", "GHJKMN", "6 for G"),
    ("uwx-yzb", "VWXYZB", "U for V"),
    # Not a code.
    ("", None, "nothing typed"),
    ("   ", None, "only spaces"),
    ("---", None, "only dashes"),
    ("BCD", None, "too short"),
    ("BCDFGHJKMNPRS", None, "too long"),
    ("BCD-FGA", None, "a vowel is never in a code"),
    ("BCD-FG0", None, "0 could be O or Q or D: refused, not guessed"),
    ("BCD-FGO", None, "O is not in the alphabet"),
    ("BCD-FG1", None, "1 could be I or L"),
    ("BCD-FGL", None, "L is not in the alphabet"),
    ("BCD-FGQ", None, "Q is not in the alphabet"),
    ("BCD-FG3", None, "a digit with no look-alike"),
    ("BCD/FGH", None, "a slash is not a separator"),
    ("बीसीडी", None, "Devanagari"),
    ("BCDFGH" + " " * 80, None, "very long input refused outright"),
]


@pytest.mark.parametrize(("typed", "code", "why"), TYPED, ids=[row[2] for row in TYPED])
def test_normalize(typed, code, why):
    assert normalize_join_code(typed) == code


def test_alphabet_has_no_vowels_and_no_look_alike_pairs():
    assert len(ALPHABET) == len(set(ALPHABET)) == 19
    assert ALPHABET.isupper()
    assert not set(ALPHABET) & set("AEIOU0123456789LQ")
    for typed, letter in LOOK_ALIKES.items():
        assert typed not in ALPHABET
        assert letter in ALPHABET


def test_code_space():
    assert code_space() == 19**6 == 47_045_881
    assert code_space(8) == 19**8


def test_new_codes_are_in_the_alphabet_and_vary():
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) > 190
    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(ALPHABET)
        assert normalize_join_code(code) == code


def test_new_code_length_can_be_chosen_within_bounds():
    assert len(new_join_code(8)) == 8
    for length in (3, 13):
        with pytest.raises(ValueError, match="4 to 12 letters"):
            new_join_code(length)


@pytest.mark.parametrize(
    ("code", "shown"),
    [("BCDFGH", "BCD-FGH"), ("BCDFGHJ", "BCDF-GHJ"), ("BCDFGHJK", "BCDF-GHJK"), ("BCDF", "BCDF")],
)
def test_format(code, shown):
    assert format_join_code(code) == shown


@given(st.integers(min_value=4, max_value=12))
def test_shown_form_and_lowercase_read_back_as_the_code(length):
    code = new_join_code(length)
    assert normalize_join_code(format_join_code(code)) == code
    assert normalize_join_code(format_join_code(code).lower()) == code


@given(st.text(max_size=80))
def test_normalize_never_fails_and_gives_a_code_or_none(text):
    code = normalize_join_code(text)
    assert code is None or (set(code) <= set(ALPHABET) and 4 <= len(code) <= 12)
