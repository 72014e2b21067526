"""Drafts from a passage: every proposal is a valid, gradable bank question, and false
true/false statements are false by their rule — on the seeded article and on a passage of ours."""

import dataclasses
import json
import re
import statistics
import time
from pathlib import Path

import pytest

from quizapp.core import drafts as drafting
from quizapp.core.drafts import (
    DraftEntry,
    DraftPassage,
    DraftSentence,
    english_numbers,
    first_sense,
    hindi_numbers,
    meaning_words,
    propose_drafts,
    quoted,
)
from quizapp.core.grading import registry
from quizapp.core.grading.cloze import parse_blanks
from quizapp.core.interchange.json_format import read_json
from quizapp.core.interchange.model import FORMAT_ID
from quizapp.core.interchange.validate import validate_bank
from quizapp.core.segment import sentence_keys, split_paragraphs, split_sentences, tokenize

SEED = Path(__file__).resolve().parents[3] / "quizapp" / "content" / "seed"
KINDS = ("cloze", "matching", "ordering", "true_false", "translation")
IMPERATIVES = ("करें", "चुनें", "लिखें", "भरें", "लगाएँ", "मिलाएँ")


def seed_passage(*, glossary: bool = True) -> DraftPassage:
    """The shipped article as the service would hand it over: segmented Hindi, our English."""
    hindi = SEED.joinpath("article.hi.txt").read_text(encoding="utf-8")
    article = json.loads(SEED.joinpath("article.json").read_text(encoding="utf-8"))
    paragraphs = [split_sentences(paragraph, "hi") for paragraph in split_paragraphs(hindi)]
    sentences = tuple(
        DraftSentence(key, number, text, article["translation"][key])
        for number, (texts, keys) in enumerate(
            zip(paragraphs, sentence_keys(paragraphs), strict=True), start=1
        )
        for text, key in zip(texts, keys, strict=True)
    )
    entries = tuple(
        DraftEntry(
            key=entry["id"],
            lemma_hi=entry["lemma"]["hi"],
            forms=tuple(form["hi"] for form in entry["forms"]),
            meaning_en=entry["en"],
            sentences=tuple(entry["sentences"]),
            pos=entry.get("pos", ""),
        )
        for entry in article["glossary"]
    )
    return DraftPassage(sentences, entries if glossary else ())


#: A passage of our own, outside the article: a trip to a village market.
MARKET_SENTENCES = (
    ("p1s1", 1, "रविवार की सुबह गाँव के बाज़ार में बहुत भीड़ थी।",
     "On Sunday morning the village market was very crowded."),
    ("p1s2", 1, "मीरा अपनी दादी के साथ सब्ज़ियाँ खरीदने गई।",
     "Meera went with her grandmother to buy vegetables."),
    ("p1s3", 1, "उन्होंने पाँच किलो आलू और ताज़े टमाटर खरीदे।",
     "They bought five kilos of potatoes and fresh tomatoes."),
    ("p2s1", 2, "दुकानदार ने उन्हें बताया कि बारिश के कारण दाम बढ़ गए हैं।",
     "The shopkeeper told them that prices had gone up because of the rain."),
    ("p2s2", 2, "दादी ने मोलभाव किया और बीस रुपये बचा लिए।",
     "Grandmother bargained and saved twenty rupees."),
    ("p2s3", 2, "घर लौटकर मीरा ने अपनी माँ को पूरी कहानी सुनाई।",
     "Back home, Meera told her mother the whole story."),
)  # fmt: skip
MARKET_GLOSSARY = (
    ("bazaar", "बाज़ार", ("बाज़ार",), "market, bazaar", ("p1s1",), "noun"),
    ("bhid", "भीड़", ("भीड़",), "crowd", ("p1s1",), "noun"),
    ("daadi", "दादी", ("दादी",), "grandmother (father's mother)", ("p1s2", "p2s2"), "noun"),
    ("sabzi", "सब्ज़ी", ("सब्ज़ियाँ",), "vegetable", ("p1s2",), "noun"),
    ("kharidnaa", "खरीदना", ("खरीदने", "खरीदे"), "to buy", ("p1s2", "p1s3"), "verb"),
    ("taazaa", "ताज़ा", ("ताज़े",), "fresh", ("p1s3",), "adjective"),
    ("dukaandaar", "दुकानदार", ("दुकानदार",), "shopkeeper", ("p2s1",), "noun"),
    ("baarish", "बारिश", ("बारिश",), "rain", ("p2s1",), "noun"),
    ("daam", "दाम", ("दाम",), "price, cost", ("p2s1",), "noun"),
    ("molbhaav", "मोलभाव करना", ("मोलभाव किया",), "to bargain", ("p2s2",), "verb"),
    ("bachaanaa", "बचाना", ("बचा लिए",), "to save; to rescue", ("p2s2",), "verb"),
    ("kahaani", "कहानी", ("कहानी",), "story, tale", ("p2s3",), "noun"),
    ("ke-kaaran", "के कारण", ("के कारण",), "because of", ("p2s1",), "postposition"),
    ("ravivaar", "रविवार", ("रविवार",), "Sunday", ("p1s1",), "noun"),
)


