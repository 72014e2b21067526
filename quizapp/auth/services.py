"""Creating users, checking passwords and issuing API tokens."""

import hashlib
import re
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, text

from quizapp.auth.models import ROLES, SYSTEM_USERNAME, ApiToken, Principal, User
from quizapp.database import write_transaction
from quizapp.exceptions import Conflict, DomainError
from quizapp.extensions import db

_hasher = PasswordHasher()  # argon2-cffi's defaults are Argon2id (RFC 9106 low-memory profile)
#: Verified against when the username is unknown, so timing does not reveal which names exist.
_DUMMY_HASH = _hasher.hash("not a real password")
_INVISIBLE = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
USERNAME_PATTERN = re.compile(r"^[\w.\-\u0900-\u097f]{3,40}$")
MIN_PASSWORD_LENGTH = 8


class InvalidCredentials(DomainError):
    """Wrong username or password (deliberately not saying which)."""

    status = 401


class UserExists(Conflict):
    """That username (or a look-alike of it) is taken."""


def username_key(username: str) -> str:
    """The form usernames are compared in: NFKC, invisible characters removed, case-folded."""
    cleaned = _INVISIBLE.sub("", unicodedata.normalize("NFKC", username))
    return unicodedata.normalize("NFC", cleaned.casefold()).strip()


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password``."""
    return _hasher.hash(password)


def create_user(username: str, password: str, role: str = "learner") -> User:
    """Make an account; raises UserExists or DomainError with a message a person can act on."""
    if role not in ROLES:
        raise DomainError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    # Invisible characters are never part of a name: drop them before anything else.
    username = unicodedata.normalize("NFC", _INVISIBLE.sub("", username)).strip()
    if not USERNAME_PATTERN.match(username):
        raise DomainError("A username has 3 to 40 letters, digits, dots, dashes or underscores.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    key = username_key(username)
    with write_transaction():
        if db.session.scalar(select(User.id).where(User.username_key == key)) is not None:
            raise UserExists(f"The username {username!r} is taken.")
        user = User(
            username=username,
            username_key=key,
            password_hash=hash_password(password),
            role=role,
        )
        db.session.add(user)
    return user


def authenticate(username: str, password: str) -> User:
    """The user with these credentials, or InvalidCredentials."""
    user = db.session.scalar(select(User).where(User.username_key == username_key(username)))
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        raise InvalidCredentials("Wrong username or password.") from None
    if user is None or not user.password_hash:
        raise InvalidCredentials("Wrong username or password.")
    return user


def load_user(session_id: str) -> User | None:
    """The user a session cookie names (Flask-Login's loader), if its nonce is still current."""
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit() or not nonce:
        return None
    return db.session.scalar(
        select(User).where(User.id == int(user_id), User.session_nonce == nonce)
    )


def system_user() -> User:
    """The account that owns seeded and command-line imports (created if missing; no password)."""
    user = db.session.scalar(select(User).where(User.username_key == username_key(SYSTEM_USERNAME)))
    if user is None:
        user = User(username=SYSTEM_USERNAME, username_key=SYSTEM_USERNAME, role="admin")
        db.session.add(user)
        db.session.flush()
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(user: User, name: str = "") -> str:
    """A new bearer token for ``user``; only its hash is stored, so show it once."""
    token = "qz_" + secrets.token_urlsafe(32)
    with write_transaction():
        db.session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token), name=name[:80]))
    return token


#: Every API request runs this, so it is plain SQL (the ORM cost more than the request).
_TOKEN_LOOKUP = text(
    'SELECT u.id, u.role FROM "user" u JOIN api_token t ON t.user_id = u.id'
    " WHERE t.token_hash = :token_hash AND t.revoked_at IS NULL"
)


def user_for_token(token: str) -> Principal | None:
    """Who a live (not revoked) token belongs to, or None."""
    if not token or len(token) > 200:
        return None
    row = db.session.connection().execute(_TOKEN_LOOKUP, {"token_hash": _token_hash(token)}).first()
    return Principal(id=row.id, role=row.role) if row is not None else None
