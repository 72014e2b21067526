"""The Hindi–English sentence aligner: the gold set, the seed article, edits, and speed.

Run with ``-s`` to see the measured accuracy and timing (``python -m tests.align_fit`` prints
them with the fitted parameters and leave-one-out).
"""

import dataclasses
import json
import math
import statistics
import time

import pytest

from quizapp.core.align import (
    DEFAULT,
    Alignment,
    Link,
    Pair,
    align_sentences,
    align_texts,
)
from quizapp.core.segment import split_paragraphs, split_sentences
from tests.align_fit import GOLD, accuracy, describe, load_gold, time_passages, tune
from tests.conftest import PACKAGED_ARTICLE, PACKAGED_HINDI

PASSAGES = load_gold()
HINDI = PACKAGED_HINDI.read_text(encoding="utf-8")
TRANSLATION: dict[str, str] = json.loads(PACKAGED_ARTICLE.read_text(encoding="utf-8"))[
    "translation"
]


def _english(translation: dict[str, str], sep: str = "\n") -> str:
    """The translation pasted as text: each paragraph's sentences joined by a space."""
    paragraphs: dict[str, list[str]] = {}
    for key, sentence in translation.items():
        paragraphs.setdefault(key.split("s")[0], []).append(sentence)
    return sep.join(" ".join(sentences) for sentences in paragraphs.values())


def _kinds(alignment: Alignment) -> list[list[str]]:
    return [[f"{p.hi_count}-{p.en_count}" for p in para] for para in alignment.paragraphs]


# --- the gold set -------------------------------------------------------------------------


def test_gold_set_is_big_and_varied_enough():
    kinds = [f"{len(h)}-{len(e)}" for p in PASSAGES for h, e in p.links]
    print(f"\naligner gold set: {describe(PASSAGES)}")
    assert len(PASSAGES) >= 20
    assert 0.10 <= sum(k in ("2-1", "1-2") for k in kinds) / len(kinds) <= 0.15
    assert any('।"' in s for p in PASSAGES for para in p.paragraphs for s in para.hi)
    assert any(s.endswith("?") for p in PASSAGES for para in p.paragraphs for s in para.hi)