def market_passage() -> DraftPassage:
    return DraftPassage(
        tuple(DraftSentence(*row) for row in MARKET_SENTENCES),
        tuple(DraftEntry(*row) for row in MARKET_GLOSSARY),
    )


@pytest.fixture(scope="module")
def seed_drafts():
    return propose_drafts(seed_passage(), seed="class-7b")


@pytest.fixture(scope="module")
def market_drafts():
    return propose_drafts(market_passage(), seed="class-7b")


def sentences_by_id(passage: DraftPassage) -> dict[str, DraftSentence]:
    return {sentence.id: sentence for sentence in passage.sentences}


def assert_valid_and_gradable(drafts: list[dict], passage: DraftPassage) -> None:
    """Every draft passes the registry and the bank validator, cites real sentences, has both
    languages, and its own key scores 1.0."""
    known = sentences_by_id(passage)
    for draft in drafts:
        assert registry.validate_spec(draft["type"], draft) == [], draft["id"]
        assert draft["evidence"] and set(draft["evidence"]) <= known.keys(), draft["id"]
        for field in ("prompt", "explanation"):
            assert draft[field]["hi"].strip() and draft[field]["en"].strip(), draft["id"]
        assert draft["skill"] in registry.SKILLS
        question_type = registry.get_type(draft["type"])
        result = registry.grade(draft["type"], draft, question_type.correct_answer(draft))
        assert result.score == 1.0 and result.correct, draft["id"]
    document = json.dumps({"format": FORMAT_ID, "questions": drafts}, ensure_ascii=False)
    bank, errors, _ = read_json(document)
    assert errors == []
    assert validate_bank(bank) == []
    assert len(bank.questions) == len(drafts)


# -- The seeded article ----------------------------------------------------------------------


def test_every_seed_draft_validates_and_its_key_scores_full_marks(seed_drafts):
    assert_valid_and_gradable(seed_drafts, seed_passage())


def test_the_seed_article_gives_every_kind_up_to_its_cap(seed_drafts):
    counts = {kind: sum(d["type"] == kind for d in seed_drafts) for kind in KINDS}
    assert counts == {"cloze": 5, "matching": 2, "ordering": 2, "true_false": 4, "translation": 3}
    assert [d["type"] for d in seed_drafts] == sorted(
        (d["type"] for d in seed_drafts), key=KINDS.index
    )


def test_ids_are_unique_and_name_their_kind(seed_drafts):
    ids = [draft["id"] for draft in seed_drafts]
    assert len(set(ids)) == len(ids)
    for draft in seed_drafts:
        assert re.fullmatch(rf"draft-{draft['type']}-\d+", draft["id"])


def test_skills_and_points_by_kind(seed_drafts):
    skills = {"cloze": "vocabulary", "matching": "vocabulary", "ordering": "main_idea"}
    skills |= {"true_false": "literal", "translation": "translation"}
    for draft in seed_drafts:
        assert draft["skill"] == skills[draft["type"]]
        assert draft["points"] == drafting.POINTS[draft["type"]]


