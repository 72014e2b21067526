"""The review table's fixes as rules: what merge, split, move and edit do to sentence pairs."""

from types import SimpleNamespace

import pytest

from quizapp.authoring.review import (
    ActionRefused,
    Filters,
    Row,
    apply_action,
    entry_dict,
    flagged,
    matches,
    new_entry,
    paragraphs_of,
    rows_of,
    table,
)

H1, H2, H3 = "पहला वाक्य है।", "दूसरा वाक्य है।", "तीसरा वाक्य है।"
E1, E2, E3 = "This is one.", "This is two.", "This is three."


def _rows(*pairs, paragraph=0):
    return [Row(paragraph, hi, en) for hi, en in pairs]


def _pairs(rows):
    return [(row.hi, row.en) for row in rows]


@pytest.mark.parametrize(
    ("hi", "en", "flag"),
    [
        (H1, E1, False),  # 1-1
        (f"{H1} {H2}", E1, True),  # 2-1
        (H1, f"{E1} {E2}", True),  # 1-2
        (H1, "", True),  # 1-0
        ("", E1, True),  # 0-1
        (f"{H1} {H2}", f"{E1} {E2}", True),  # 2-2
    ],
)
def test_a_pair_needs_review_unless_one_to_one(hi, en, flag):
    assert Row(0, hi, en).needs_review is flag


# (rows before, action, index, rows after)
ACTION_TABLE = [
    # Merge joins a pair with the next, Hindi with Hindi and English with English.
    ([(H1, E1), (H2, E2)], "merge-down", 0, [(f"{H1} {H2}", f"{E1} {E2}")]),
    ([(H1, ""), ("", E1)], "merge-down", 0, [(H1, E1)]),
    # Split cuts both sides at the sentence boundaries whose shares agree best.
    ([(f"{H1} {H2}", f"{E1} {E2}")], "split", 0, [(H1, E1), (H2, E2)]),
    # A single English sentence is cut at a clause (a translator's ", and").
    (
        [(f"{H1} {H2}", "This is one, and this is two.")],
        "split",
        0,
        [(H1, "This is one,"), (H2, "and this is two.")],
    ),
    # An English side with nothing to cut stays with the first half.
    ([(f"{H1} {H2}", "One")], "split", 0, [(H1, "One"), (H2, "")]),
    ([(H1, f"{E1} {E2}")], "split", 0, [(H1, E1), ("", E2)]),
    # Moving English: the first sentence goes up, the last goes down; an emptied pair goes.
    ([(H1, E1), (H2, f"{E2} {E3}")], "move-up", 1, [(H1, f"{E1} {E2}"), (H2, E3)]),
    ([(H1, f"{E1} {E2}"), (H2, E3)], "move-down", 0, [(H1, E1), (H2, f"{E2} {E3}")]),
    ([(H1, E1), ("", E2)], "move-up", 1, [(H1, f"{E1} {E2}")]),
    # Edit: a blank line makes two pairs; both texts empty remove the pair.
    ([(H1, E1)], "edit", 0, [(H1, E1), (H2, E2)]),
    ([(H1, E1), (H2, E2)], "edit", 1, [(H1, E1)]),
]
EDITS = {0: (f"{H1}\r\n\r\n{H2}", f"{E1}\n  \n{E2}"), 1: ("", " ")}


@pytest.mark.parametrize(("before", "action", "index", "after"), ACTION_TABLE)
def test_review_actions(before, action, index, after):
    hi, en = EDITS.get(index, ("", "")) if action == "edit" else ("", "")
    assert _pairs(apply_action(_rows(*before), action, index, hi, en)) == after


@pytest.mark.parametrize(
    ("pairs", "action", "index", "reason"),
    [
        ([(H1, E1)], "merge-down", 0, "no-next"),
        ([(H1, E1)], "move-up", 0, "no-previous"),
        ([(H1, E1)], "move-down", 0, "no-next"),
        ([(H1, ""), (H2, E2)], "move-down", 0, "no-english"),
        ([(H1, E1)], "split", 0, "nothing-to-split"),
        ([(H1, E1)], "split", 5, "no-row"),
        ([(H1, E1)], "shuffle", 0, "unknown-action"),
    ],
)
def test_actions_that_cannot_apply_are_refused_with_a_reason(pairs, action, index, reason):
    with pytest.raises(ActionRefused) as refused:
        apply_action(_rows(*pairs), action, index)
    assert refused.value.reason == reason


def test_merge_stays_within_a_paragraph_but_moves_cross_paragraphs():
    rows = [Row(0, H1, f"{E1} {E2}"), Row(1, H2, "")]
    with pytest.raises(ActionRefused):
        apply_action(rows, "merge-down", 0)
    moved = apply_action(rows, "move-down", 0)
    assert moved == [Row(0, H1, E1), Row(1, H2, E2)]


def test_rows_round_trip_through_paragraphs_and_table():
    sentences = [
        SimpleNamespace(paragraph=1, hi=H1, en=E1),
        SimpleNamespace(paragraph=1, hi=H2, en=E2),
        SimpleNamespace(paragraph=3, hi=H3, en=E3),
    ]
    rows = rows_of(sentences)
    assert [row.paragraph for row in rows] == [0, 0, 1]
    assert paragraphs_of(rows) == [
        [{"hi": H1, "en": E1}, {"hi": H2, "en": E2}],
        [{"hi": H3, "en": E3}],
    ]
    assert [[index for index, _row in group] for group in table(rows)] == [[0, 1], [2]]
    assert flagged([*rows, Row(1, H1, "")]) == [3]


@pytest.mark.parametrize(
    ("query", "texts", "found"),
    [
        ("", ("anything",), True),
        ("lavrov", ("Blinken and Lavrov meet",), True),
        ("lavrov meet", ("Blinken and Lavrov", "meet"), True),
        ("मुलाकात", ("रिक्जेविक में मुलाकात",), True),
        ("biden", ("Blinken and Lavrov",), False),
    ],
)
def test_search_words_must_all_occur(query, texts, found):
    assert matches(query, *texts) is found


def test_glossary_entries_keep_their_ids_and_new_ones_take_the_teachers_words():
    stored = SimpleNamespace(
        key="samkaksh",
        lemma_hi="समकक्ष",
        lemma_roman="samkaksh",
        forms=[{"hi": "समकक्ष", "roman": "samkaksh"}],
        meaning_en="counterpart",
        pos="noun",
        gender="m",
        note_en="",
    )
    assert entry_dict(stored)["id"] == "samkaksh"
    assert entry_dict(stored)["lemma"] == {"hi": "समकक्ष", "roman": "samkaksh"}
    assert new_entry(" वाक्य ", "vaakya ", " sentence ", "noun") == {
        "lemma": {"hi": "वाक्य", "roman": "vaakya"},
        "forms": [{"hi": "वाक्य", "roman": "vaakya"}],
        "en": "sentence",
        "pos": "noun",
    }


def test_filters_read_the_query_string_and_ignore_odd_values():
    filters = Filters.from_args({"q": "  Lavrov   meet ", "status": "secret", "passage": "x"})
    assert filters == Filters(query="Lavrov meet", status="", passage="x")
    passages = [
        SimpleNamespace(slug="x", status="draft", title_hi="", title_en="Lavrov meets Blinken"),
        SimpleNamespace(slug="y", status="draft", title_hi="", title_en="Lavrov meets Blinken"),
    ]
    assert [p.slug for p in filters.passages(passages)] == ["x"]
    assert Filters(status="published").passages(passages) == []
