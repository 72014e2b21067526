"""Security headers on every response (a CSP with no inline script, no framing, no sniffing),
and the check that keeps ``next=`` redirects on this site."""

import re
from urllib.parse import urlsplit

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSessionInterface

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


#: Set on every response unless the view set its own.
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie session, left alone by the API.

    The API authenticates with bearer tokens only, so its requests neither read nor write the
    session cookie: an autosave no longer parses and verifies it, nor answers "Vary: Cookie".
    """

    def open_session(self, app: Flask, request: Request):
        if request.path.startswith("/api/"):
            return self.make_null_session(app)
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    """Attach the headers to every response; keep the session cookie out of the API."""
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
