"""SQLite is set up for concurrent use: WAL, busy timeout, foreign keys, IMMEDIATE writes."""

import threading

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from quizapp.content.models import Passage, Sentence
from quizapp.database import write_transaction
from quizapp.extensions import db


def test_pragmas(app_ctx):
    connection = db.session.connection()
    assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _capture_begins(engine):
    statements = []

    def before(conn, cursor, statement, *args):
        if statement.startswith("BEGIN"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    return statements


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