@pytest.mark.parametrize("path", sorted(GOLD.glob("*.json")), ids=lambda p: p.stem)
def test_gold_file_names_its_source_and_licence(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["source"] and data["licence"]


@pytest.mark.parametrize("passage", PASSAGES, ids=lambda p: p.name)
def test_gold_sentences_are_what_the_splitter_gives(passage):
    """The gold is what a teacher's paste becomes: joining a paragraph and splitting it again
    gives the same sentences, on both sides."""
    hi = [split_sentences(p, "hi") for p in split_paragraphs(passage.hi_text)]
    en = [split_sentences(p, "en") for p in split_paragraphs(passage.en_text)]
    assert hi == [list(p.hi) for p in passage.paragraphs]
    assert en == [list(p.en) for p in passage.paragraphs]


def test_gold_links_are_found_exactly():
    right, total = accuracy(PASSAGES)
    print(f"\naligner accuracy on the gold set: {right}/{total} = {right / total:.1%}")
    assert right / total >= 0.95


def test_default_parameters_are_those_fitted_on_the_gold_set():
    """Adding a gold passage means refitting: `python -m tests.align_fit`, then DEFAULT."""
    fitted, _ = tune(PASSAGES)
    assert math.isclose(DEFAULT.ratio_mean, fitted.ratio_mean, rel_tol=1e-3)
    assert math.isclose(DEFAULT.ratio_var, fitted.ratio_var, rel_tol=1e-3)
    for name, value in dataclasses.asdict(fitted.priors).items():
        assert math.isclose(getattr(DEFAULT.priors, name), value, rel_tol=1e-3), name


def test_a_passage_takes_well_under_100_ms():
    times = time_passages(PASSAGES)
    median = statistics.median(times)
    print(
        f"\naligner time per gold passage: median {median * 1e3:.1f} ms,"
        f" max {max(times) * 1e3:.1f} ms"
    )
    assert median < 0.1


# --- the seed article ---------------------------------------------------------------------


def test_seed_article_pasted_as_text_comes_back_as_its_18_pairs():
    alignment = align_texts(HINDI, _english(TRANSLATION))
    assert alignment.warnings == []
    sentences = [split_sentences(p, "hi") for p in split_paragraphs(HINDI)]
    expected = [
        [Pair(hi, TRANSLATION[f"p{n}s{m}"], 1, 1) for m, hi in enumerate(para, 1)]
        for n, para in enumerate(sentences, 1)
    ]
    got = [[dataclasses.replace(p, cost=0.0) for p in para] for para in alignment.paragraphs]
    assert got == expected
    assert sum(map(len, got)) == 18
    assert not any(p.needs_review for para in alignment.paragraphs for p in para)


def test_english_sentences_joined_into_one_give_a_2_1_link_for_review():
    translation = dict(TRANSLATION)
    translation["p1s1"] = translation["p1s1"].rstrip(".") + "; " + translation.pop("p1s2")
    alignment = align_texts(HINDI, _english(translation))
    first = alignment.paragraphs[0]
    assert [(p.hi_count, p.en_count, p.needs_review) for p in first] == [(2, 1, True)]
    assert first[0].hi == " ".join(split_sentences(split_paragraphs(HINDI)[0], "hi"))
    assert _kinds(alignment)[1:] == [["1-1"] * 4] * 4


def test_hindi_sentences_joined_into_one_give_a_1_2_link_for_review():
    # The two quoted sentences of p2 made one Hindi sentence.
    hindi = HINDI.replace("संबंध चाहते हैं। अमेरिका", "संबंध चाहते हैं और अमेरिका")
    assert hindi != HINDI
    alignment = align_texts(hindi, _english(TRANSLATION))
    assert _kinds(alignment)[1] == ["1-2", "1-1", "1-1"]
    assert alignment.paragraphs[1][0].needs_review
    assert alignment.paragraphs[1][0].en == f"{TRANSLATION['p2s1']} {TRANSLATION['p2s2']}"


@pytest.mark.parametrize("dropped", ["p2s3", "p4s3", "p5s2"])
def test_an_english_sentence_missing_gives_a_1_0_link_for_review(dropped):
    translation = {k: v for k, v in TRANSLATION.items() if k != dropped}
    alignment = align_texts(HINDI, _english(translation))
    n, m = (int(x) for x in dropped[1:].split("s"))
    pair = alignment.paragraphs[n - 1][m - 1]
    assert (pair.hi_count, pair.en_count, pair.en, pair.needs_review) == (1, 0, "", True)
    assert pair.hi == split_sentences(split_paragraphs(HINDI)[n - 1], "hi")[m - 1]
    kinds = [k for para in _kinds(alignment) for k in para]
    assert kinds.count("1-1") == 17


def test_an_english_sentence_the_hindi_lacks_gives_a_0_1_link():
    translation = dict(TRANSLATION)
    translation["p4s2"] += " Navalny, 45, was jailed in February."
    alignment = align_texts(HINDI, _english(translation))
    assert _kinds(alignment)[3] == ["1-1", "1-1", "0-1", "1-1", "1-1"]
    added = alignment.paragraphs[3][2]
    assert (added.hi, added.en, added.needs_review) == (
        "",
        "Navalny, 45, was jailed in February.",
        True,
    )


# --- paragraphs ---------------------------------------------------------------------------


def test_english_paragraphs_merged_still_align_within_the_hindi_paragraphs():
    english = _english(TRANSLATION).split("\n")
    merged = [*english[:2], f"{english[2]} {english[3]}", english[4]]
    alignment = align_texts(HINDI, "\n\n".join(merged))
    assert alignment.warnings == ["paragraph counts differ: 5 Hindi, 4 English"]
    assert _kinds(alignment) == [["1-1"] * 2] + [["1-1"] * 4] * 4
    assert alignment.paragraphs[3][0].en == TRANSLATION["p4s1"]


def test_an_english_paragraph_split_in_two_changes_nothing_but_the_warning():
    english = _english(TRANSLATION).split("\n")
    first, second = (
        f"{TRANSLATION['p2s1']} {TRANSLATION['p2s2']}",
        english[1].split(TRANSLATION["p2s2"] + " ")[1],
    )
    alignment = align_texts(HINDI, "\n".join([english[0], first, second, *english[2:]]))
    assert alignment.warnings == ["paragraph counts differ: 5 Hindi, 6 English"]
    assert _kinds(alignment) == [["1-1"] * 2] + [["1-1"] * 4] * 4


def test_a_hindi_paragraph_left_untranslated_comes_back_as_1_0_links():
    english = _english(TRANSLATION).split("\n")
    alignment = align_texts(HINDI, "\n".join([*english[:3], english[4]]))
    assert alignment.warnings == ["paragraph counts differ: 5 Hindi, 4 English"]
    assert _kinds(alignment)[3] == ["1-0"] * 4
    assert _kinds(alignment)[4] == ["1-1"] * 4


def test_a_translation_pasted_only_in_part_leaves_the_rest_for_review():
    english = _english(TRANSLATION).split("\n")
    alignment = align_texts(HINDI, "\n".join(english[:2]))
    assert alignment.warnings == ["paragraph counts differ: 5 Hindi, 2 English"]
    assert _kinds(alignment) == [["1-1"] * 2, ["1-1"] * 4] + [["1-0"] * 4] * 3
    # The same as one block of text: the first nine sentences pair, the other nine wait.
    alignment = align_texts(HINDI.replace("\n", " "), " ".join(list(TRANSLATION.values())[:9]))
    assert _kinds(alignment) == [["1-1"] * 9 + ["1-0"] * 9]


def test_no_bead_joins_two_hindi_paragraphs():
    # One English paragraph for two Hindi ones: the last Hindi sentence of the first and the
    # first of the second are never one link, even where lengths would like it.
    hindi = "पहला पैराग्राफ़ छोटा है।\nदूसरा भी छोटा है।"
    alignment = align_texts(hindi, "The first paragraph is short and so is the second.")
    assert [len(para) for para in alignment.paragraphs] == [1, 1]
    assert all(p.hi_count == 1 for para in alignment.paragraphs for p in para)


# --- anchors ------------------------------------------------------------------------------

#: The same model with lengths only, to show where the anchors make the difference.
LENGTHS_ONLY = dataclasses.replace(
    DEFAULT, number_bonus=0, number_miss=0, name_bonus=0, name_miss=0, mark_bonus=0, mark_miss=0
)


def _links(hi, en, params=DEFAULT):
    return [(x.hi, x.en) for x in align_sentences(hi, en, params)]


@pytest.mark.parametrize(("dropped", "kinds"), [("p1s1", ["1-0", "1-1"]), ("p1s2", ["1-1", "1-0"])])
def test_names_say_which_seed_sentence_is_missing(dropped, kinds):
    # ब्लिंकन, लावरोव ~ Blinken, Lavrov in p1s1; बिडेन, रिक्जेविक, आइसलैंड ~ Biden, Reykjavik,
    # Iceland in p1s2. By length alone the one English sentence left fits the other one.
    english = _english({k: v for k, v in TRANSLATION.items() if k != dropped})
    assert _kinds(align_texts(HINDI, english))[0] == kinds
    assert _kinds(align_texts(HINDI, english, LENGTHS_ONLY))[0] != kinds


@pytest.mark.parametrize("kept", [0, 1])
def test_latin_words_in_the_hindi_match_the_english(kept):
    hi = [
        "WHO ने आज दुनिया भर के देशों के लिए नई स्वास्थ्य सलाह जारी की है।",
        "UNICEF ने आज दुनिया भर के स्कूलों के लिए नई स्वास्थ्य सलाह जारी की है।",
    ]
    en = [
        "The WHO today issued new health advice for countries around the world.",
        "UNICEF today issued new health advice for schools around the world.",
    ]
    want = [((0,), (0,)), ((1,), ())] if kept == 0 else [((0,), ()), ((1,), (0,))]
    assert _links(hi, [en[kept]]) == want
    assert _links(hi, [en[kept]], LENGTHS_ONLY) != want


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_transliterated_names_pair_sentences_of_the_same_length(order):
    hi = ["बिडेन ने वार्ता को रचनात्मक बताया।", "लावरोव ने वार्ता को उपयोगी बताया।"]
    en = ["Biden called the talks constructive.", "Lavrov called the talks useful."]
    hi = [hi[k] for k in order]
    assert sorted(_links(hi, [en[order[0]]])) == [((0,), (0,)), ((1,), ())]


def test_numbers_say_which_sentence_was_dropped():
    hi = ["कंपनी ने 12 नए स्टोर खोले।", "बैंक ने 40 नई शाखाएँ खोलीं।", "बाज़ार में तेज़ी रही।"]
    en = ["The bank opened 40 new branches.", "The market rose."]
    assert _links(hi, en) == [((0,), ()), ((1,), (0,)), ((2,), (1,))]


def test_a_question_mark_says_the_question_was_dropped():
    hi = [
        "क्या सरकार इस साल किसानों का पूरा कर्ज़ माफ़ करेगी?",
        "सरकार इस साल किसानों का आधा कर्ज़ माफ़ करेगी।",
    ]
    en = ["The government will waive half of the farmers' loans this year."]
    assert _links(hi, en) == [((0,), ()), ((1,), (0,))]
    assert _links(hi, en, LENGTHS_ONLY) == [((0, 1), (0,))]


# --- edges --------------------------------------------------------------------------------


def test_empty_input():
    assert align_sentences([], []) == []
    assert align_texts("", "  \n ") == Alignment([], [])


def test_one_side_empty():
    assert align_sentences(["एक।", "दो।"], []) == [Link((0,), (), 0.0), Link((1,), (), 0.0)]
    alignment = align_texts("पहला वाक्य। दूसरा वाक्य।", "")
    assert alignment.warnings == ["no English text"]
    assert [(p.hi, p.en_count, p.needs_review) for p in alignment.paragraphs[0]] == [
        ("पहला वाक्य।", 0, True),
        ("दूसरा वाक्य।", 0, True),
    ]
    alignment = align_texts("", "Only English. Nothing else.")
    assert alignment.warnings == ["no Hindi text"]
    assert _kinds(alignment) == [["0-1", "0-1"]]


def test_link_kind_and_pair_review_flag():
    assert Link((3, 4), (2,), 1.0).kind == "2-1"
    assert not Pair("क।", "A.", 1, 1).needs_review
    assert Pair("क। ख।", "A.", 2, 1).needs_review
    assert dataclasses.asdict(Pair("", "A.", 0, 1))["needs_review"] is True


def test_two_hundred_sentences_take_under_a_second():
    hi, en, gold = [], [], set()
    while len(hi) < 200:
        for passage in PASSAGES:
            for para in passage.paragraphs:
                gold |= {
                    (tuple(i + len(hi) for i in h), tuple(j + len(en) for j in e))
                    for h, e in para.links
                }
                hi += para.hi
                en += para.en
    start = time.perf_counter()
    links = align_sentences(hi, en)
    elapsed = time.perf_counter() - start
    right = len({(x.hi, x.en) for x in links} & gold)
    print(
        f"\naligner on {len(hi)} × {len(en)} sentences in one block:"
        f" {elapsed * 1e3:.0f} ms, {right}/{len(gold)} links right"
    )
    assert elapsed < 1.0
    assert right / len(gold) >= 0.95
