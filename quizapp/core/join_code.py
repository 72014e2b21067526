"""Class join codes: read off a projector, typed on a phone, right the first time.

Alphabet
--------
19 uppercase consonants: ``B C D F G H J K M N P R S T V W X Y Z``. Why these:

- **Letters only**, so a phone's keyboard never has to switch to digits and back mid-code.
- **No vowels** (A E I O U), so a code cannot spell a word, rude or otherwise, in English or
  in romanised Hindi.
- **No look-alikes**: of each group that a reader confuses, at most one member is in the
  alphabet. ``I``/``L``/``1`` and ``O``/``Q``/``0`` are all out (I and O as vowels; L and Q
  because nothing could tell which one was meant). ``S``, ``Z``, ``B``, ``G`` and ``V`` stay,
  and the digit or letter a learner may type for one of them is read as it:
  ``5``→S, ``2``→Z, ``8``→B, ``6``→G, ``U``→V.

``normalize_join_code`` accepts what a learner types: any case, full-width letters (NFKC),
spaces, dashes, dots and underscores anywhere, and the look-alikes above. Anything else (a
vowel, O, 0, 1, L, Q, a digit with no look-alike) means the text cannot be a code: ``None``.

Entropy
-------
A code of 6 letters is one of 19**6 = 47,045,881 (about 25.5 bits). Guessing is online only,
through the join endpoint, which must be throttled per account (say 10 wrong codes an hour:
240 a day). With 1,000 open classes a guess hits some class with probability
1000 / 47e6 ≈ 2.1e-5, so an account needs about 33,000 guesses, 140 days of non-stop guessing,
for even odds; and what it wins is a seat in a class whose teacher sees every member and can
remove it (or change the code). A longer
code gains safety only against a throttle that does not exist; it costs every learner typing.
``new_join_code(length=8)`` is there if a district wants 1.7e10.

Display
-------
``format_join_code`` splits a code in two halves with a dash (``BCD-FGH``): two short chunks
are easier to read aloud and to hold in mind than six letters in a row. The dash is optional
when typing.
"""

import secrets
import unicodedata

#: The letters codes are made of (module docstring: why these).
ALPHABET = "BCDFGHJKMNPRSTVWXYZ"
DEFAULT_LENGTH = 6
#: Codes of other lengths are still recognised, so a later change of length breaks no code.
MIN_LENGTH = 4
MAX_LENGTH = 12
#: What a learner may type for a letter of the alphabet.
LOOK_ALIKES = {"5": "S", "2": "Z", "8": "B", "6": "G", "U": "V"}
#: Longer input is not a code; it is refused before any work is done on it.
MAX_INPUT = 64

_READ_AS = {**{letter: letter for letter in ALPHABET}, **LOOK_ALIKES}
_SEPARATORS = frozenset(" .-_\u2212")  # \u2212: the minus sign some keyboards give


def code_space(length: int = DEFAULT_LENGTH) -> int:
    """How many codes of ``length`` there are (19**6 = 47,045,881 for the default)."""
    return len(ALPHABET) ** length


def new_join_code(length: int = DEFAULT_LENGTH) -> str:
    """A random code (``secrets``); the caller retries on the rare clash with an open class."""
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise ValueError(f"a join code has {MIN_LENGTH} to {MAX_LENGTH} letters, not {length}")
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalize_join_code(text: str) -> str | None:
    """The canonical code a learner meant (``" bcd-fg5 "`` → ``"BCDFGS"``), or None."""
    if not text or len(text) > MAX_INPUT:
        return None
    letters = []
    for char in unicodedata.normalize("NFKC", text).upper():
        if char in _SEPARATORS or char.isspace() or unicodedata.category(char) == "Pd":
            continue
        letter = _READ_AS.get(char)
        if letter is None:
            return None
        letters.append(letter)
    if not MIN_LENGTH <= len(letters) <= MAX_LENGTH:
        return None
    return "".join(letters)


def format_join_code(code: str) -> str:
    """A code as shown on the projector and the class page: ``BCDFGH`` → ``BCD-FGH``."""
    if len(code) <= MIN_LENGTH:
        return code
    half = (len(code) + 1) // 2
    return f"{code[:half]}-{code[half:]}"
