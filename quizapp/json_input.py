"""JSON request bodies that every route can trust: nested at most a few levels, valid Unicode.

Python's parser turns hostile JSON into errors no route expects: some thousand nested arrays
raise ``RecursionError`` (and a few hundred inside an answer did so later, while the answer was
saved), and an escaped lone surrogate (``"\\ud800"``) becomes a string that cannot be encoded
as UTF-8, so the database, Argon2 or the page failed on it. Each was a 500. Here the body is
refused as it is read, with a 400 and a message, before any route sees it.
"""

import re

from flask import Request, current_app, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest

from quizapp.exceptions import DomainError

#: Deeper than anything the API takes (a bank's question is about six levels deep).
MAX_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


class UnsafeJSON(ValueError):
    """A body that parses but that no route should be handed."""


def check_json_value(value, max_depth: int = MAX_DEPTH) -> None:
    """Raise ``UnsafeJSON`` if ``value`` nests deeper than ``max_depth`` or holds a string (or
    key) that is not valid Unicode. Iterative, so its own depth is no limit."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise UnsafeJSON("Text in the request is not valid Unicode (a lone surrogate).")
        elif isinstance(item, list | dict):
            if depth > max_depth:
                raise UnsafeJSON(f"The JSON is nested too deeply (more than {max_depth} levels).")
            if isinstance(item, dict):
                pending.extend((key, depth) for key in item)
                pending.extend((member, depth + 1) for member in item.values())
            else:
                pending.extend((member, depth + 1) for member in item)


class CheckedJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, refusing bodies ``check_json_value`` refuses. A ``ValueError``
    here is what Flask answers with 400 Bad Request (``Request.on_json_loading_failed``)."""

    def loads(self, s, **kwargs):
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise UnsafeJSON(
                f"The JSON is nested too deeply (more than {MAX_DEPTH} levels)."
            ) from None
        check_json_value(value)
        return value


class CheckedRequest(Request):
    """Flask's request, saying why a JSON body was refused (Flask's own 400 says only "bad
    request" outside debug mode)."""

    def on_json_loading_failed(self, e: ValueError | None):
        if isinstance(e, UnsafeJSON):
            raise BadRequest(str(e))
        return super().on_json_loading_failed(e)


def json_body():
    """The request's JSON body, or None when it has none or it does not parse; a 400 that says
    why when it is JSON no route should take (too deep, not valid Unicode)."""
    if not request.is_json:
        return None
    try:
        return current_app.json.loads(request.get_data(cache=True))
    except UnsafeJSON as error:
        raise DomainError(str(error)) from None
    except ValueError:
        return None


def init_app(app) -> None:
    """Parse every JSON body through ``CheckedJSONProvider``."""
    app.json_provider_class = CheckedJSONProvider
    app.json = CheckedJSONProvider(app)
    app.request_class = CheckedRequest
