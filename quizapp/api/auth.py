"""Bearer-token authentication for the API."""

from functools import wraps

from flask import g, request

from quizapp.auth.models import Principal
from quizapp.auth.services import user_for_token
from quizapp.exceptions import DomainError, NotAllowed


class Unauthorized(DomainError):
    """No valid bearer token."""

    status = 401


def api_user() -> Principal | None:
    """The user behind this request's ``Authorization: Bearer`` token, if any (cached)."""
    if "api_user" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        g.api_user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
        if header and g.api_user is None:
            raise Unauthorized("The bearer token is missing, malformed, revoked or unknown.")
    return g.api_user


def require_user(view):
    """The view needs a signed-in user (a valid token)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if api_user() is None:
            raise Unauthorized(
                "Send an Authorization: Bearer <token> header (POST /api/v1/tokens)."
            )
        return view(*args, **kwargs)

    return wrapper


def require_teacher(view):
    """The view is for teachers and admins."""

    @require_user
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not api_user().is_teacher:
            raise NotAllowed("Only teachers can do this.")
        return view(*args, **kwargs)

    return wrapper
