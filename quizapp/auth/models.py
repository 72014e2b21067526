"""Users with roles, their signed-in browser sessions, and the API tokens scripts and apps sign
in with."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.database import UTCDateTime, utcnow
from quizapp.extensions import db


def new_session_nonce() -> str:
    """A fresh random session nonce."""
    return secrets.token_hex(16)


ROLES = ("learner", "teacher", "admin")
#: Owner of everything an admin imports from the command line or the seed.
SYSTEM_USERNAME = "system"


class HasRole:
    """The role predicates, for anything with a ``role``: the account row, the signed-in
    record (``auth.services.SessionUser``) and an API token's ``Principal``."""

    @property
    def is_teacher(self) -> bool:
        """Teachers and admins may write and preview questions."""
        return self.role in ("teacher", "admin")

    @property
    def is_admin(self) -> bool:
        """Admins may do anything."""
        return self.role == "admin"


class AccountHolder(HasRole):
    """What the account row (``User``) and the signed-in record (``auth.services.SessionUser``)
    both are: Flask-Login's user. Written out rather than inherited from UserMixin: only a
    signed-in record has the id Flask-Login keeps (``get_id``, with the session nonce and the
    browser's login session)."""

    is_authenticated = True
    is_active = True
    is_anonymous = False


class User(AccountHolder, db.Model):
    """A learner, teacher or admin."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: As typed at sign-up, for display.
    username: Mapped[str] = mapped_column(String(80))
    #: A person's name as a class roster gives it (Devanagari welcome); empty: the username.
    display_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    #: Normalised form (NFC, case-folded, invisible characters removed) that must be unique,
    #: so look-alike names cannot register twice.
    username_key: Mapped[str] = mapped_column(String(80), unique=True)
    #: Argon2id hash; empty for accounts that cannot sign in (the system account).
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(10), default="learner")
    #: Preferred interface language, "en" or "hi"; empty means the browser decides.
    locale: Mapped[str] = mapped_column(String(5), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Part of the id kept in the session cookie; changing it (new password, "sign out
    #: everywhere") ends every session signed in before.
    session_nonce: Mapped[str] = mapped_column(String(32), default=new_session_nonce)
    #: Wrong passwords in a row; from the tenth on, each one makes the next try wait longer.
    failed_logins: Mapped[int] = mapped_column(default=0)
    #: No password is checked for this account before this time (throttling per account).
    login_blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    tokens: Mapped[list["ApiToken"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("role IN ('learner', 'teacher', 'admin')", name="role_known"),
    )


@dataclass(frozen=True)
class Principal(HasRole):
    """Who an API token speaks for: just what access checks need, without loading the row."""

    id: int
    role: str


def new_login_session_id() -> str:
    """A fresh random id for a signed-in browser session."""
    return secrets.token_hex(16)


class LoginSession(db.Model):
    """One browser signed in to an account. The session cookie names it, so signing out ends
    that browser's session for good: a copy of the cookie taken before no longer signs anyone
    in (the cookie alone cannot be recalled)."""

    __tablename__ = "login_session"

    #: Random, and part of the id the session cookie keeps (``<user>:<nonce>:<this>``).
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_login_session_id)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: Rows older than the session cookie's lifetime are of no use and are pruned at sign-in.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginThrottle(db.Model):
    """Wrong passwords in a row from one trusted browser (``device:<id>``: it signed in to the
    account before, so a stranger's guesses do not lock it out) or for a username no account
    has (``name:<key>``: so unknown names are throttled exactly as known ones). An account's
    own count, for every other client, stays in ``user``."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class ApiToken(db.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: Hex SHA-256 of the token; the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: A label the user chose ("grading script"), shown when listing tokens.
    name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    #: Set when revoked; a revoked token never authenticates again.
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship(back_populates="tokens")
