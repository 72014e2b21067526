"""Every API response the tests make is checked against the OpenAPI document.

``make_app`` in conftest.py sets ``OpenAPICheckingClient`` as the app's test client, so each
request under /api/v1/ (the document itself apart) is matched to its operation through Flask's
own URL map, and the response must be one the document lists for that status, with a body its
schema accepts. A route, status or field the document does not describe fails the test that
met it — the document cannot drift from the code while the tests cover the code.

Stricter than the published document in one way: objects with listed properties are checked as
closed (``additionalProperties: false``) unless the document says they are open, so a field the
API sends must be described before it ships. Validators are compiled once per process, and a
body met before (the same passage in many tests) is not checked again.
"""

import gzip
import hashlib
import json
import re
import zlib
from functools import cache

import brotli
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect
from werkzeug.routing.map import Map

from quizapp.api.openapi import openapi_document

PREFIX = "/api/v1"
UNCHECKED = {f"{PREFIX}/openapi.json"}
DOCUMENT_URI = "urn:quizapp:openapi"
#: Statuses that never carry a body.
BODILESS = {204, 304}
#: Problems by (validator, digest of the body): the same passage or set JSON comes back in many
#: tests, and checking the passage (70 KB) costs 28 ms in pure-Python jsonschema.
_checked: dict[tuple[int, bytes], list[str]] = {}
#: How to undo each Content-Encoding the app may send (quizapp/compression.py).
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress, "deflate": zlib.decompress}


class OpenAPICheckingClient(FlaskClient):
    """A test client that fails the test when an API response differs from the document."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        request = response.request
        if request.path.startswith(PREFIX + "/") and request.path not in UNCHECKED:
            problems = response_problems(
                self.application.url_map,
                request.method,
                request.path,
                response.status_code,
                response.mimetype,
                _body(response),
            )
            if problems:
                raise AssertionError(
                    f"{request.method} {request.path} -> {response.status_code} does not match "
                    "the OpenAPI document:\n  " + "\n  ".join(problems)
                )
        return response


def _body(response) -> bytes:
    data = response.get_data()
    coding = response.headers.get("Content-Encoding")
    return DECODE[coding](data) if coding and data else data


def response_problems(
    url_map: Map, method: str, path: str, status: int, mimetype: str, body: bytes
) -> list[str]:
    """What is wrong with this response by the document; empty when it is as described."""
    if method == "OPTIONS":
        return []  # Flask answers these itself, for every route
    head = method == "HEAD"
    method = "get" if head else method.lower()
    try:
        rule, _ = url_map.bind("localhost").match(path, method=method.upper(), return_rule=True)
    except RequestRedirect:
        return [] if status in (301, 308) else [f"a redirect answered {status}"]
    except (NotFound, MethodNotAllowed) as error:
        # No operation to look up: the app's generic JSON error is the only right answer.
        if status != error.code:
            return [f"no route matches, yet the status is {status}, not {error.code}"]
        return [] if head else _body_problems(_validator("Error"), mimetype, body)
    template = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(PREFIX))
    operation = _document()["paths"].get(template, {}).get(method)
    if operation is None:
        return [f"the document has no operation {method.upper()} {template}"]
    response = operation["responses"].get(str(status))
    if response is None:
        listed = ", ".join(operation["responses"])
        return [f"status {status} is not documented for {method.upper()} {template} ({listed})"]
    content = response.get("content")
    if status in BODILESS or not content:
        return [f"status {status} should have no body"] if body else []
    if head:
        return []
    if mimetype not in content:
        return [f"content type {mimetype!r} is not documented ({', '.join(content)})"]
    validator = _response_validator(template, method, str(status), mimetype)
    return _body_problems(validator, mimetype, body)


def _body_problems(validator: Draft202012Validator, mimetype: str, body: bytes) -> list[str]:
    if mimetype != "application/json":
        return [f"content type {mimetype!r} is not application/json"]
    key = (id(validator), hashlib.blake2b(body, digest_size=16).digest())
    if key not in _checked:
        _checked[key] = _validation_problems(validator, body)
    return _checked[key]


def _validation_problems(validator: Draft202012Validator, body: bytes) -> list[str]:
    try:
        data = json.loads(body)
    except ValueError:
        return ["the body is not JSON"]
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ][:10]


@cache
def _document() -> dict:
    """The document as served, with objects of listed properties closed (see the docstring)."""
    document = openapi_document()
    _close(document["components"]["schemas"])
    return document


def _close(node) -> None:
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close(value)
    elif isinstance(node, list):
        for value in node:
            _close(value)


@cache
def _registry() -> Registry:
    resource = Resource.from_contents(_document(), default_specification=DRAFT202012)
    return Registry().with_resource(DOCUMENT_URI, resource)


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


@cache
def _validator(schema_name: str) -> Draft202012Validator:
    return _compiled(_pointer("", "components", "schemas", schema_name))


@cache
def _response_validator(
    template: str, method: str, status: str, mimetype: str
) -> Draft202012Validator:
    parts = ("", "paths", template, method, "responses", status, "content", mimetype, "schema")
    return _compiled(_pointer(*parts))


def _compiled(pointer: str) -> Draft202012Validator:
    """A validator for the schema at ``pointer`` in the document, its $refs resolved there."""
    return Draft202012Validator(
        {"$ref": f"{DOCUMENT_URI}#{pointer}"},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
