"""Security headers on every response (a CSP with no inline script, no framing, no sniffing),
and the check that keeps ``next=`` redirects on this site."""

import re
import time
from urllib.parse import urlsplit

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature
from werkzeug.routing import IntegerConverter

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


#: Set on every response unless the view set its own. ``Cache-Control: no-store`` makes every
#: response private unless its view says otherwise (the reader, static files): a results page,
#: My words or an attempt's JSON must not stay on a shared school PC's disk, and a new route
#: is private from its first line.
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cache-Control", "no-store"),
)


#: A lasting (guest) session's cookie is signed again, and its expiry pushed back, at most this
#: often (seconds) rather than on every request.
REFRESH_AFTER = 24 * 60 * 60


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie session, left alone by the API and re-sent at most once a day.

    The API authenticates with bearer tokens only, so its requests neither read nor write the
    session cookie: an autosave no longer parses and verifies it, nor answers "Vary: Cookie".

    Flask re-signs a permanent session's cookie on every response so that it expires a month
    after the last visit, not the first; for a guest that is a JSON dump, an HMAC and a
    Set-Cookie on every page (0.1 ms of a 1 ms quiz page). Re-signing once a day keeps the
    month to within a day, and pages no longer differ by their cookie from one load to the next.
    """

    def get_signing_serializer(self, app: Flask):
        # Flask builds a new serializer (and its key list) for every request; it only depends
        # on the keys.
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        serializers = self.__dict__.setdefault("_serializers", {})
        if keys not in serializers:
            serializers[keys] = super().get_signing_serializer(app)
        return serializers[keys]

    def open_session(self, app: Flask, request: Request):
        if request.path.startswith("/api/"):
            return self.make_null_session(app)
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at.timestamp()
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        return time.time() - getattr(session, "signed_at", 0) >= REFRESH_AFTER


#: The largest id a table holds: PostgreSQL's INTEGER columns stop here (SQLite's at 2**63 - 1).
MAX_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    """``<int:…>`` in a URL, up to ``MAX_ID``: a larger number matches no route (a 404), where
    it used to reach the database and fail there (an ``OverflowError`` on SQLite, "integer out
    of range" on PostgreSQL: a 500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Bound the ids routes take; attach the headers to every response (private unless a view
    says otherwise); keep the session cookie out of the API. Before the blueprints: routes
    take their converters when they are added."""
    app.url_map.converters["int"] = DatabaseId
    app.session_interface = CookieSessions()

    @app.after_request
    def _headers(response: Response) -> Response:
        # One pass over the headers, not one per name: this runs on every autosave.
        present = {name.lower() for name, _value in response.headers}
        response.headers.extend(
            [(name, value) for name, value in SECURITY_HEADERS if name.lower() not in present]
        )
        return response


#: Backslashes (browsers read ``/\\host`` as ``//host``) and control characters never belong in a
#: path we redirect to.
_UNSAFE_IN_PATH = re.compile(r"[\\\x00-\x1f\x7f]")


def safe_next_path(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default``: never an open redirect."""
    if not target or _UNSAFE_IN_PATH.search(target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
