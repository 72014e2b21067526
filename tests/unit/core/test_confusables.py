"""Look-alike skeletons (quizapp/core/confusables.py): a row per case, readable as the rule."""

import pytest

from quizapp.core.confusables import skeleton

SAME = [
    ("asha", "\u0430sha"),  # Cyrillic а
    ("asha", "\u0430sh\u0430"),
    ("asha", "\u0430\u0455\u04bb\u0430"),  # Cyrillic а, ѕ, һ, а
    ("ravi", "r\u0430v\u0456"),  # Cyrillic а and і
    ("meera_k", "m\u0435\u0435ra_k"),  # Cyrillic е
    ("paypal", "p\u0430yp\u0430l"),
    ("jose\u0301", "jos\u00e9"),  # decomposed or not
]
DIFFERENT = [
    ("रवि", "रवी"),  # two Hindi names: both welcome
    ("आशा", "asha"),  # a name in Devanagari and in Latin letters
    ("rnary", "mary"),  # sequences are left out
    ("ravi", "rave"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_look_alikes_share_a_skeleton(a, b):
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_keep_different_skeletons(a, b):
    assert skeleton(a) != skeleton(b)


@pytest.mark.parametrize("name", ["रवि", "आशा", "सीता", "ऋषि", "प्रिया"])
def test_devanagari_names_keep_their_letters(name):
    assert skeleton(name) == name
