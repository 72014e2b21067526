"""The OpenAPI 3.1 document for /api/v1, generated rather than written by hand.

Each operation is listed once below — method, path as routes.py declares it, request model,
response model per status, who may call it — and the schemas come from the pydantic models in
schemas.py, whose JSON Schema (draft 2020-12) is what OpenAPI 3.1 uses as it is. The tests
check every API response they make against this document (tests/openapi_check.py), so a new
route or field is described here, in the models, or CI fails.
"""

import copy
import re
from functools import cache
from typing import Literal, NamedTuple

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from quizapp.api import schemas as s

REF_TEMPLATE = "#/components/schemas/{model}"


class Reply(NamedTuple):
    """One documented response: what it means, its body's model (None: no body), headers."""

    description: str
    model: type[BaseModel] | None = None
    #: (name, description) of each header worth knowing.
    headers: tuple[tuple[str, str], ...] = ()


class Operation(NamedTuple):
    """One method on one path."""

    method: str
    #: As routes.py declares it (``/attempts/<int:attempt_id>``); int converters give integers.
    path: str
    operation_id: str
    summary: str
    tag: str
    responses: dict[int, Reply]
    request: type[s.Request] | None = None
    #: "none": no token is looked at; "optional": a token shows more (one's own drafts).
    auth: Literal["none", "optional", "required"] = "required"


BAD_TOKEN = Reply("The bearer token is missing, malformed, revoked or unknown.", s.Error)
NOT_FOUND = Reply("Not found, or not the caller's.", s.Error)
BAD_BODY = Reply("The body is not JSON or not as described; `details` lists each field.", s.Error)
NOT_MODIFIED = Reply("Not modified: the If-None-Match header holds the current ETag.")
ETAG = (("ETag", "Send it back in If-None-Match to get a 304 while nothing has changed."),)

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "get", "/passages", "listPassages", "List the passages", "passages",
        {200: Reply("The passages, without their text.", s.PassageList)},
        auth="none",
    ),
    Operation(
        "get", "/passages/<slug>", "getPassage",
        "One passage: aligned sentences by paragraph, and its glossary", "passages",
        {
            200: Reply("The passage.", s.PassageDetail, ETAG),
            304: NOT_MODIFIED,
            404: Reply("No such passage.", s.Error),
        },
        auth="none",
    ),
    Operation(
        "post", "/tokens", "createToken",
        "Exchange a username and password for a bearer token", "auth",
        {
            201: Reply("A new token.", s.Token),
            400: BAD_BODY,
            401: Reply("Wrong username or password.", s.Error),
            429: Reply(
                "Too many wrong passwords for this account in a row: no password is checked "
                "until the Retry-After time has passed.",
                s.Error,
                (("Retry-After", "Seconds to wait."),),
            ),
        },
        request=s.TokenRequest,
        auth="none",
    ),
    Operation(
        "get", "/tokens", "listTokens",
        "The caller's API tokens, revoked ones included, newest first", "auth",
        {200: Reply("The tokens.", s.TokenList), 401: BAD_TOKEN},
    ),
    Operation(
        "delete", "/tokens/<int:token_id>", "revokeToken",
        "Revoke one of the caller's tokens; it stops working at once", "auth",
        {200: Reply("The revoked token.", s.TokenInfo), 401: BAD_TOKEN, 404: NOT_FOUND},
    ),
    Operation(
        "get", "/question-sets", "listQuestionSets", "Question sets the caller may see",
        "questions",
        {200: Reply("Published sets, plus the caller's own drafts.", s.QuestionSetList),
         401: BAD_TOKEN},
        auth="optional",
    ),
    Operation(
        "get", "/question-sets/<int:set_id>", "getQuestionSet",
        "One set with its questions, without answer keys", "questions",
        {200: Reply("The set.", s.QuestionSetDetail), 401: BAD_TOKEN, 404: NOT_FOUND},
        auth="optional",
    ),
    Operation(
        "post", "/questions/<int:question_id>/preview", "previewAnswer",
        "Grade an answer without recording it (teachers)", "questions",
        {
            200: Reply("The grading.", s.GradeResult),
            400: BAD_BODY,
            401: BAD_TOKEN,
            403: Reply("Not a teacher.", s.Error),
            404: NOT_FOUND,
        },
        request=s.PreviewRequest,
    ),
    Operation(
        "post", "/question-sets/<int:set_id>/attempts", "startAttempt",
        "Start an attempt, or resume the caller's attempt in progress", "attempts",
        {
            201: Reply("A new attempt.", s.Attempt),
            200: Reply("The attempt in progress.", s.Attempt),
            401: BAD_TOKEN,
            403: Reply("No attempts left.", s.Error),
            404: NOT_FOUND,
        },
    ),
    Operation(
        "get", "/attempts/<int:attempt_id>", "getAttempt",
        "State, saved answers, and results once submitted", "attempts",
        {
            200: Reply("The attempt.", s.Attempt),
            304: NOT_MODIFIED,
            401: BAD_TOKEN,
            404: NOT_FOUND,
        },
    ),
    Operation(
        "put", "/attempts/<int:attempt_id>/answers/<int:question_id>", "saveAnswer",
        "Autosave one answer", "attempts",
        {
            200: Reply("Saved.", s.AnswerSaved),
            400: BAD_BODY,
            401: BAD_TOKEN,
            404: NOT_FOUND,
            409: Reply("The attempt is finished (or its time ran out).", s.Error),
            422: Reply("The answer has the wrong shape for its question.", s.Error),
        },
        request=s.AnswerRequest,
    ),
    Operation(
        "post", "/attempts/<int:attempt_id>/submit", "submitAttempt",
        "Grade and finish the attempt (a repeat submit changes nothing)", "attempts",
        {
            200: Reply("The finished attempt, without its questions.", s.AttemptResult),
            401: BAD_TOKEN,
            404: NOT_FOUND,
        },
    ),
    Operation(
        "get", "/me/words", "getMyWords",
        "The caller's word list (My words), newest first, with each card's schedule", "words",
        {200: Reply("The words.", s.MyWords), 401: BAD_TOKEN},
    ),
    Operation(
        "get", "/me/progress", "getMyProgress",
        "The caller's progress: history, skills, mastery, streak, time", "progress",
        {200: Reply("The progress.", s.Progress), 401: BAD_TOKEN},
    ),
)  # fmt: skip

