"""Accounts: creating users, checking passwords (throttled per account), sessions, the
preferred interface language and API tokens."""

import hashlib
import hmac
import math
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update

from quizapp.auth.models import (
    ROLES,
    SYSTEM_USERNAME,
    AccountHolder,
    ApiToken,
    LoginSession,
    LoginThrottle,
    Principal,
    User,
    new_session_nonce,
)
from quizapp.core.confusables import skeleton
from quizapp.core.passwords import HAS_USERNAME, TOO_GUESSABLE, password_problem
from quizapp.database import (
    as_utc,
    driver_rows,
    read_one,
    row_lock,
    stored_time,
    utcnow,
    write_connection,
    write_transaction,
)
from quizapp.exceptions import Conflict, DomainError, NotFound
from quizapp.extensions import db
from quizapp.throttle import Limit, Throttled, check_and_count

#: Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). argon2-cffi's default
#: (64 MiB, 3 passes, 4 lanes) took 120 ms a check on two cores: a class of 40 signing in at
#: once waited seconds. Hashes made with other settings are renewed at the next sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
#: Verified against when the username is unknown, so timing does not reveal which names exist.
_DUMMY_HASH = _hasher.hash("not a real password")
_INVISIBLE = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
USERNAME_PATTERN = re.compile(r"^[\w.\-\u0900-\u097f]{3,40}$")
#: The username_key column's length: a name whose key would not fit is refused.
MAX_USERNAME_KEY = 80
MIN_PASSWORD_LENGTH = 8
#: Longer passwords are refused rather than hashed (a megabyte "password" is an attack).
MAX_PASSWORD_LENGTH = 1000
LOCALES = ("en", "hi")

#: Wrong passwords in a row that cost nothing; from the next one on the account waits.
FREE_FAILURES = 9
FIRST_DELAY = timedelta(seconds=1)
MAX_DELAY = timedelta(minutes=15)
#: A token's last_used_at is rewritten at most this often (not on every API request).
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


class InvalidCredentials(DomainError):
    """Wrong username or password (deliberately not saying which)."""

    status = 401


class LoginThrottled(Throttled):
    """Too many wrong passwords in a row for this account: no password is checked until later."""

    def __init__(self, retry_after: int):
        unit = "second" if retry_after == 1 else "seconds"
        message = f"Too many failed sign-ins for this account. Try again in {retry_after} {unit}."
        super().__init__(message, retry_after)


class UserExists(Conflict):
    """That username (or a look-alike of it) is taken."""


class InvalidInviteCode(DomainError):
    """A teacher invite code that is wrong, or given while teacher sign-up is closed."""


# ---- Usernames and passwords -------------------------------------------------------------------


def username_key(username: str) -> str:
    """The form usernames are compared in: NFKC, invisible characters removed, case-folded,
    and look-alike letters as one (``core.confusables``: Cyrillic ``аsha`` is ``asha``)."""
    cleaned = _INVISIBLE.sub("", unicodedata.normalize("NFKC", username))
    return skeleton(unicodedata.normalize("NFC", cleaned.casefold()).strip())


def clean_username(username: str) -> str:
    """A username as it is stored and shown: NFC, without invisible (zero-width, bidi) marks."""
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", username)).strip()


