"""Look-alike letters: the skeleton two names share when they look the same (UTS #39).

Unicode's confusables data (``confusables.txt``, as the well-kept ``confusable_homoglyphs``
package ships it) pairs characters that look alike: Cyrillic ``а`` and Latin ``a``, Greek ``ο``
and Latin ``o``, the digit ``1`` and the letter ``l``. Joining every pair into classes and
writing each character as its class's first member (the lowest code point, so ASCII wherever
the class has an ASCII letter) gives a skeleton: ``аsha`` and ``asha`` have the same one, as do
``paypal`` and ``pаypаl``. Two usernames with one skeleton cannot both be registered.

Names in Devanagari keep their letters (their look-alikes in other Indic scripts have higher
code points), so Hindi names stay welcome. Only one character is mapped to one character: the
sequences the data also lists (``rn`` for ``m``) are left out, so ``rnary`` and ``mary`` differ.
"""

import json
import unicodedata
from functools import cache
from importlib.resources import files


@cache
def _first_of_class() -> dict[str, str]:
    pairs = json.loads(files("confusable_homoglyphs").joinpath("confusables.json").read_text())
    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.get(char, char) != char:
            parent[char] = parent.get(parent[char], parent[char])
            char = parent[char]
        return char

    for char, homoglyphs in pairs.items():
        if len(char) != 1:
            continue
        for homoglyph in homoglyphs:
            other = homoglyph["c"]
            if len(other) != 1:
                continue
            a, b = root(char), root(other)
            if a != b:
                # The lower code point leads the class: ASCII where the class has it.
                low, high = (a, b) if a < b else (b, a)
                parent[high] = low
    return {char: root(char) for char in parent if root(char) != char}


def skeleton(text: str) -> str:
    """``text`` with every character written as the first of its look-alike class (after
    NFD, then NFC again, so accents stay with their letters)."""
    table = _first_of_class()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(table.get(char, char) for char in decomposed))
