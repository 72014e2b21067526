"""The shipped article data: translation aligned, glossary consistent with the text, seeding."""

import json
import unicodedata

import pytest

from quizapp.content.models import GlossaryEntry, Passage, Sentence
from quizapp.content.services import load_seed_article, reader_paragraphs, seed_article
from quizapp.core.gloss import find_terms
from quizapp.extensions import db

DATA = load_seed_article()
SENTENCES = {s["key"]: s["hi"] for s in DATA["sentences"]}
POS = {
    "noun",
    "verb",
    "adjective",
    "adverb",
    "postposition",
    "conjunction",
    "pronoun",
    "phrase",
    "idiom",
    "numeral",
}


def test_translation_covers_exactly_the_18_sentences():
    assert list(DATA["translation"]) == list(SENTENCES)
    assert len(SENTENCES) == 18
    for key, english in DATA["translation"].items():
        assert english == unicodedata.normalize("NFC", english).strip() and len(english) > 30, key


@pytest.mark.parametrize(
    ("key", "facts"),
    [
        ("p1s1", ["Blinken", "Lavrov", "Wednesday", "counterpart", "despite"]),
        ("p1s2", ["Biden", "Reykjavik", "Iceland", "Arctic Council", "face-to-face"]),
        ("p2s3", ["Secretary", "COVID-19", "climate change", "North Korea", "Iran", "Afghan"]),
        ("p4s1", ["Ukraine", "Arctic", "Navalny", "cyber"]),
        ("p4s3", ["eight", "Nord Stream 2", "sanctions", "European energy security"]),
        ("p4s4", ["German", "CEO", "national security", "waived"]),
        ("p5s2", ["Biden", "Vladimir Putin", "summit", "next month"]),
        ("p5s4", ["Syria", "Armenia", "Azerbaijan", "Afghanistan", "Iran", "DPRK"]),
    ],
)
def test_translation_keeps_every_name_number_and_claim(key, facts):
    for fact in facts:
        assert fact.lower() in DATA["translation"][key].lower(), (key, fact)


def test_titles_and_summary_in_both_languages():
    for field in ("title", "summary"):
        assert DATA[field]["hi"] and DATA[field]["en"]
        assert any("\u0900" <= c <= "\u097f" for c in DATA[field]["hi"])


def test_glossary_shape():
    glossary = DATA["glossary"]
    assert len(glossary) >= 80
    assert len({g["id"] for g in glossary}) == len(glossary)
    for entry in glossary:
        assert entry["pos"] in POS, entry["id"]
        assert entry["en"].strip(), entry["id"]
        assert entry["lemma"]["roman"].isascii() and entry["forms"], entry["id"]
        assert entry.get("gender", "") in ("", "m", "f")


@pytest.mark.parametrize("entry", DATA["glossary"], ids=lambda e: e["id"])
def test_glossary_entry_occurs_where_it_says(entry):
    found = {
        key
        for key, text in SENTENCES.items()
        if find_terms(text, [(f["hi"], entry["id"]) for f in entry["forms"]])
    }
    assert found == set(entry["sentences"])


def test_required_glossary_words():
    lemmas = {g["lemma"]["hi"] for g in DATA["glossary"]}
    forms = {f["hi"] for g in DATA["glossary"] for f in g["forms"]}
    for word in ["समकक्ष", "मतभेद", "पदारोहण", "हाशिये पर", "प्रतिबंध", "जैसे को तैसा", "आधारशिला"]:
        assert word in lemmas | forms, word


def test_seed_is_idempotent(app_ctx):
    before = db.session.scalar(db.select(Passage.version))
    result = seed_article()
    assert (result.created, result.changed) == (False, False)
    assert db.session.scalar(db.select(Passage.version)) == before
    assert db.session.scalar(db.select(db.func.count(Sentence.id))) == 18
    assert db.session.scalar(db.select(db.func.count(GlossaryEntry.id))) == len(DATA["glossary"])


def test_seed_repairs_edited_content(app_ctx):
    sentence = db.session.scalar(db.select(Sentence).where(Sentence.key == "p2s1"))
    sentence.en = "tampered"
    db.session.delete(db.session.scalar(db.select(GlossaryEntry)))
    db.session.commit()
    result = seed_article()
    assert result.changed
    assert (
        db.session.scalar(db.select(Sentence.en).where(Sentence.key == "p2s1"))
        == (DATA["translation"]["p2s1"])
    )
    assert db.session.scalar(db.select(db.func.count(GlossaryEntry.id))) == len(DATA["glossary"])


def test_reader_paragraphs_rebuild_each_sentence(app_ctx):
    passage = db.session.scalar(db.select(Passage))
    paragraphs = reader_paragraphs(passage)
    assert [len(p) for p in paragraphs] == [2, 4, 4, 4, 4]
    for sentence in (s for p in paragraphs for s in p):
        assert "".join(seg.text for seg in sentence.segments) == sentence.hi
        assert sum(1 for seg in sentence.segments if seg.key) >= 3


def test_seed_json_is_nfc_and_indented():
    from importlib import resources

    raw = resources.files("quizapp.content.seed").joinpath("article.json").read_text("utf-8")
    assert raw == unicodedata.normalize("NFC", raw)
    assert json.loads(raw)["slug"] == "blinken-lavrov-reykjavik"
