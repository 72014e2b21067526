"""Who is answering: the signed-in user, or a guest known by a random key in this browser's
session cookie. A guest's attempts move into the account the browser signs in to, on
Flask-Login's ``user_logged_in`` signal, so the sign-in code knows nothing of guests."""

from flask import g, session
from flask_login import current_user, user_logged_in

from quizapp.attempts.services import Learner, claim_guest_attempts, new_guest_key

GUEST_KEY = "guest_key"


def current_viewer():
    """The signed-in user for access checks on sets, or None for a guest."""
    return current_user if current_user.is_authenticated else None


def current_learner(create: bool = False) -> Learner | None:
    """The signed-in user, else this browser's guest key (made on first start when ``create``).

    The guest key is not consulted once someone signs in: its attempts moved to the account.
    """
    if current_user.is_authenticated:
        return Learner(user_id=current_user.id)
    key = session.get(GUEST_KEY)
    if key is None and create:
        key = session[GUEST_KEY] = new_guest_key()
        session.permanent = True  # a guest's attempts survive closing the browser
    return Learner(guest_key=key) if key else None


def learner_or_nobody() -> Learner:
    """The learner for a route that needs one; a browser without a key owns nothing."""
    return current_learner() or Learner(guest_key="")


@user_logged_in.connect
def _claim_guest_attempts(_app, user, **_extra) -> None:
    # Signing in starts a fresh session; auth keeps what the old one held in
    # ``g.session_before_login`` for receivers like this one.
    key = (g.get("session_before_login") or {}).get(GUEST_KEY)
    if key:
        claim_guest_attempts(key, user.id)