def is_valid_username(username: str) -> bool:
    """3 to 40 letters, digits, dots, dashes or underscores (after cleaning), key short enough."""
    cleaned = clean_username(username)
    return bool(USERNAME_PATTERN.match(cleaned)) and len(username_key(cleaned)) <= MAX_USERNAME_KEY


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password``."""
    return _hasher.hash(password)


class WeakPassword(DomainError):
    """A new password too easy to guess, or built from the username (``core.passwords``)."""

    def __init__(self, problem: str):
        super().__init__(WEAK_PASSWORD_MESSAGES[problem])
        self.problem = problem


#: What the command line and the API say; the forms say it in the interface language.
WEAK_PASSWORD_MESSAGES = {
    TOO_GUESSABLE: "That password is too easy to guess. Try three or four words you will "
    "remember, like 'blue kite river 7'.",
    HAS_USERNAME: "Your password must not contain your username.",
}


def _check_new_password(password: str, username: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise DomainError(f"A password has at most {MAX_PASSWORD_LENGTH} characters.")
    problem = password_problem(password, username)
    if problem is not None:
        raise WeakPassword(problem)


def create_user(username: str, password: str, role: str = "learner") -> User:
    """Make an account; raises UserExists or DomainError with a message a person can act on."""
    if role not in ROLES:
        raise DomainError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    # Invisible characters are never part of a name: drop them before anything else.
    username = clean_username(username)
    if not is_valid_username(username):
        raise DomainError("A username has 3 to 40 letters, digits, dots, dashes or underscores.")
    _check_new_password(password, username)
    key = username_key(username)
    password_hash = hash_password(password)  # slow: before the write lock, not under it
    with write_transaction():
        if db.session.scalar(select(User.id).where(User.username_key == key)) is not None:
            raise UserExists(f"The username {username!r} is taken.")
        user = User(username=username, username_key=key, password_hash=password_hash, role=role)
        db.session.add(user)
    return user


def role_for_invite_code(code: str, configured: str) -> str:
    """The role to sign up with: teacher for the configured invite code, learner for none."""
    if not code:
        return "learner"
    # compare_digest refuses non-ASCII str, so compare the UTF-8 bytes.
    if configured and hmac.compare_digest(
        code.encode("utf-8", "surrogatepass"), configured.encode()
    ):
        return "teacher"
    raise InvalidInviteCode("That teacher invite code is not valid.")


def sign_up(
    username: str,
    password: str,
    invite_code: str,
    configured_code: str,
    address: str = "",
    limits: dict[str, Limit] | None = None,
) -> User:
    """A learner's account, or a teacher's when ``invite_code`` is the configured one; raises
    ``Throttled`` past ``limits`` (``signup_limits``) before any password is hashed."""
    if limits:
        check_and_count(limits, "Many accounts were made from here just now. Try again later.")
    return create_user(username, password, role_for_invite_code(invite_code, configured_code))


def signup_limits(address: str, per_address, in_all) -> dict[str, Limit]:
    """The buckets a sign-up from ``address`` counts in, from the configured (number, seconds)."""
    limits = {f"signup:ip:{address}:{s}": Limit(n, s) for n, s in per_address}
    limits |= {f"signup:all:{s}": Limit(n, s) for n, s in in_all}
    return limits


# ---- Checking passwords, throttled per account -------------------------------------------------


def login_delay(failures: int) -> timedelta:
    """How long an account waits after ``failures`` wrong passwords in a row.

    Nothing for the first nine, then 1 s, 2 s, 4 s … doubling up to 15 minutes. Per account,
    never per IP: a whole class signs in from one school address.
    """
    if failures <= FREE_FAILURES:
        return timedelta(0)
    doublings = min(failures - FREE_FAILURES - 1, 30)
    return min(FIRST_DELAY * 2**doublings, MAX_DELAY)


def seconds_left(blocked_until: datetime | None, now: datetime) -> int:
    """Whole seconds (rounded up) from ``now`` until ``blocked_until``; 0 once it has passed."""
    if blocked_until is None or blocked_until <= now:
        return 0
    return math.ceil((blocked_until - now).total_seconds())


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(username: str, password: str, device: str | None = None) -> User:
    """The user with these credentials; InvalidCredentials, or LoginThrottled while blocked.

    ``device``: the id of this browser's device cookie when it names this account (it signed
    in here before, ``device_for``). Such a browser is throttled on its own count, so guesses
    from elsewhere never lock it out (OWASP's device cookies). A username no account has is
    throttled like an account, so the answers never tell the two apart.
    """
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidCredentials("Wrong username or password.")
    key = username_key(username)
    user = db.session.scalar(select(User).where(User.username_key == key))
    if user is None or not user.password_hash:
        throttle = f"name:{key}"[:200]
        _claim_keyed_try(throttle)
        _verify(_DUMMY_HASH, password)  # the same work as a real check
        _record_keyed_failure(throttle)
        raise InvalidCredentials("Wrong username or password.")
    if device is None:
        check_password(user, password)
        return user
    throttle = f"device:{device}"[:200]
    _claim_keyed_try(throttle)
    if not _verify(user.password_hash, password):
        _record_keyed_failure(throttle)
        raise InvalidCredentials("Wrong username or password.")
    _forget_keyed(throttle)
    _record_success(user.id, password)
    return user


def unlock_account(username: str) -> bool:
    """Let an account (or a username no account has) be tried again at once: an admin's
    answer to someone locked out by another's guesses. Whether there was anything to lift."""
    key = username_key(username)
    with write_transaction():
        lifted = db.session.execute(
            update(User)
            .where(User.username_key == key)
            .where((User.failed_logins > 0) | User.login_blocked_until.is_not(None))
            .values(failed_logins=0, login_blocked_until=None)
        ).rowcount
        lifted += db.session.execute(
            delete(LoginThrottle).where(LoginThrottle.key == f"name:{key}"[:200])
        ).rowcount
    return bool(lifted)


def check_password(user: User, password: str) -> None:
    """Check ``user``'s password under the account's throttle; raise if wrong or blocked."""
    _claim_try(user.id)
    if not _verify(user.password_hash, password):
        _record_failure(user.id)
        raise InvalidCredentials("Wrong username or password.")
    _record_success(user.id, password)


def _throttle_state(user_id: int):
    return db.session.execute(
        select(User.failed_logins, User.login_blocked_until).where(User.id == user_id)
    ).one()


def _claim_try(user_id: int) -> None:
    """Refuse while the account is blocked. Past the free failures, block the account for the
    next delay *before* the (slow) password check, so parallel guesses wait their turn too."""
    now = utcnow()
    state = _throttle_state(user_id)
    if seconds_left(state.login_blocked_until, now):
        raise LoginThrottled(seconds_left(state.login_blocked_until, now))
    if state.failed_logins < FREE_FAILURES:
        return
    with write_transaction():
        state = db.session.execute(
            select(User.failed_logins, User.login_blocked_until)
            .where(User.id == user_id)
            .with_for_update()
        ).one()
        if seconds_left(state.login_blocked_until, now):
            raise LoginThrottled(seconds_left(state.login_blocked_until, now))
        blocked_until = now + login_delay(state.failed_logins + 1)
        db.session.execute(
            update(User).where(User.id == user_id).values(login_blocked_until=blocked_until)
        )


def _record_failure(user_id: int) -> None:
    # One atomic increment: concurrent failures never overwrite each other's counts.
    with write_transaction():
        db.session.execute(
            update(User).where(User.id == user_id).values(failed_logins=User.failed_logins + 1)
        )
        failures = db.session.scalar(select(User.failed_logins).where(User.id == user_id))
        delay = login_delay(failures)
        if delay:
            db.session.execute(
                update(User).where(User.id == user_id).values(login_blocked_until=utcnow() + delay)
            )


_KEYED_FAILURE = (
    "INSERT INTO login_throttle (key, failed_logins) VALUES (:key, 1)"
    " ON CONFLICT (key) DO UPDATE SET failed_logins = login_throttle.failed_logins + 1"
    " RETURNING failed_logins"
)
_KEYED_BLOCK = "UPDATE login_throttle SET blocked_until = :until WHERE key = :key"
_KEYED_STATE = "SELECT failed_logins, blocked_until FROM login_throttle WHERE key = :key"


def _keyed_state(key: str) -> tuple[int, datetime | None]:
    row = db.session.get(LoginThrottle, key)
    return (row.failed_logins, row.blocked_until) if row is not None else (0, None)


def _claim_keyed_try(key: str) -> None:
    """``_claim_try`` for a browser's or an unknown name's own count (``LoginThrottle``)."""
    now = utcnow()
    failures, blocked_until = _keyed_state(key)
    if seconds_left(blocked_until, now):
        raise LoginThrottled(seconds_left(blocked_until, now))
    if failures < FREE_FAILURES:
        return
    with write_connection() as connection:
        sql = _KEYED_STATE + row_lock(connection, "FOR UPDATE")
        [(failures, blocked_until)] = driver_rows(connection, sql, {"key": key})
        if seconds_left(as_utc(blocked_until), now):
            raise LoginThrottled(seconds_left(as_utc(blocked_until), now))
        until = stored_time(connection, now + login_delay(failures + 1))
        driver_rows(connection, _KEYED_BLOCK, {"key": key, "until": until})


def _record_keyed_failure(key: str) -> None:
    with write_connection() as connection:
        [(failures,)] = driver_rows(connection, _KEYED_FAILURE, {"key": key})
        delay = login_delay(failures)
        if delay:
            until = stored_time(connection, utcnow() + delay)
            driver_rows(connection, _KEYED_BLOCK, {"key": key, "until": until})


def _forget_keyed(key: str) -> None:
    if db.session.get(LoginThrottle, key) is not None:
        with write_transaction():
            db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))


