"""Rendered HTML kept per worker, keyed by everything it depends on, for pages that are mostly
the same for everyone (the quiz page's questions, the home page).

A piece may not hold anything of one visitor's that another must not see: the session's CSRF
token is rendered as ``CSRF_STAND_IN`` (``without_csrf``) and put back per request
(``with_csrf``). Keys are built from values read from the database on each request (question
and passage versions, the visitor's own scores), so a worker never serves a piece older than
what another worker wrote: a stale piece is simply never asked for again and ages out.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app, g, session
from flask_wtf.csrf import generate_csrf

CSRF_STAND_IN = "csrf-stand-in-replaced-per-request"
#: Where Flask-WTF keeps the session's raw token (its ``WTF_CSRF_FIELD_NAME`` default).
CSRF_SESSION_KEY = "csrf_token"


class LRUCache:
    """A bounded per-process LRU of rendered pieces, safe to share between a worker's threads
    (gunicorn's gthread workers serve several requests at once). Also the store of
    ``compression.PageCache``."""

    def __init__(self, size: int):
        self.size = size
        self._pieces: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, render: Callable[[], object]):
        """The piece for ``key``, rendering it on a miss (outside the lock: other requests need
        not wait; when two threads render the same piece, the first one kept wins)."""
        with self._lock:
            piece = self._pieces.get(key)
            if piece is not None:
                self._pieces.move_to_end(key)
                return piece
        piece = render()
        with self._lock:
            piece = self._pieces.setdefault(key, piece)
            self._pieces.move_to_end(key)
            while len(self._pieces) > self.size:
                self._pieces.popitem(last=False)
        return piece

    def clear(self) -> None:
        """Forget every piece (tests use this)."""
        with self._lock:
            self._pieces.clear()

    def __iter__(self):
        with self._lock:
            return iter(list(self._pieces))

    def __len__(self) -> int:
        return len(self._pieces)


#: One cache for every page built from pieces: a class of 40 with twenty questions each,
#: answered differently, fits many times over (a piece is 1–40 KB).
fragments = LRUCache(size=8192)


#: Signed CSRF tokens by (signing key, the session's raw token).
_signed_tokens = LRUCache(size=4096)


def csrf_token() -> str:
    """This session's signed CSRF token, signed once per worker rather than once per request.

    Flask-WTF signs the session's raw token with a timestamp on every request (an HMAC, JSON and
    base64: a tenth of what a cached page costs to serve). With ``WTF_CSRF_TIME_LIMIT = None``
    the timestamp is never checked, so the first signature stays valid for the whole session
    and can be handed out again; the page then comes out the same on every load. With a time
    limit, tokens are signed afresh as Flask-WTF does.
    """
    config = current_app.config
    field = config.get("WTF_CSRF_FIELD_NAME", CSRF_SESSION_KEY)
    raw = session.get(field)
    if field not in g and isinstance(raw, str) and config.get("WTF_CSRF_TIME_LIMIT") is None:
        key = (config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, raw)
        setattr(g, field, _signed_tokens.get(key, generate_csrf))
    return generate_csrf()


def without_csrf(html: str) -> str:
    """``html`` rendered in this request, with its CSRF token turned into the stand-in."""
    return html.replace(csrf_token(), CSRF_STAND_IN)


def with_csrf(html: str) -> str:
    """A page put together from pieces, with this session's CSRF token filled in."""
    return html.replace(CSRF_STAND_IN, csrf_token())
