"""Which new passwords are refused (quizapp/core/passwords.py), as a table a teacher can read."""

import pytest

from quizapp.core.passwords import HAS_USERNAME, TOO_GUESSABLE, password_problem

CASES = [
    # password, username, verdict
    ("password", "asha", TOO_GUESSABLE),
    ("12345678", "asha", TOO_GUESSABLE),
    ("qwertyuiop", "asha", TOO_GUESSABLE),
    ("P@ssw0rd!", "asha", TOO_GUESSABLE),
    ("iloveyou123", "asha", TOO_GUESSABLE),
    ("asha", "asha", HAS_USERNAME),
    ("asha1234", "asha", HAS_USERNAME),
    ("my name is ASHA and I read", "asha", HAS_USERNAME),
    ("रवि की किताब", "रवि", HAS_USERNAME),
    ("correct horse 1", "asha", None),
    ("mera naam asha", "ravi", None),
    ("blue kite river 7", "asha", None),
    ("जयहिंद123 पढ़ाई", "asha", None),
    ("Reykjavik talks 2021", "asha", None),
    ("ab", "ab", TOO_GUESSABLE),  # a two-letter name is not looked for; "ab" is still weak
]


@pytest.mark.parametrize(("password", "username", "verdict"), CASES)
def test_password_verdicts(password, username, verdict):
    assert password_problem(password, username) == verdict


def test_a_long_password_is_judged_quickly():
    import time

    started = time.perf_counter()
    assert password_problem("river kite " * 90, "asha") is None
    assert time.perf_counter() - started < 1.0