def _record_success(user_id: int, password: str) -> None:
    state = _throttle_state(user_id)
    stored = db.session.scalar(select(User.password_hash).where(User.id == user_id))
    rehash = _hasher.check_needs_rehash(stored)
    if not (state.failed_logins or state.login_blocked_until or rehash):
        return
    values = {"failed_logins": 0, "login_blocked_until": None}
    if rehash:
        values["password_hash"] = hash_password(password)
    with write_transaction():
        db.session.execute(update(User).where(User.id == user_id).values(**values))


# ---- Sessions and preferences ------------------------------------------------------------------


@dataclass(frozen=True)
class SessionUser(AccountHolder):
    """The signed-in user as a page sees it (Flask-Login's ``current_user``): a plain record.

    Every signed-in page loads it, so it is one statement and no ORM object: building a ``User``
    and adding it to the session cost a signed-in quiz page a sixth of its time. Services that
    change the account (password, language, sign out everywhere) load its row themselves.
    """

    id: int
    username: str
    role: str
    #: Preferred interface language, "en" or "hi"; empty means the browser decides.
    locale: str
    session_nonce: str
    #: This browser's ``LoginSession``: signing out deletes it.
    login_session_id: str

    def get_id(self) -> str:
        """The id kept in the session cookie: ``<user id>:<session nonce>:<login session>``."""
        return f"{self.id}:{self.session_nonce}:{self.login_session_id}"


