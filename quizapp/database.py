"""SQLite settings that keep concurrent writers safe, and the write-transaction helper.

SQLite runs in WAL mode with a busy timeout so readers never block writers. A transaction that
reads and then writes must begin IMMEDIATE: a deferred one that tries to upgrade its read lock
fails at once with "database is locked", whatever the busy timeout. Services wrap their writes
in `write_transaction()`; on other databases it is an ordinary transaction.
"""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

from quizapp.extensions import db

BUSY_TIMEOUT_MS = 10_000

_begin_immediate = contextvars.ContextVar("begin_immediate", default=False)


def configure_sqlite(engine: Engine) -> None:
    """Take over transaction control from pysqlite and set the connection pragmas."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # pysqlite's own implicit BEGIN is deferred and comes too late; we emit our own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _begin_immediate.get() else "BEGIN")


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run the block in one write transaction (IMMEDIATE on SQLite); commit or roll back."""
    session = db.session()  # the request's Session behind the scoped proxy
    if session.in_transaction():
        # A read transaction already open in this request cannot be upgraded safely.
        session.commit()
    # Rows read before the write lock may be stale: reads inside the transaction must see the
    # database as it is now (objects stay usable after commit, see extensions.py).
    session.expire_all()
    token = _begin_immediate.set(True)
    try:
        session.connection()  # begins now, while the flag is set
    finally:
        _begin_immediate.reset(token)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite would hand back naive ones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: use quizapp.content.models.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def assign_changed(obj, values: dict) -> bool:
    """Set the attributes whose values differ; report whether any did (for idempotent upserts)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