def test_hindi_prompts_use_the_imperative_register(seed_drafts, market_drafts):
    for draft in seed_drafts + market_drafts:
        hindi = draft["prompt"]["hi"]
        assert hindi.startswith("सत्य या असत्य?") or any(verb in hindi for verb in IMPERATIVES)
        assert not re.search(r"(करो|चुनो|लिखो|भरो|लगाओ|मिलाओ)\b", hindi)


def test_same_seed_same_drafts_and_the_seed_only_varies_the_draw():
    passage = seed_passage()
    assert propose_drafts(passage, seed="a") == propose_drafts(passage, seed="a")
    runs = [propose_drafts(passage, seed=seed) for seed in ("a", "b", "c", "d")]
    assert len({json.dumps(run, ensure_ascii=False) for run in runs}) > 1
    for run in runs:
        assert [d["id"] for d in run] == [d["id"] for d in runs[0]]
        clozes = [d for d in run if d["type"] == "cloze"]
        # The sentences and their blanks are the passage's; the distractors are the draw.
        assert [d["text"] for d in clozes] == [d["text"] for d in runs[0] if d["type"] == "cloze"]


# -- Cloze -----------------------------------------------------------------------------------


def test_cloze_blanks_content_words_of_their_sentence(seed_drafts):
    passage = seed_passage()
    known = sentences_by_id(passage)
    entries = {form: entry for entry in passage.glossary for form in entry.forms}
    blanked = []
    for draft in (d for d in seed_drafts if d["type"] == "cloze"):
        text = draft["text"]["hi"]
        blanks = parse_blanks(text)
        assert 1 <= len(blanks) <= drafting.MAX_BLANKS
        sentence = known[draft["evidence"][0]]
        # Filling the blanks gives the sentence back.
        filled = re.sub(r"\{\{([^{}|]*)[^{}]*\}\}", r"\1", text)
        assert filled == sentence.hi
        # No two blanks touch.
        assert "}} {{" not in text and "}}{{" not in text
        for (answer,) in blanks:
            entry = entries[answer]
            assert drafting.is_content_entry(entry), answer
            assert first_sense(entry.meaning_en) in draft["prompt"]["en"]
            assert entry.meaning_en in draft["explanation"]["en"]
            blanked.append(entry.key)
    assert len(blanked) == len(set(blanked)), "an entry is blanked once"


def test_names_and_function_words_are_never_blanked(seed_drafts):
    answers = {
        alternative
        for draft in seed_drafts
        if draft["type"] == "cloze"
        for (alternative,) in parse_blanks(draft["text"]["hi"])
    }
    for never in ("संयुक्त", "अमेरिका", "रूस", "बुधवार", "के बावजूद", "और", "भी", "अपने", "आठ"):
        assert never not in answers


def test_dropdown_distractors_cannot_also_be_right(seed_drafts):
    passage = seed_passage()
    entries = {form: entry for entry in passage.glossary for form in entry.forms}
    for draft in (d for d in seed_drafts if d["type"] == "cloze"):
        blanks = parse_blanks(draft["text"]["hi"])
        assert len(draft["choices"]) == len(blanks)
        for (answer,), options in zip(blanks, draft["choices"], strict=True):
            assert answer in options and 3 <= len(options) <= drafting.DROPDOWN_SIZE
            right = entries[answer]
            for option in options:
                if option == answer:
                    continue
                other = entries[option]
                assert other.pos == right.pos
                assert not meaning_words(other.meaning_en) & meaning_words(right.meaning_en)
                assert answer not in option and option not in answer
                assert option not in draft["text"]["hi"]


# -- Matching and ordering -------------------------------------------------------------------


