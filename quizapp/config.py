"""Configuration defaults. instance/config.py overrides them, then QUIZAPP_* variables do."""

import os
from pathlib import Path

from sqlalchemy.engine import make_url

#: Connection-pool settings for PostgreSQL, per gunicorn process (each has its own pool).
#: A request holds at most two connections (its session's, and the plain-SQL write of a start
#: or submit), so 4 + 4 serve a gthread worker's 4 threads; 12 processes on a few machines then
#: stay under PostgreSQL's default max_connections of 100. A connection that sat idle is
#: pinged before use and replaced if the server or a proxy closed it (database.PING_AFTER_IDLE:
#: pool_pre_ping's ping at every checkout cost two round trips per autosave);
#: recycling after 30 minutes keeps clear of idle timeouts on the way.
POSTGRES_ENGINE_OPTIONS = {
    "pool_size": 4,
    "max_overflow": 4,
    "pool_timeout": 10,
    "pool_recycle": 1800,
    "connect_args": {
        "connect_timeout": 10,
        "application_name": "quizapp",
        # Plain DateTime columns hold naive UTC; an aware value is converted to the session's
        # zone on the way in, so the session's zone must be UTC whatever the server's is.
        "options": "-c TimeZone=UTC",
    },
}
#: SQLite: wait for a busy database (the connection pragmas are in database.configure_sqlite).
SQLITE_ENGINE_OPTIONS = {"connect_args": {"timeout": 10}}


#: Public, so anyone could sign a session or a CSRF token with it.
# Not a finding (B105): public on purpose, refused outside debug/tests.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"  # nosec B105
#: Shorter keys are refused too: a secret someone typed by hand, not a random one.
MIN_SECRET_KEY_LENGTH = 16


class InsecureSecretKey(RuntimeError):
    """The app was asked to serve for real with no secret key of its own."""


def check_secret_key(config, debug: bool, testing: bool) -> None:
    """Refuse a missing, public or short ``SECRET_KEY`` unless in debug mode or tests.

    Sessions and CSRF tokens are signed with it, so with the public default anyone could sign
    in as anyone and post any form.
    """
    key = config.get("SECRET_KEY")
    if debug or testing:
        return
    own = isinstance(key, str | bytes) and key != DEVELOPMENT_SECRET_KEY
    if own and len(key) >= MIN_SECRET_KEY_LENGTH:
        return
    raise InsecureSecretKey(
        "quizapp needs a secret key of its own (at least "
        f"{MIN_SECRET_KEY_LENGTH} characters) to sign sessions and forms. scripts/run-app.sh "
        "writes a random one to instance/config.py; or set QUIZAPP_SECRET_KEY, e.g. to the "
        "output of: python3 -c 'import secrets; print(secrets.token_hex(32))'. For development "
        "only, run with --debug."
    )


class DefaultConfig:
    """Settings for a single-machine install on SQLite; safe for development."""

    #: Replaced by instance/config.py or QUIZAPP_SECRET_KEY (see README); the app refuses to
    #: start with this public value except in debug mode and tests (``check_secret_key``).
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
    #: Filled in by create_app() with a file in the instance folder unless set.
    #: PostgreSQL: ``postgresql+psycopg://user:password@host/dbname`` (pip install '.[postgres]').
    SQLALCHEMY_DATABASE_URI: str | None = None
    #: Extra engine options; create_app() adds the database's own defaults (``engine_options``).
    SQLALCHEMY_ENGINE_OPTIONS = None
    LANGUAGES = ("en", "hi")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    WTF_CSRF_TIME_LIMIT = None  # valid for the whole session, so long quizzes can be submitted
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    JSON_SORT_KEYS = False
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    #: Signing up with this code makes a teacher account; empty (the default) turns that off,
    #: so only admins make teachers. Use a long random code.
    TEACHER_INVITE_CODE = ""
    #: Sign-ups allowed per client address (a school's whole class shares one: 40 in a minute
    #: must pass) and in all, each as (number, seconds), counted in the database (quizapp.throttle)
    #: so every process agrees. Each sign-up costs an Argon2 hash.
    SIGNUP_LIMITS_PER_ADDRESS = ((60, 60), (300, 3600))
    SIGNUP_LIMITS_IN_ALL = ((300, 60),)
    SEND_FILE_MAX_AGE_DEFAULT = 60 * 60 * 24 * 7


def sqlite_uri(instance_path: str) -> str:
    """The default database: quizapp.sqlite3 in Flask's instance folder."""
    return "sqlite:///" + os.fspath(Path(instance_path) / "quizapp.sqlite3")


def database_uri(uri: str) -> str:
    """``uri`` with psycopg 3 as the PostgreSQL driver when it names none.

    Hosting panels hand out ``postgres://`` or ``postgresql://`` URLs, which SQLAlchemy would
    open with psycopg2; the ``postgres`` extra installs psycopg 3.
    """
    for scheme in ("postgres://", "postgresql://"):
        if uri.startswith(scheme):
            return "postgresql+psycopg://" + uri[len(scheme) :]
    return uri


def database_settings(config) -> dict:
    """The database URI (driver filled in) and its engine options, from ``config``."""
    uri = database_uri(config["SQLALCHEMY_DATABASE_URI"])
    return {
        "SQLALCHEMY_DATABASE_URI": uri,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(uri, config.get("SQLALCHEMY_ENGINE_OPTIONS")),
    }


def engine_options(uri: str, configured: dict | None = None) -> dict:
    """The engine options for ``uri``'s database, under those configured (which win).

    SQLite's options are refused by other drivers (psycopg rejects ``timeout``), so each
    database gets its own; ``connect_args`` are merged key by key.
    """
    backend = make_url(uri).get_backend_name()
    defaults = {"sqlite": SQLITE_ENGINE_OPTIONS, "postgresql": POSTGRES_ENGINE_OPTIONS}
    options = dict(defaults.get(backend, {}))
    configured = dict(configured or {})
    connect_args = {**options.get("connect_args", {}), **configured.pop("connect_args", {})}
    options.update(configured)
    if connect_args:
        options["connect_args"] = connect_args
    return options
