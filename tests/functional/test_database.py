"""SQLite is set up for concurrent use: WAL, busy timeout, foreign keys, IMMEDIATE writes; and
the same helpers keep their promises on PostgreSQL (run with QUIZAPP_TEST_DATABASE_URL)."""

import json
import threading
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from quizapp import database
from quizapp.content.models import Passage, Sentence
from quizapp.database import (
    TransactionAborted,
    UTCDateTime,
    as_utc,
    driver_rows,
    json_value,
    read_one,
    stored_time,
    write_connection,
    write_transaction,
)
from quizapp.extensions import db


@pytest.mark.sqlite_only("SQLite's pragmas")
def test_pragmas(app_ctx):
    connection = db.session.connection()
    assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _capture_begins(engine):
    """The BEGIN statements SQLite itself runs (they go to the driver, not through SQLAlchemy)."""
    statements = []

    def trace(statement):
        if statement.startswith("BEGIN"):
            statements.append(statement)

    def checkout(dbapi_connection, *args):
        dbapi_connection.set_trace_callback(trace)

    event.listen(engine, "checkout", checkout)
    return statements


@pytest.mark.sqlite_only("traces the BEGIN statements sqlite3 runs")
def test_writes_begin_immediate_and_reads_do_not(app_ctx):
    begins = _capture_begins(db.engine)
    db.session.execute(text("SELECT 1"))
    db.session.commit()
    with write_transaction():
        db.session.execute(text("SELECT 1"))
    assert begins == ["BEGIN", "BEGIN IMMEDIATE"]


def test_write_transaction_rolls_back_on_error(app_ctx):
    passage = db.session.scalar(db.select(Passage))
    old_title = passage.title_en
    with pytest.raises(RuntimeError), write_transaction():
        passage.title_en = "changed"
        raise RuntimeError("boom")
    db.session.expire_all()
    assert db.session.get(Passage, passage.id).title_en == old_title


def test_foreign_keys_are_enforced(app_ctx):
    with pytest.raises(IntegrityError), write_transaction():
        db.session.add(
            Sentence(passage_id=999, key="p1s1", paragraph=1, position=1, hi="x", en="y")
        )


def test_concurrent_writers_wait_instead_of_failing(app):
    """Read-then-write transactions from many threads: none fails with 'database is locked'."""
    errors = []

    def bump():
        try:
            with app.app_context():
                for _ in range(10):
                    with write_transaction():
                        passage = db.session.scalar(db.select(Passage))
                        passage.version = passage.version + 1
        except Exception as error:  # collected and asserted below
            errors.append(error)

    with app.app_context():
        start = db.session.scalar(db.select(Passage.version))
    threads = [threading.Thread(target=bump) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert db.session.scalar(db.select(Passage.version)) == start + 80


@pytest.mark.sqlite_only("the lock file beside the SQLite file")
def test_writers_queue_on_a_lock_file_beside_the_database(app_ctx, db_path):
    """A writer in another process holds the lock: ours waits for it, not for SQLite's
    sleep-and-retry busy handler, and goes on the moment it is released."""
    import multiprocessing
    import time

    from quizapp.database import WriterLock

    lock_path = str(db_path) + "-writer.lock"
    held, release = multiprocessing.Event(), multiprocessing.Event()

    def hold_lock():
        with WriterLock(lock_path).hold():
            held.set()
            release.wait(10)

    child = multiprocessing.get_context("fork").Process(target=hold_lock)
    child.start()
    try:
        assert held.wait(10)
        entered = threading.Event()

        def write():
            with write_transaction():
                entered.set()
                db.session.execute(text("UPDATE passage SET level = level"))

        writer = threading.Thread(target=lambda: _in_app(app_ctx, write))
        writer.start()
        time.sleep(0.3)
        assert not entered.is_set(), "the write began while another process held the lock"
        release.set()
        started = time.monotonic()
        writer.join(10)
        assert entered.is_set()
        assert time.monotonic() - started < 0.5
    finally:
        release.set()
        child.join(10)


def _in_app(app, fn):
    with app.app_context():
        fn()


def test_the_writer_lock_is_reentrant_within_a_thread(tmp_path):
    from quizapp.database import WriterLock

    lock = WriterLock(str(tmp_path / "x.lock"))
    with lock.hold(), lock.hold():
        pass
    with lock.hold():  # released fully: taking it again does not block
        pass


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 27, 9, 7, 6, 977937, tzinfo=UTC),
        datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC),  # no fraction of a second
        datetime(2026, 6, 1, 12, 0, 0, 5, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    ],
)
def test_utc_datetimes_round_trip_as_aware_utc(app_ctx, moment):
    column = sa.Column("at", UTCDateTime)
    probe = sa.Table(
        "utc_probe", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), column
    )
    with write_transaction():
        probe.create(db.session.connection())
        db.session.execute(probe.insert().values(id=1, at=moment))
    stored = db.session.execute(sa.select(probe.c.at)).scalar_one()
    assert stored == moment and stored.tzinfo == UTC
    assert as_utc(db.session.execute(sa.text("SELECT at FROM utc_probe")).scalar_one()) == moment
    assert db.session.execute(sa.select(probe.c.at).where(probe.c.id == 2)).scalar() is None


