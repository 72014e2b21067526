"""Model objects to plain JSON-ready dicts, in the shapes PRODUCT.md and openapi.json fix."""

from itertools import groupby

from flask import url_for

from quizapp.content.models import GlossaryEntry, Passage


def passage_summary(passage: Passage) -> dict:
    """A passage in a list: ids, titles, level and links."""
    return {
        "slug": passage.slug,
        "title": {"hi": passage.title_hi, "en": passage.title_en},
        "summary": {"hi": passage.summary_hi, "en": passage.summary_en},
        "level": passage.level,
        "version": passage.version,
        "url": url_for("api.passage", slug=passage.slug),
        "reader_url": url_for("content.read", slug=passage.slug),
    }


def glossary_entry(entry: GlossaryEntry) -> dict:
    """A glossary entry with the ids of the sentences it occurs in."""
    return {
        "id": entry.key,
        "lemma": {"hi": entry.lemma_hi, "roman": entry.lemma_roman},
        "forms": entry.forms,
        "pos": entry.pos,
        "gender": entry.gender or None,
        "meaning": {"en": entry.meaning_en},
        "note": {"en": entry.note_en} if entry.note_en else None,
        "sentences": [s.key for s in entry.sentences],
    }


def passage_detail(passage: Passage) -> dict:
    """A whole passage: paragraphs → sentences {id, hi, en, roman}, and the glossary."""
    paragraphs = [
        {
            "number": number,
            "sentences": [
                {"id": s.key, "hi": s.hi, "en": s.en, "roman": s.hi_roman} for s in sentences
            ],
        }
        for number, sentences in groupby(passage.sentences, key=lambda s: s.paragraph)
    ]
    return {
        **passage_summary(passage),
        "paragraphs": paragraphs,
        "glossary": [glossary_entry(g) for g in passage.glossary],
    }
