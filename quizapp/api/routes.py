"""JSON API under /api/v1: thin handlers over the same services the pages use."""

from flask import Blueprint, abort, jsonify

from quizapp.api.openapi import openapi_document
from quizapp.api.serializers import passage_detail, passage_summary
from quizapp.content.services import get_passage, list_passages

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(server_url=bp.url_prefix))


@bp.get("/passages")
def passages():
    """All passages, without their text."""
    return jsonify(passages=[passage_summary(p) for p in list_passages()])


@bp.get("/passages/<slug>")
def passage(slug: str):
    """One passage: paragraphs of aligned sentences, and its glossary."""
    found = get_passage(slug)
    if found is None:
        abort(404, description=f"No passage with slug {slug!r}.")
    return jsonify(passage_detail(found))