SECURITY = {"none": [], "optional": [{}, {"bearer": []}], "required": [{"bearer": []}]}
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


class _Generator(GenerateJsonSchema):
    """Pydantic's JSON Schema without a title on every property (the names say it)."""

    def field_title_should_be_set(self, schema) -> bool:
        return False


def _json(model: type[BaseModel]) -> dict:
    return {"application/json": {"schema": {"$ref": REF_TEMPLATE.format(model=model.__name__)}}}


def _operation(op: Operation) -> dict:
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "integer" if converter == "int" else "string"},
        }
        for converter, name in PARAMETER.findall(op.path)
    ]
    body: dict = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": [op.tag],
        "security": SECURITY[op.auth],
    }
    if parameters:
        body["parameters"] = parameters
    if op.request is not None:
        body["requestBody"] = {"required": True, "content": _json(op.request)}
    body["responses"] = {str(status): _response(reply) for status, reply in op.responses.items()}
    return body


def _response(reply: Reply) -> dict:
    response: dict = {"description": reply.description}
    if reply.headers:
        response["headers"] = {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in reply.headers
        }
    if reply.model is not None:
        response["content"] = _json(reply.model)
    return response


def _schemas() -> dict[str, dict]:
    """Every model an operation uses, and the models they use, by name."""
    models = {op.request for op in OPERATIONS if op.request is not None}
    models |= {r.model for op in OPERATIONS for r in op.responses.values() if r.model is not None}
    _, top = models_json_schema(
        [(model, "validation") for model in sorted(models, key=lambda m: m.__name__)],
        ref_template=REF_TEMPLATE,
        schema_generator=_Generator,
    )
    return dict(sorted(top["$defs"].items()))


@cache
def _document() -> dict:
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        template = PARAMETER.sub(r"{\2}", op.path)
        paths.setdefault(template, {})[op.method] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "quizapp API",
            "version": "1.0.0",
            "description": "Bilingual Hindi/English reading passages and quizzes. Errors are "
            "JSON objects with `error` and `message`, and `details` for some.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def openapi_document(server_url: str = "/api/v1") -> dict:
    """The whole document, a fresh copy each call: callers may change theirs freely."""
    document = copy.deepcopy(_document())
    document["servers"] = [{"url": server_url}]
    return document
