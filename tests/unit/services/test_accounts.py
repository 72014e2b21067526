"""Account rules that need no app: the login throttle (on a fixed clock), usernames compared by
their normalised key, and the teacher invite code."""

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.auth.services import (
    FREE_FAILURES,
    MAX_DELAY,
    InvalidInviteCode,
    clean_username,
    is_valid_username,
    login_delay,
    role_for_invite_code,
    seconds_left,
    username_key,
)

NOW = datetime(2026, 11, 27, 9, 0, 0, tzinfo=UTC)


# ---- The throttle rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("failures", "delay_seconds"),
    [
        (0, 0),
        (1, 0),
        (8, 0),
        (9, 0),  # nine wrong passwords in a row cost nothing
        (10, 1),  # the tenth blocks the account for a second
        (11, 2),
        (12, 4),
        (13, 8),
        (19, 512),
        (20, 900),  # 1024 s, capped at 15 minutes
        (50, 900),
        (10_000, 900),  # no overflow however long an attack goes on
    ],
)
def test_login_delay_grows_after_nine_failures_and_is_capped(failures, delay_seconds):
    assert login_delay(failures) == timedelta(seconds=delay_seconds)


def test_login_delay_never_shrinks_as_failures_grow():
    delays = [login_delay(n) for n in range(200)]
    assert delays == sorted(delays)
    assert sum(1 for d in delays if not d) == FREE_FAILURES + 1  # 0 … 9 failures
    assert max(delays) == MAX_DELAY


@pytest.mark.parametrize(
    ("blocked_until", "seconds"),
    [
        (None, 0),
        (NOW - timedelta(seconds=5), 0),
        (NOW, 0),
        (NOW + timedelta(milliseconds=1), 1),  # rounded up: never "try again in 0 seconds"
        (NOW + timedelta(seconds=1), 1),
        (NOW + timedelta(seconds=7, milliseconds=400), 8),
        (NOW + MAX_DELAY, 900),
    ],
)
def test_seconds_left_on_a_fixed_clock(blocked_until, seconds):
    assert seconds_left(blocked_until, NOW) == seconds


# ---- Usernames ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "look_alike"),
    [
        ("Asha", "asha"),  # case
        ("ASHA", "aSHa"),
        ("José", "Jose\u0301"),  # NFC é vs NFD e + combining acute
        ("\u0958लम", "क\u093cलम"),  # precomposed क़ vs क + nukta
        ("asha", "as\u200bha"),  # zero-width space
        ("asha", "a\u200csha"),  # zero-width non-joiner
        ("आशा", "आशा\u200d"),  # zero-width joiner
        ("asha", "\u2060asha"),  # word joiner
        ("asha", "\ufeffasha"),  # byte-order mark
        ("asha", "as\u00adha"),  # soft hyphen
        ("asha", "\u200fasha"),  # right-to-left mark
        ("asha", "asha\u200e"),  # left-to-right mark
        ("asha", "\u202easha\u202c"),  # right-to-left override … pop
        ("asha", "\u2067asha\u2069"),  # right-to-left isolate
        ("asha", "ａｓｈａ"),  # full-width letters (compatibility)
    ],
)
def test_look_alike_usernames_share_a_key(typed, look_alike):
    assert typed != look_alike
    assert username_key(typed) == username_key(look_alike)


@pytest.mark.parametrize(
    ("one", "other"),
    [("asha", "usha"), ("कम", "काम"), ("ravi", "ravi1"), ("a.b", "a-b"), ("जोर", "ज़ोर")],
)
def test_different_usernames_keep_different_keys(one, other):
    assert username_key(one) != username_key(other)


def test_clean_username_drops_invisible_marks_and_composes():
    assert clean_username("  Jose\u0301\u200b ") == "José"
    assert clean_username("\u202easha") == "asha"


@pytest.mark.parametrize(
    ("username", "valid"),
    [
        ("asha", True),
        ("आशा", True),
        ("ravi.k-2_b", True),
        ("as\u200bha", True),  # valid once the zero-width space is gone
        ("ab", False),
        ("a" * 41, False),
        ("bad name", False),
        ("semi;colon", False),
        ("\u200b\u200b\u200b", False),  # only invisible characters
        ("\u202e\u202e\u202e", False),
        ("nul\x00byte", False),
        ("emoji😀", False),
        ("", False),
        ("ﷺ" * 5, False),  # one letter whose key is 18 letters: too long to store
    ],
)
def test_is_valid_username(username, valid):
    assert is_valid_username(username) is valid


# ---- Teacher invite code ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "configured", "role"),
    [
        ("", "", "learner"),
        ("", "open-sesame-2026", "learner"),
        ("open-sesame-2026", "open-sesame-2026", "teacher"),
        ("शिक्षक-कोड", "शिक्षक-कोड", "teacher"),  # non-ASCII codes compare too
    ],
)
def test_invite_code_roles(code, configured, role):
    assert role_for_invite_code(code, configured) == role


@pytest.mark.parametrize(
    ("code", "configured"),
    [
        ("anything", ""),  # teacher sign-up is off while no code is configured
        ("open-sesame", "open-sesame-2026"),
        ("OPEN-SESAME-2026", "open-sesame-2026"),
        ("शिक्षक", "शिक्षक-कोड"),
        ("\ud800", "open-sesame-2026"),  # a lone surrogate is just a wrong code
    ],
)
def test_wrong_invite_codes_are_refused(code, configured):
    with pytest.raises(InvalidInviteCode):
        role_for_invite_code(code, configured)
