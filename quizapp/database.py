"""SQLite settings that keep concurrent writers safe, and the write-transaction helper.

SQLite runs in WAL mode with a busy timeout so readers never block writers. A transaction that
reads and then writes must begin IMMEDIATE: a deferred one that tries to upgrade its read lock
fails at once with "database is locked", whatever the busy timeout. Services wrap their writes
in `write_transaction()`; on other databases it is an ordinary transaction.

Writers on one SQLite file also queue on a lock file beside it. SQLite's busy handler polls
with sleeps of 1, 2, 5, 10 … 100 ms, so a writer that found the database busy slept far longer
than the write it waited for (about a millisecond): under a class's load those sleeps were most
of the latency. A blocked `flock` wakes the moment the lock is free, so writers now take turns
in microseconds; the busy timeout still covers writers outside the app (the CLI, a backup).
"""

import contextvars
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from functools import lru_cache

try:
    import fcntl
except ImportError:  # not POSIX: SQLite's busy timeout alone keeps writers safe, only slower
    fcntl = None

from sqlalchemy import DateTime, TextClause, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
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

    def _do_begin(dbapi_connection):
        # The dialect's own hook rather than a "begin" event: an engine without event
        # listeners skips dispatching on every statement, and BEGIN goes straight to the driver
        # (SQLAlchemy still wraps its errors). Every request runs this at least once.
        dbapi_connection.execute("BEGIN IMMEDIATE" if _begin_immediate.get() else "BEGIN")

    engine.dialect.do_begin = _do_begin


class WriterLock:
    """An exclusive lock over one database file, between the threads and processes using it."""

    def __init__(self, path: str):
        self.path = path
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._pid: int | None = None

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Hold the lock for the block (re-entrant within a thread)."""
        with self._thread_lock:
            if self._depth == 0:
                fcntl.flock(self._file(), fcntl.LOCK_EX)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _file(self) -> int:
        # A forked worker opens its own file: flock locks are shared by inherited descriptors.
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd


_writer_locks: dict[str, WriterLock] = {}
_writer_locks_guard = threading.Lock()


def writer_lock(engine: Engine):
    """The lock writers on ``engine``'s SQLite file queue on (a no-op for other databases)."""
    path = engine.url.database
    if fcntl is None or engine.dialect.name != "sqlite" or path in (None, "", ":memory:"):
        return nullcontext()
    lock = _writer_locks.get(path)
    if lock is None:
        with _writer_locks_guard:
            lock = _writer_locks.setdefault(path, WriterLock(path + "-writer.lock"))
    return lock.hold()


def _end_read_transaction(session) -> None:
    if session.in_transaction():
        session.commit()
    # Rows read before the write lock may be stale: reads inside the transaction must see
    # the database as it is now (objects stay usable after commit, see extensions.py).
    session.expire_all()


@contextmanager
def _writer_turn(session) -> Iterator[None]:
    """End the request's read transaction and hold the writer lock."""
    # A read transaction already open in this request cannot be upgraded safely, so it ends
    # here: before queueing if it changed nothing, so the lock is held only for the write.
    unflushed = bool(session.new or session.dirty or session.deleted)
    if not unflushed:
        _end_read_transaction(session)
    with writer_lock(session.get_bind()):
        if unflushed:
            _end_read_transaction(session)  # writes them, now that this request has the lock
        yield


@contextmanager
def _immediate() -> Iterator[None]:
    token = _begin_immediate.set(True)
    try:
        yield
    finally:
        _begin_immediate.reset(token)


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run the block in one write transaction (IMMEDIATE on SQLite); commit or roll back."""
    session = db.session()  # the request's Session behind the scoped proxy
    with _writer_turn(session):
        with _immediate():
            session.connection()  # begins now, while the flag is set
        try:
            yield
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def write_connection() -> Iterator[Connection]:
    """Like ``write_transaction``, but on a connection of its own, below the ORM session.

    For services that write in plain SQL on the hottest requests (autosave, submit): the
    session's transaction bookkeeping cost more than the statements it ran.
    """
    # No session yet in this request (an autosave has none): nothing to end, none to make.
    turn = _writer_turn(db.session()) if db.session.registry.has() else writer_lock(db.engine)
    with turn, db.engine.connect() as connection:
        with _immediate():
            connection.begin()
        try:
            yield connection
            connection.commit()
        except BaseException:
            connection.rollback()
            raise


def read_one(sql: str, params: dict) -> tuple | None:
    """The first row of a one-statement read, run outside the request's transaction.

    For the lookup every API request starts with (its bearer token): a pooled connection used
    straight through the driver costs a tenth of opening the session's transaction, which a
    write would then have to end again. ``sql`` and the values are as for ``driver_rows``.
    """
    engine = db.engine  # not the session's bind: that would make a session for nothing
    if engine.dialect.name != "sqlite" or DRIVER_ROWS_THROUGH_SQLALCHEMY:
        with engine.connect() as connection:
            rows = driver_rows(connection, sql, params)
        return rows[0] if rows else None
    connection = engine.raw_connection()
    try:
        return connection.driver_connection.execute(sql, params).fetchone()
    finally:
        connection.close()  # back to the pool, which rolls back whatever the driver began


#: Use SQLAlchemy for ``driver_rows`` even on SQLite (tests run both ways).
DRIVER_ROWS_THROUGH_SQLALCHEMY = False


def driver_rows(connection: Connection, sql: str, params: dict) -> list[tuple]:
    """Rows of one plain-SQL statement in ``connection``'s transaction.

    For the statements of the hottest requests (an autosave runs two): on SQLite they go
    straight to the driver, as SQLAlchemy spent 170 Python calls on each against 3. ``sql``
    uses ``:name`` placeholders, which both understand. Values go in and come back as the
    driver has them: JSON as text (``json_value``), datetimes via ``stored_time``/``as_utc``.
    """
    if connection.dialect.name == "sqlite" and not DRIVER_ROWS_THROUGH_SQLALCHEMY:
        try:
            return connection.connection.driver_connection.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            # The same exceptions SQLAlchemy would raise (IntegrityError, OperationalError…).
            raise DBAPIError.instance(sql, params, error, sqlite3.Error) from error
    result = connection.execute(_text(sql), params)
    return result.all() if result.returns_rows else []


@lru_cache(maxsize=256)
def _text(sql: str) -> TextClause:
    return text(sql)


def stored_time(connection: Connection, moment: datetime) -> datetime | str:
    """An aware datetime as ``UTCDateTime`` stores it, for ``driver_rows`` parameters."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    if connection.dialect.name != "sqlite":
        return naive
    # SQLAlchemy's SQLite DATETIME format: compared as text in SQL, so it must match exactly.
    return naive.isoformat(" ", timespec="microseconds")


def json_value(value):
    """A JSON column read through the driver (SQLite: text; others may have parsed it)."""
    return json.loads(value) if isinstance(value, str) else value


def as_utc(value: datetime | str | None) -> datetime | None:
    """A datetime column read through the driver, as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """Timezone-aware now, so stored times never depend on the server's zone."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite would hand back naive ones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: use quizapp.database.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)

    def result_processor(self, dialect, coltype):
        if dialect.name == "sqlite":
            # SQLite hands back ISO text: datetime.fromisoformat (C) parses it several times
            # faster than the dialect's regular expression, and every attempt read has some.
            return as_utc
        return super().result_processor(dialect, coltype)


def assign_changed(obj, values: dict) -> bool:
    """Set the attributes whose values differ; report whether any did (for idempotent upserts)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
