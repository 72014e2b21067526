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

PostgreSQL runs the same code. Its sessions are pinned to UTC (config.POSTGRES_ENGINE_OPTIONS).
Services' write transactions there take one transaction-level advisory lock, so their
read-then-write steps keep the guarantee SQLite gives them (one writer at a time); the plain-SQL
writes of the hot requests (``write_connection``) do not take it: their statements are safe on
their own (conditional UPDATEs, unique indexes, row locks from ``row_lock``), and a class's
saves then commit side by side.
"""

import contextvars
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from functools import lru_cache

try:
    import fcntl
except ImportError:  # not POSIX: SQLite's busy timeout alone keeps writers safe, only slower
    fcntl = None

try:
    import psycopg
    from psycopg.types.string import StrDumperUnknown
except ImportError:  # without the postgres extra: SQLite only
    psycopg = None

from flask import g
from sqlalchemy import DateTime, TextClause, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.types import TypeDecorator

from quizapp.extensions import db

BUSY_TIMEOUT_MS = 10_000
#: The advisory lock key of services' write transactions on PostgreSQL ("quiz" in ASCII).
WRITE_LOCK_KEY = 0x7175697A
#: Seconds a pooled PostgreSQL connection may sit idle and be used again without a ping.
PING_AFTER_IDLE = 1.0

_begin_immediate = contextvars.ContextVar("begin_immediate", default=False)


def configure_engine(engine: Engine) -> None:
    """What each database needs of its connections (see ``configure_sqlite`` and
    ``configure_postgresql``); the engine options are in ``config.engine_options``."""
    configure_sqlite(engine)
    configure_postgresql(engine)


def configure_postgresql(engine: Engine) -> None:
    """Make text parameters with NUL characters harmless (PostgreSQL text cannot hold one), and
    ping a pooled connection that sat idle before using it again."""
    if not _is_psycopg(engine):
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.adapters.register_dumper(str, NulSafeStrDumper)

    # SQLAlchemy's pool_pre_ping costs a round trip at every checkout, two per autosave (of
    # seven). A connection handed back a moment ago is alive; one that sat idle (a quiet
    # spell, a proxy's or the server's idle timeout, a restart) is pinged, and replaced if dead.
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy):
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except psycopg.Error as error:
            raise DisconnectionError("idle connection is gone") from error  # the pool retries


def _is_psycopg(engine_or_connection) -> bool:
    dialect = engine_or_connection.dialect
    return dialect.name == "postgresql" and dialect.driver == "psycopg"


if psycopg is not None:

    class NulSafeStrDumper(StrDumperUnknown):
        """psycopg's str dumper, with U+0000 replaced by U+FFFD (as HTML parsers do).

        SQLite stores a NUL; PostgreSQL refuses one, and psycopg raised a DataError (a 500) for
        any request with a NUL in a username, a slug or a path. Only bad input carries one:
        now a lookup simply finds nothing, as on SQLite, and nothing raises.
        """

        def dump(self, obj: str):
            return super().dump(obj.replace("\x00", "\ufffd") if "\x00" in obj else obj)


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
    """Run the block in one write transaction (IMMEDIATE on SQLite, under the write lock on
    PostgreSQL); commit or roll back."""
    session = db.session()  # the request's Session behind the scoped proxy
    with _writer_turn(session):
        with _immediate():
            connection = session.connection()  # begins now, while the flag is set
        if connection.dialect.name == "postgresql":
            # Waits for the other services' write transactions, as BEGIN IMMEDIATE does.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
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
            _refuse_aborted(connection)
            connection.commit()
        except BaseException:
            connection.rollback()
            raise


class TransactionAborted(RuntimeError):
    """A statement failed and the block went on: PostgreSQL would roll it all back."""


def _refuse_aborted(connection: Connection) -> None:
    # On SQLite a failed statement undoes only itself and the rest commits; on PostgreSQL it
    # aborts the transaction, and COMMIT then quietly rolls back the writes before it too.
    # A block that caught such an error and went on would lose them silently: say so instead.
    if connection.dialect.name != "postgresql":
        return
    info = getattr(connection.connection.driver_connection, "info", None)
    if info is not None and info.transaction_status.name == "INERROR":
        raise TransactionAborted("a statement failed in this write transaction: nothing written")


def row_lock(connection: Connection, clause: str = "FOR UPDATE") -> str:
    """``" FOR UPDATE"`` (or the clause given, e.g. ``"FOR SHARE OF a"``) to append to a
    SELECT on PostgreSQL, where writers run side by side; nothing on SQLite, whose write
    transaction already holds the whole database (and which has no such clause)."""
    return "" if connection.dialect.name == "sqlite" else f" {clause}"


def read_connection() -> Connection:
    """This request's connection for plain reads (``driver_rows``), outside its transaction.

    Taken from the pool on first use and given back when the request ends
    (``close_read_connection``), so a page's few reads (a signed-in user, the home page's set
    list, scores and words due) share one checkout and never open the session's transaction:
    that cost more than the reads. Each statement sees what is committed when it runs; on
    PostgreSQL in autocommit, so no BEGIN and ROLLBACK round trips around them.
    """
    connection = g.get("_read_connection")
    if connection is None:
        connection = db.engine.connect()
        if connection.dialect.name != "sqlite":  # pysqlite begins nothing for a SELECT anyway
            connection.execution_options(isolation_level="AUTOCOMMIT")
        g._read_connection = connection
    return connection


def close_read_connection(_error: BaseException | None = None) -> None:
    """Give the request's read connection back to the pool (an app-context teardown)."""
    connection = g.pop("_read_connection", None)
    if connection is not None:
        connection.close()