def test_matching_pairs_lemmas_with_their_first_sense(seed_drafts):
    passage = seed_passage()
    lemmas = {
        entry.lemma_hi: entry for entry in passage.glossary if drafting.is_content_entry(entry)
    }
    matchings = [d for d in seed_drafts if d["type"] == "matching"]
    seen = set()
    for draft in matchings:
        assert drafting.MIN_MATCHING_PAIRS <= len(draft["pairs"]) <= 6
        rights = [meaning_words(pair["right"]) for pair in draft["pairs"]]
        for index, pair in enumerate(draft["pairs"]):
            entry = lemmas[pair["left"]]
            assert pair["right"] == first_sense(entry.meaning_en)
            assert set(entry.sentences) & set(draft["evidence"])
            assert not any(rights[index] & other for other in rights[index + 1 :])
            assert pair["left"] not in seen
            seen.add(pair["left"])


def test_ordering_lists_a_paragraphs_hindi_sentences_in_order(seed_drafts):
    passage = seed_passage()
    for draft in (d for d in seed_drafts if d["type"] == "ordering"):
        paragraph = [s for s in passage.sentences if s.id in draft["evidence"]]
        assert len({s.paragraph for s in paragraph}) == 1
        assert len(paragraph) == len(
            [s for s in passage.sentences if s.paragraph == paragraph[0].paragraph]
        )
        assert draft["items"] == [s.hi for s in paragraph]
        assert 3 <= len(draft["items"]) <= 6


# -- True/false ------------------------------------------------------------------------------

PAIRING = re.compile(
    r"True or false\? '(?P<en>.*)' translates this sentence from the article: '(?P<hi>.*)'"
)
STATEMENT = re.compile(r"True or false\? According to the article: '(?P<en>.*)'")


def check_true_false(draft: dict, passage: DraftPassage) -> str:
    """Check a true/false draft against its rule; the rule's name."""
    sentences = list(passage.sentences)
    english_of = {quoted(s.en): s for s in sentences}
    hindi_of = {quoted(s.hi): s for s in sentences}
    prompt = draft["prompt"]["en"]
    if match := PAIRING.fullmatch(prompt):
        shown, translated = english_of[match["en"]], hindi_of[match["hi"]]
        assert match["hi"] in draft["prompt"]["hi"] and match["en"] in draft["prompt"]["hi"]
        if draft["answer"]:
            assert shown is translated
        else:
            # Another sentence's English, sharing under half its content words.
            assert shown is not translated
            a, b = meaning_words(shown.en), meaning_words(translated.en)
            assert len(a & b) / len(a | b) < drafting.SAME_MEANING_OVERLAP
            assert set(draft["evidence"]) == {shown.id, translated.id}
        return "pairing"
    match = STATEMENT.fullmatch(prompt)
    assert match, prompt
    (sentence,) = (s for s in sentences if s.id in draft["evidence"])
    if draft["answer"]:
        assert match["en"] == quoted(sentence.en)
        assert draft["prompt"]["hi"].endswith(f"'{quoted(sentence.hi)}'")
        return "statement"
    # A number changed: the same words in both languages, one number different, the new
    # number nowhere in the passage before the same word.
    for told, original, numbers in (
        (match["en"], quoted(sentence.en), english_numbers),
        (re.search(r"'(.*)'", draft["prompt"]["hi"])[1], quoted(sentence.hi), hindi_numbers),
    ):
        told_words = [t.text for t in tokenize(told)]
        original_words = [t.text for t in tokenize(original)]
        assert len(told_words) == len(original_words)
        changed = [(a, b) for a, b in zip(told_words, original_words, strict=True) if a != b]
        assert len(changed) == 1, changed
        new, old = changed[0]
        (new_value,) = {n.value for n in numbers(new)}
        (old_value,) = {n.value for n in numbers(old)}
        assert new_value != old_value
    return "number"


def test_seed_true_false_statements_hold_by_their_rule(seed_drafts):
    passage = seed_passage()
    items = [d for d in seed_drafts if d["type"] == "true_false"]
    rules = [check_true_false(draft, passage) for draft in items]
    assert sorted(d["answer"] for d in items) == [False, False, True, True]
    assert {"pairing", "number"} <= set(rules)