#: Every signed-in page runs this (Flask-Login's loader), so it is one plain statement.
_SESSION_USER = (
    'SELECT u.id, u.username, u.role, u.locale, u.session_nonce, s.id FROM "user" u'
    " JOIN login_session s ON s.user_id = u.id"
    " WHERE u.id = :user_id AND u.session_nonce = :nonce AND s.id = :login_session"
)
_SESSION_ID = re.compile(r"(\d{1,18}):([0-9a-f]{1,64}):([0-9a-f]{1,64})")


def load_user(session_id: str) -> SessionUser | None:
    """The user a session cookie names (Flask-Login's loader), if its nonce is still current
    and its browser has not signed out.

    Read on a pooled connection of its own (``database.read_one``): opening the session's
    transaction for it cost a tenth of a cached page.
    """
    found = _SESSION_ID.fullmatch(session_id or "")
    if found is None:
        return None
    user_id, nonce, login_session = found.groups()
    params = {"user_id": int(user_id), "nonce": nonce, "login_session": login_session}
    row = read_one(_SESSION_USER, params)
    return SessionUser(*row) if row is not None else None


def open_login_session(user: User | SessionUser, lifetime: timedelta) -> SessionUser:
    """Record a new signed-in browser for ``user`` (and forget the account's sessions older
    than ``lifetime``, whose cookies have expired); what Flask-Login keeps in the session."""
    now = utcnow()
    with write_transaction():
        db.session.execute(
            delete(LoginSession).where(
                LoginSession.user_id == user.id, LoginSession.created_at < now - lifetime
            )
        )
        row = LoginSession(user_id=user.id, created_at=now)
        db.session.add(row)
        db.session.flush()
        login_session_id = row.id
    return SessionUser(
        user.id, user.username, user.role, user.locale, user.session_nonce, login_session_id
    )


def end_login_session(login_session_id: str) -> None:
    """Sign one browser out for good: its session cookie, even a copy, signs no one in again."""
    with write_transaction():
        db.session.execute(delete(LoginSession).where(LoginSession.id == login_session_id))


