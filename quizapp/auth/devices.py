"""Device cookies (OWASP): a browser that signed in to an account before is not locked out by a
stranger's guesses at that account.

A sign-in with the right password leaves a signed cookie naming the account (its username key)
and a random device id, one cookie per account so a shared school PC can hold several. At the
next sign-in the id is handed to ``auth.services.authenticate``, which throttles that browser on
its own count of wrong passwords instead of the account's.
"""

import hashlib
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from quizapp.auth.services import username_key

DEVICE_COOKIE_DAYS = 365


def device_cookie_name(key: str) -> str:
    # One per account (a shared school PC holds several): named by a digest, not the name.
    return "qd_" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="quizapp-device")


def device_of(username: str) -> str | None:
    """The id in this browser's device cookie for ``username``'s account, if it has a valid one."""
    key = username_key(username or "")
    cookie = request.cookies.get(device_cookie_name(key))
    if not cookie:
        return None
    try:
        payload = _signer().loads(cookie)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("k") != key:
        return None
    device = payload.get("d")
    return device if isinstance(device, str) and len(device) == 32 else None


def remember_device(response, user, device: str | None):
    """After a sign-in with the right password: this browser is trusted for the account."""
    payload = {"k": user.username_key, "d": device or secrets.token_hex(16)}
    response.set_cookie(
        device_cookie_name(user.username_key),
        _signer().dumps(payload),
        max_age=DEVICE_COOKIE_DAYS * 24 * 60 * 60,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response