def test_the_seed_number_change_is_eight_companies_made_two(seed_drafts):
    (changed,) = (
        d
        for d in seed_drafts
        if d["type"] == "true_false" and not d["answer"] and STATEMENT.fullmatch(d["prompt"]["en"])
    )
    assert "on two Russian companies" in changed["prompt"]["en"]
    assert "दो रूसी कंपनियों" in changed["prompt"]["hi"]
    assert "Nord Stream 2" in changed["prompt"]["en"]
    assert changed["evidence"] == ["p4s3"]


@pytest.mark.parametrize("seed", ["", "a", "b", "c", "d", "e", "f", "g"])
def test_true_false_holds_for_any_seed(seed):
    passage = seed_passage()
    for draft in propose_drafts(passage, seed=seed):
        if draft["type"] == "true_false":
            check_true_false(draft, passage)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("imposed new sanctions on eight Russian companies", [(8, True)]),
        ("the Nord Stream 2 pipeline", [(2, False)]),  # part of a name
        ("combating COVID-19 and climate change", [(19, False)]),  # part of a code
        ("Two sides met", [(2, True)]),  # the first word is no name
        ("it rose 3.5 per cent to 2,000", [(3, False), (5, False), (2, False), (0, False)]),
        ("the countries", []),
    ],
)
def test_english_numbers(text, numbers):
    assert [(n.value, n.eligible) for n in english_numbers(text)] == numbers


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("आठ रूसी कंपनियों पर नॉर्ड स्ट्रीम 2 पाइपलाइन", [(8, True), (2, True)]),
        ("कोविड-19 का मुकाबला", [(19, False)]),
        ("१२ लोग और पाँच बच्चे", [(12, True), (5, True)]),
        ("दोनों पक्ष", []),  # "both" is not the number two
        ("मुझे किताब दो।", [(2, False)]),  # "give", not "two"
    ],
)
def test_hindi_numbers(text, numbers):
    assert [(n.value, n.eligible) for n in hindi_numbers(text)] == numbers


@pytest.mark.parametrize(
    ("meaning", "sense"),
    [
        ("sanction; restriction, ban", "sanction"),
        ("difference of opinion, disagreement", "difference of opinion"),
        ("(pl.) relations, ties", "relations"),
        (
            "DPRK (Democratic People's Republic of Korea), North Korea",
            "DPRK (Democratic People's Republic of Korea)",
        ),
        ("to lay the foundation (for), lay the groundwork", "to lay the foundation (for)"),
        ("cooperation", "cooperation"),
    ],
)
def test_first_sense(meaning, sense):
    assert first_sense(meaning) == sense


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('ब्लिंकन ने कहा कि "हम रूस के साथ संबंध चाहते हैं।', "ब्लिंकन ने कहा कि हम रूस के साथ संबंध चाहते हैं।"),
        ('good for the world."', "good for the world."),
        ('"Russia is ready.', "Russia is ready."),
        ('He said, "Yes."', 'He said, "Yes."'),
    ],
)
def test_quoted_drops_a_quotation_mark_shared_with_a_neighbour(text, shown):
    assert quoted(text) == shown


# -- Translation -----------------------------------------------------------------------------


def test_translation_drafts_use_the_aligned_text_as_reference(seed_drafts):
    known = sentences_by_id(seed_passage())
    for draft in (d for d in seed_drafts if d["type"] == "translation"):
        sentence = known[draft["evidence"][0]]
        if "hi" in draft["source"]:
            assert draft["source"] == {"hi": quoted(sentence.hi)}
            assert draft["references"] == {"en": [quoted(sentence.en)]}
        else:
            assert draft["references"] == {"hi": [quoted(sentence.hi)]}


# -- Another passage, and passages that allow less -------------------------------------------