def _end_sessions_and_tokens(user: User, revoke_tokens: bool) -> None:
    # Inside a write transaction: every session cookie of the account stops working (the nonce
    # is part of it), and its API tokens too when asked.
    user.session_nonce = new_session_nonce()
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    if revoke_tokens:
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def change_password(
    user: User | SessionUser, current: str, new: str, revoke_tokens: bool = True
) -> User:
    """Set a new password after checking the current one (throttled like a sign-in).

    Every session of the account ends (the caller starts a new one for this browser), and, by
    default, its API tokens are revoked: whoever learnt the old password may have made one.
    """
    user = db.session.get(User, user.id)  # the signed-in record has no password hash
    check_password(user, current)
    _check_new_password(new, user.username)
    password_hash = hash_password(new)
    with write_transaction():
        user = db.session.get(User, user.id)
        user.password_hash = password_hash
        _end_sessions_and_tokens(user, revoke_tokens)
    return user


def end_all_sessions(user: User | SessionUser, revoke_tokens: bool = True) -> User:
    """Sign the account out everywhere, and by default revoke its API tokens."""
    with write_transaction():
        user = db.session.get(User, user.id)
        _end_sessions_and_tokens(user, revoke_tokens)
    return user


def set_locale(user: User | SessionUser, locale: str) -> User:
    """Remember the interface language the user prefers ("en" or "hi")."""
    if locale not in LOCALES:
        raise DomainError(f"Unknown interface language {locale!r}.")
    if user.locale == locale:
        return user
    with write_transaction():
        user = db.session.get(User, user.id)
        user.locale = locale
    return user


def system_user() -> User:
    """The account that owns seeded and command-line imports (created if missing; no password)."""
    user = db.session.scalar(select(User).where(User.username_key == username_key(SYSTEM_USERNAME)))
    if user is None:
        user = User(username=SYSTEM_USERNAME, username_key=SYSTEM_USERNAME, role="admin")
        db.session.add(user)
        db.session.flush()
    return user


# ---- API tokens --------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(user: User | SessionUser, name: str = "") -> str:
    """A new bearer token for ``user``; only its hash is stored, so show it once."""
    token = "qz_" + secrets.token_urlsafe(32)
    with write_transaction():
        db.session.add(
            ApiToken(user_id=user.id, token_hash=_token_hash(token), name=name.strip()[:80])
        )
    return token


def list_tokens(user_id: int) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user_id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(user_id: int, token_id: int) -> ApiToken:
    """Revoke one of the user's tokens (at once: the next request with it is refused).

    Anyone else's token is NotFound, the same as one that does not exist.
    """
    with write_transaction():
        token = db.session.get(ApiToken, token_id)
        if token is None or token.user_id != user_id:
            raise NotFound(f"No token with id {token_id}.")
        if token.revoked_at is None:
            token.revoked_at = utcnow()
    return token


#: Every API request runs this, so it is plain SQL (the ORM cost more than the request).
_TOKEN_LOOKUP = (
    # Not a finding (B105): a statement, not a password.
    'SELECT u.id, u.role, t.id, t.last_used_at FROM "user" u'  # nosec B105
    " JOIN api_token t ON t.user_id = u.id"
    " WHERE t.token_hash = :token_hash AND t.revoked_at IS NULL"
)
# Not a finding (B105): a statement, not a password.
_TOKEN_TOUCH = "UPDATE api_token SET last_used_at = :now WHERE id = :token_id"  # nosec B105


def user_for_token(token: str) -> Principal | None:
    """Who a live (not revoked) token belongs to, or None; notes when it was last used."""
    if not token or len(token) > 200:
        return None
    row = read_one(_TOKEN_LOOKUP, {"token_hash": _token_hash(token)})
    if row is None:
        return None
    user_id, role, token_id, last_used = row[0], row[1], row[2], as_utc(row[3])
    now = utcnow()
    if last_used is None or now - last_used > TOKEN_TOUCH_INTERVAL:
        # A class's first requests of the lesson each do this: the cheapest write there is.
        with write_connection() as connection:
            driver_rows(
                connection,
                _TOKEN_TOUCH,
                {"now": stored_time(connection, now), "token_id": token_id},
            )
    return Principal(id=user_id, role=role)
