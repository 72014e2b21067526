"""Is a new password good enough? Too easy to guess, or built from the username, it is not.

zxcvbn (Dropbox's estimator, ported to Python) rates a password by how many guesses an attacker
with lists of common passwords, words, names, keyboard runs and dates would need: ``password``,
``12345678``, ``qwertyuiop`` and ``P@ssw0rd!`` score 0 or 1 and are refused; a few words a
learner will remember (``correct horse 1``, ``mera naam asha``) score 3 or 4. A password that
is or contains the username is refused whatever its score: it is the first thing tried.
"""

from zxcvbn import zxcvbn

#: zxcvbn scores 0–4; below this, "too guessable" (2: about 10^6 guesses or more needed).
MIN_SCORE = 2
#: zxcvbn's time grows with length; past this, the rest adds nothing to the verdict.
SCORED_LENGTH = 64
#: Usernames shorter than this are not looked for inside passwords (too many false alarms).
MIN_NAME_IN_PASSWORD = 3

TOO_GUESSABLE = "too_guessable"
HAS_USERNAME = "has_username"


def password_problem(password: str, username: str = "") -> str | None:
    """``HAS_USERNAME``, ``TOO_GUESSABLE``, or None for a password good enough to keep."""
    name = username.strip().casefold()
    if len(name) >= MIN_NAME_IN_PASSWORD and name in password.casefold():
        return HAS_USERNAME
    inputs = [name] if name else []
    if zxcvbn(password[:SCORED_LENGTH], user_inputs=inputs)["score"] < MIN_SCORE:
        return TOO_GUESSABLE
    return None