def test_naive_datetimes_are_refused(app_ctx):
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        db.session.execute(sa.select(sa.literal(datetime(2026, 1, 1), UTCDateTime)))


def test_read_one_reads_outside_the_request_transaction(app_ctx):
    db.session.execute(sa.text("SELECT 1"))  # the session's read transaction is open
    title = db.session.scalar(sa.select(Passage.title_en))
    assert read_one("SELECT title_en FROM passage WHERE title_en = :t", {"t": title}) == (title,)
    assert read_one("SELECT title_en FROM passage WHERE id = :id", {"id": -1}) is None
    # Another connection's commit is seen at once: the lookup has no snapshot of its own.
    with write_transaction():
        db.session.execute(sa.text("UPDATE passage SET title_en = 'renamed'"))
    assert read_one("SELECT count(*) FROM passage WHERE title_en = :t", {"t": "renamed"})[0] >= 1


@pytest.mark.parametrize("through_sqlalchemy", [False, True])
def test_driver_rows_reads_writes_and_raises_sqlalchemy_errors(
    app_ctx, monkeypatch, through_sqlalchemy
):
    monkeypatch.setattr(database, "DRIVER_ROWS_THROUGH_SQLALCHEMY", through_sqlalchemy)
    passage_id = db.session.scalar(sa.select(Passage.id))
    old_title = db.session.scalar(sa.select(Passage.title_en))
    on_postgres = db.engine.dialect.name == "postgresql"
    failure = pytest.raises(TransactionAborted) if on_postgres else nullcontext()
    with failure, write_connection() as connection:
        assert (
            driver_rows(
                connection,
                "UPDATE passage SET title_en = :title WHERE id = :id",
                {"title": "Über \u0939\u093f\u0902\u0926\u0940", "id": passage_id},
            )
            == []
        )
        rows = driver_rows(
            connection, "SELECT id, title_en FROM passage WHERE id = :id", {"id": passage_id}
        )
        assert [tuple(row) for row in rows] == [(passage_id, "Über हिंदी")]
        with pytest.raises(IntegrityError):
            driver_rows(
                connection,
                "INSERT INTO passage (id, slug) SELECT id, slug FROM passage WHERE id = :id",
                {"id": passage_id},
            )
    db.session.expire_all()
    if on_postgres:
        # The failed statement aborted the whole transaction: nothing of it was written, and
        # write_connection said so rather than letting COMMIT roll back quietly.
        assert db.session.get(Passage, passage_id).title_en == old_title
    else:
        # The error did not spoil the transaction's earlier write, which committed.
        assert db.session.get(Passage, passage_id).title_en == "Über हिंदी"