def test_a_passage_of_our_own_gets_every_kind(market_drafts):
    passage = market_passage()
    assert_valid_and_gradable(market_drafts, passage)
    assert {d["type"] for d in market_drafts} == set(KINDS)
    rules = {check_true_false(d, passage) for d in market_drafts if d["type"] == "true_false"}
    assert "number" in rules
    # Both paragraphs have three sentences: both are ordering drafts.
    assert sum(d["type"] == "ordering" for d in market_drafts) == 2
    # A short sentence goes the other way, into Hindi.
    assert any("en" in d.get("source", {}) for d in market_drafts)
    answers = {
        a for d in market_drafts if d["type"] == "cloze" for (a,) in parse_blanks(d["text"]["hi"])
    }
    assert not answers & {"के कारण", "रविवार"}


def test_without_a_glossary_there_are_still_ordering_true_false_and_translation():
    passage = seed_passage(glossary=False)
    drafts = propose_drafts(passage)
    assert_valid_and_gradable(drafts, passage)
    assert {d["type"] for d in drafts} == {"ordering", "true_false", "translation"}
    for draft in drafts:
        if draft["type"] == "true_false":
            check_true_false(draft, passage)


def test_without_english_there_are_cloze_matching_and_ordering():
    seed = seed_passage()
    passage = DraftPassage(
        tuple(DraftSentence(s.id, s.paragraph, s.hi, "") for s in seed.sentences), seed.glossary
    )
    drafts = propose_drafts(passage)
    assert_valid_and_gradable(drafts, passage)
    assert {d["type"] for d in drafts} == {"cloze", "matching", "ordering"}


def test_a_glossary_without_parts_of_speech_still_keeps_function_words_out():
    seed = seed_passage()
    passage = DraftPassage(
        seed.sentences, tuple(dataclasses.replace(entry, pos="") for entry in seed.glossary)
    )
    drafts = propose_drafts(passage)
    assert_valid_and_gradable(drafts, passage)
    answers = {a for d in drafts if d["type"] == "cloze" for (a,) in parse_blanks(d["text"]["hi"])}
    lefts = {pair["left"] for d in drafts if d["type"] == "matching" for pair in d["pairs"]}
    for function_word in ("के बावजूद", "और", "भी", "अपने", "कई", "के लिए", "इससे पहले"):
        assert function_word not in answers | lefts


def test_one_sentence_gives_no_ordering():
    passage = DraftPassage((DraftSentence(*MARKET_SENTENCES[0]),), ())
    drafts = propose_drafts(passage)
    assert_valid_and_gradable(drafts, passage)
    assert drafts and "ordering" not in {d["type"] for d in drafts}


def test_an_empty_passage_gives_nothing():
    assert propose_drafts(DraftPassage((), ())) == []
    assert propose_drafts(DraftPassage((DraftSentence("p1s1", 1, " ", ""),), ())) == []


def test_awkward_text_still_gives_valid_drafts():
    """Braces in a sentence (no cloze there), a sentence without English, a repeated sentence
    (no ordering of its paragraph), an entry listed for sentences that do not exist."""
    rows = [
        ("p1s1", 1, "बाज़ार में {भीड़} थी।", "The market {was} crowded."),
        ("p1s2", 1, "दादी ने मोलभाव किया।", ""),
        ("p1s3", 1, "दादी ने मोलभाव किया।", "Grandmother bargained."),
        ("p2s1", 2, "बाज़ार बड़ा था।", "The market was big."),
    ]
    glossary = [
        DraftEntry("bazaar", "बाज़ार", ("बाज़ार",), "market", ("p1s1", "p9s9")),
        DraftEntry("bhid", "भीड़", ("भीड़",), "crowd", ()),
        DraftEntry("daadi", "दादी", ("दादी",), "grandmother", ()),
    ]
    passage = DraftPassage(tuple(DraftSentence(*row) for row in rows), tuple(glossary))
    drafts = propose_drafts(passage)
    assert_valid_and_gradable(drafts, passage)
    assert not any(d["type"] == "ordering" for d in drafts)
    assert all("p1s1" not in d["evidence"] for d in drafts if d["type"] == "cloze")


def test_proposing_for_the_seed_article_is_fast():
    passage = seed_passage()
    timings = []
    for _ in range(7):
        start = time.perf_counter()
        propose_drafts(passage, seed="speed")
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.05