def read_one(sql: str | Mapping[str, str], params: dict) -> tuple | None:
    """The first row of a one-statement read, outside the request's transaction.

    For the lookups requests start with (an API request's bearer token, a signed-in user, a
    quiz page's versions): a pooled connection used straight through the driver costs a tenth
    of opening the session's transaction, which a write would then have to end again; it is
    the request's ``read_connection`` if one is open already. ``sql`` (or a dialect name → SQL
    mapping) and the values are as for ``driver_rows``.
    """
    engine = db.engine  # not the session's bind: that would make a session for nothing
    if not isinstance(sql, str):
        sql = sql[engine.dialect.name]
    shared = g.get("_read_connection")
    if (
        shared is not None
        or DRIVER_ROWS_THROUGH_SQLALCHEMY
        or not (engine.dialect.name == "sqlite" or _is_psycopg(engine))
    ):
        rows = driver_rows(shared or read_connection(), sql, params)
        return rows[0] if rows else None
    # A bare pooled connection: cheaper again than SQLAlchemy's Connection around it (an
    # autosave's token lookup measured 0.39x the bare route this way, 0.28x the other).
    connection = engine.raw_connection()
    try:
        driver = connection.driver_connection
        if engine.dialect.name == "sqlite":
            return driver.execute(sql, params).fetchone()
        # One statement in autocommit: no BEGIN and ROLLBACK around it (two round trips).
        driver.autocommit = True
        try:
            rows = _psycopg_rows(driver, sql, params)
        finally:
            driver.autocommit = False
        return rows[0] if rows else None
    finally:
        connection.close()  # back to the pool, which rolls back whatever the driver began


#: Use SQLAlchemy for ``driver_rows`` even on SQLite and PostgreSQL (tests run both ways).
DRIVER_ROWS_THROUGH_SQLALCHEMY = False


def driver_rows(connection: Connection, sql: str, params: dict) -> list[tuple]:
    """Rows of one plain-SQL statement in ``connection``'s transaction.

    For the statements of the hottest requests (an autosave runs two): on SQLite and with
    psycopg they go straight to the driver, as SQLAlchemy spent 170 Python calls on each
    against 3 (on PostgreSQL a fifth of an autosave's time). ``sql`` uses ``:name``
    placeholders (rewritten for psycopg). Values go in and come back as the driver has them:
    JSON as text or, from psycopg, parsed (``json_value`` reads both), datetimes via
    ``stored_time``/``as_utc``; errors are SQLAlchemy's (IntegrityError, OperationalError…).
    """
    if not DRIVER_ROWS_THROUGH_SQLALCHEMY:
        if connection.dialect.name == "sqlite":
            try:
                return connection.connection.driver_connection.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise DBAPIError.instance(sql, params, error, sqlite3.Error) from error
        if _is_psycopg(connection):
            return _psycopg_rows(connection.connection.driver_connection, sql, params)
    result = connection.execute(_text(sql), params)
    if not result.returns_rows:
        return []
    description = result.cursor.description
    rows = result.all()
    json_columns = [i for i, column in enumerate(description) if column[1] in _JSON_TYPE_CODES]
    if not json_columns:
        return rows
    return [_strings_as_json_text(row, json_columns) for row in rows]


#: PostgreSQL's type codes (pg_type oids) of json and jsonb.
_JSON_TYPE_CODES = frozenset({114, 3802})


def _strings_as_json_text(row, columns: list[int]) -> tuple:
    # psycopg hands JSON columns back parsed. A parsed JSON string would look like JSON text to
    # ``json_value``, so strings become JSON text again; other values it passes through.
    values = list(row)
    for i in columns:
        if isinstance(values[i], str):
            values[i] = json.dumps(values[i], ensure_ascii=False)
    return tuple(values)


@lru_cache(maxsize=256)
def _text(sql: str) -> TextClause:
    return text(sql)


def _psycopg_rows(driver_connection, sql: str, params: dict) -> list[tuple]:
    try:
        cursor = driver_connection.execute(_pyformat(sql), params)
        if cursor.description is None:
            return []
        rows = cursor.fetchall()
    except psycopg.Error as error:
        raise DBAPIError.instance(sql, params, error, psycopg.Error) from error
    json_columns = [
        i for i, column in enumerate(cursor.description) if column.type_code in _JSON_TYPE_CODES
    ]
    if not json_columns:
        return rows
    return [_strings_as_json_text(row, json_columns) for row in rows]


#: A ``:name`` placeholder, as SQLAlchemy's ``text()`` finds them (not ``::type`` casts).
_NAMED = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")


@lru_cache(maxsize=256)
def _pyformat(sql: str) -> str:
    """``sql`` with psycopg's ``%(name)s`` placeholders for ``:name`` (and ``%`` escaped)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def stored_time(connection: Connection, moment: datetime) -> datetime | str:
    """An aware datetime as ``UTCDateTime`` stores it, for ``driver_rows`` parameters."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    if connection.dialect.name != "sqlite":
        return naive
    # SQLAlchemy's SQLite DATETIME format: compared as text in SQL, so it must match exactly.
    return naive.isoformat(" ", timespec="microseconds")


def json_value(value):
    """A JSON column read through ``driver_rows`` (JSON text, or a value psycopg parsed)."""
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