def test_stored_time_matches_sqlalchemys_own_format(app_ctx):
    moment = datetime(2026, 11, 27, 9, 7, 6, 5, tzinfo=UTC)
    probe = sa.Table(
        "time_probe", sa.MetaData(), sa.Column("at", UTCDateTime), sa.Column("raw", sa.String)
    )
    with write_connection() as connection:
        probe.create(connection)
        connection.execute(probe.insert().values(at=moment, raw=stored_time(connection, moment)))
        stored, raw = connection.execute(sa.text("SELECT at, raw FROM time_probe")).one()
        # Compared in SQL (deadlines): the parameter must equal what the ORM stored.
        same = sa.text("SELECT count(*) FROM time_probe WHERE at = :at")
        assert connection.execute(same, {"at": stored_time(connection, moment)}).scalar() == 1
    if connection.dialect.name == "sqlite":
        # Compared as text there, so the two must be the very same string.
        assert stored == raw == "2026-11-27 09:07:06.000005"
    else:
        assert as_utc(stored) == moment


@pytest.mark.parametrize("through_sqlalchemy", [False, True])
@pytest.mark.parametrize(
    "value",
    ["x", "", "42", "null", 'हिंदी "quoted"', 0, 7, 2.5, True, False, None, [1, "a"], {"k": ["v"]}],
    ids=repr,
)
def test_json_columns_read_through_driver_rows_come_back_as_written(
    app_ctx, monkeypatch, through_sqlalchemy, value
):
    # psycopg parses JSON columns, SQLite hands back text: json_value reads both the same,
    # even a JSON string that looks like JSON text ("42", "null").
    monkeypatch.setattr(database, "DRIVER_ROWS_THROUGH_SQLALCHEMY", through_sqlalchemy)
    probe = sa.Table(
        "json_probe",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doc", sa.JSON(none_as_null=False)),
    )
    with write_connection() as connection:
        probe.create(connection)
        connection.execute(probe.insert().values(id=1, doc=value))
        driver_rows(
            connection,
            "INSERT INTO json_probe (id, doc) VALUES (2, :doc)",
            {"doc": json.dumps(value, ensure_ascii=False)},
        )
        rows = driver_rows(connection, "SELECT id, doc FROM json_probe ORDER BY id", {})
        orm = connection.execute(sa.select(probe.c.doc).order_by(probe.c.id)).scalars().all()
    assert [(row[0], json_value(row[1])) for row in rows] == [(1, value), (2, value)]
    assert orm == [value, value]


def test_text_with_a_nul_character_finds_nothing_and_raises_nothing(app_ctx):
    # PostgreSQL text cannot hold U+0000 (SQLite's can): a lookup must still just miss.
    assert db.session.scalar(sa.select(Passage).where(Passage.slug == "blinken\x00")) is None
    assert read_one("SELECT id FROM passage WHERE slug = :slug", {"slug": "a\x00b"}) is None


def test_services_write_transactions_take_turns(app):
    """Read, then write what was read, from two threads: the second waits for the first to
    commit (IMMEDIATE on SQLite, the advisory lock on PostgreSQL), so no update is lost."""
    inside, go_on = threading.Event(), threading.Event()
    results = []

    def first():
        with app.app_context(), write_transaction():
            passage = db.session.scalar(db.select(Passage))
            inside.set()
            go_on.wait(10)
            passage.version = passage.version + 1

    def second():
        with app.app_context(), write_transaction():
            passage = db.session.scalar(db.select(Passage))
            results.append(passage.version)
            passage.version = passage.version + 1

    with app.app_context():
        start = db.session.scalar(db.select(Passage.version))
    one = threading.Thread(target=first)
    one.start()
    assert inside.wait(10)
    two = threading.Thread(target=second)
    two.start()
    two.join(0.3)
    assert two.is_alive(), "the second write transaction did not wait for the first"
    go_on.set()
    one.join(10)
    two.join(10)
    assert results == [start + 1]
    with app.app_context():
        assert db.session.scalar(db.select(Passage.version)) == start + 2
