"""JSON API under /api/v1: thin handlers over the same services the pages use."""

import json

from flask import Blueprint, abort, jsonify

from quizapp.api.openapi import openapi_document
from quizapp.api.serializers import passage_detail, passage_summary
from quizapp.compression import PageCache, page_response
from quizapp.content.services import get_passage, list_passages, passage_version

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(server_url=bp.url_prefix))


@bp.get("/passages")
def passages():
    """All passages, without their text."""
    return jsonify(passages=[passage_summary(p) for p in list_passages()])


#: Whole-passage JSON is the same for every client until the passage changes.
passages_json = PageCache(size=64)


@bp.get("/passages/<slug>")
def passage(slug: str):
    """One passage: paragraphs of aligned sentences, and its glossary."""
    found = passage_version(slug)
    if found is None:
        abort(404, description=f"No passage with slug {slug!r}.")
    page = passages_json.get(found, lambda: _passage_json(slug), mimetype="application/json")
    return page_response(page)


def _passage_json(slug: str) -> str:
    passage = get_passage(slug)
    if passage is None:
        abort(404, description=f"No passage with slug {slug!r}.")
    return json.dumps(passage_detail(passage), ensure_ascii=False)
