"""Configuration defaults. instance/config.py overrides them, then QUIZAPP_* variables do."""

import os
from pathlib import Path
from typing import ClassVar


class DefaultConfig:
    """Settings for a single-machine install on SQLite; safe for development."""

    #: Replaced by instance/config.py or QUIZAPP_SECRET_KEY in production (see README).
    SECRET_KEY = "dev-only-not-secret"
    #: Filled in by create_app() with a file in the instance folder unless set.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {"connect_args": {"timeout": 10}}
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
    #: so only admins make teachers. Use a long random code: sign-ups are not throttled.
    TEACHER_INVITE_CODE = ""
    SEND_FILE_MAX_AGE_DEFAULT = 60 * 60 * 24 * 7


def sqlite_uri(instance_path: str) -> str:
    """The default database: quizapp.sqlite3 in Flask's instance folder."""
    return "sqlite:///" + os.fspath(Path(instance_path) / "quizapp.sqlite3")
