"""What PostgreSQL needs of the app, checked on both databases where it can be: per-database
engine options, sessions pinned to UTC, idle connections pinged, and a save racing a submit.

Run on PostgreSQL with ``eval "$(bash scripts/postgres.sh start)"`` first (see tests/conftest.py).
"""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from quizapp import database
from quizapp.attempts import queries
from quizapp.auth.services import create_user, issue_token
from quizapp.config import database_uri, engine_options
from quizapp.core.grading import get_type
from quizapp.database import as_utc, utcnow
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet
from tests.conftest import ON_POSTGRES, _admin, db_rows

on_postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL only")


def test_sqlite_options_never_reach_postgresql():
    sqlite = engine_options("sqlite:////tmp/x.sqlite3")
    postgres = engine_options("postgresql+psycopg://u@localhost/quizapp")
    assert sqlite == {"connect_args": {"timeout": 10}}
    assert "timeout" not in postgres["connect_args"]
    assert postgres["connect_args"]["options"] == "-c TimeZone=UTC"
    assert postgres["pool_size"] >= 2 and postgres["pool_recycle"] > 0
    # Settings from instance/config.py win, connect_args key by key.
    mine = engine_options(
        "postgresql+psycopg://u@localhost/quizapp",
        {"pool_size": 10, "connect_args": {"sslmode": "require"}},
    )
    assert mine["pool_size"] == 10
    assert mine["connect_args"]["sslmode"] == "require"
    assert mine["connect_args"]["options"] == "-c TimeZone=UTC"


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@db/quizapp", "postgresql+psycopg://u:p@db/quizapp"),
        ("postgresql://u@db/quizapp", "postgresql+psycopg://u@db/quizapp"),
        ("postgresql+psycopg://u@db/quizapp", "postgresql+psycopg://u@db/quizapp"),
        ("sqlite:////srv/quizapp.sqlite3", "sqlite:////srv/quizapp.sqlite3"),
    ],
)
def test_postgresql_urls_get_psycopg_3(given, used):
    assert database_uri(given) == used


def test_the_tests_run_on_the_database_they_were_asked_for(app_ctx):
    assert db.engine.dialect.name == ("postgresql" if ON_POSTGRES else "sqlite")


def test_db_rows_reads_a_test_database_directly(db_path):
    assert db_rows(db_path, "SELECT count(*) FROM passage") == [(1,)]
    assert db_rows(db_path, "SELECT slug FROM passage WHERE id = :id", {"id": -1}) == []


@on_postgres_only
def test_sessions_are_pinned_to_utc_whatever_the_servers_zone(app_ctx):
    # scripts/postgres.sh gives the test cluster India's zone on purpose.
    with _admin().connect() as admin:
        assert admin.execute(sa.text("SHOW TimeZone")).scalar() != "UTC"
    assert db.session.execute(sa.text("SHOW TimeZone")).scalar() == "UTC"


def test_plain_datetime_columns_hold_utc(app_ctx):
    # user.created_at is a plain DateTime that receives an aware UTC value: on PostgreSQL the
    # session's zone decides what is stored, so the value read back must still be UTC.
    before = utcnow()
    create_user("zone-check", "long enough password")
    stored = db.session.execute(
        sa.text('SELECT created_at FROM "user" WHERE username = :name'), {"name": "zone-check"}
    ).scalar()
    assert abs(as_utc(stored) - before) < timedelta(minutes=1)


@on_postgres_only
def test_an_idle_connection_that_died_is_replaced(app_ctx, monkeypatch):
    monkeypatch.setattr(database, "PING_AFTER_IDLE", 0.0)
    engine = db.engine
    with engine.connect() as connection:
        first = connection.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    with _admin().connect() as admin:  # the server (or a proxy) closes it while it is idle
        admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    with engine.connect() as connection:
        second = connection.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    assert second != first


def _set_with_true_false(app) -> tuple[int, int, bool]:
    """A seeded set, one of its true/false questions and that question's answer."""
    with app.app_context():
        for question_set in db.session.scalars(sa.select(QuestionSet)):
            for question in question_set.questions:
                if question.type == "true_false":
                    key = get_type("true_false").correct_answer(question.spec)
                    return question_set.id, question.id, key
    raise AssertionError("no true/false question in the seeded sets")


def test_a_save_racing_the_submit_is_scored_or_refused(app, monkeypatch):
    """A save already past its check of the attempt when the submit comes: either the submit
    waits for it and scores it, or the save gets a 409. Never a 200 for an answer the score
    left out (on SQLite the write lock orders them; on PostgreSQL a row lock must)."""
    set_id, question_id, key = _set_with_true_false(app)
    with app.app_context():
        token = issue_token(create_user("racer", "long enough password"))
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    attempt = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=headers).get_json()
    path = f"/api/v1/attempts/{attempt['id']}/answers/{question_id}"
    assert client.put(path, json={"answer": not key}, headers=headers).status_code == 200

    paused, go_on = threading.Event(), threading.Event()
    real_driver_rows = queries.driver_rows

    def slow_save(connection, sql, params):
        if sql.startswith("INSERT INTO answer") and threading.current_thread().name == "save":
            paused.set()  # the attempt was read as in progress; the write is still to come
            go_on.wait(10)
        return real_driver_rows(connection, sql, params)

    monkeypatch.setattr(queries, "driver_rows", slow_save)
    replies = {}

    def call(name, method, url, **kwargs):
        replies[name] = getattr(app.test_client(), method)(url, headers=headers, **kwargs)

    save = threading.Thread(
        target=call, name="save", args=("save", "put", path), kwargs={"json": {"answer": key}}
    )
    submit = threading.Thread(
        target=call, args=("submit", "post", f"/api/v1/attempts/{attempt['id']}/submit")
    )
    save.start()
    assert paused.wait(10)
    submit.start()
    submit.join(0.5)  # on SQLite it waits for the save's write lock, as it should
    go_on.set()
    save.join(10)
    submit.join(10)

    assert replies["submit"].status_code == 200
    result = next(
        r for r in replies["submit"].get_json()["results"] if r["question_id"] == question_id
    )
    if replies["save"].status_code == 200:
        assert result["answer"] == key, "the save was acknowledged but the score left it out"
    else:
        assert replies["save"].status_code == 409
        assert result["answer"] == (not key)
    final = client.get(f"/api/v1/attempts/{attempt['id']}", headers=headers).get_json()
    assert final["answers"][str(question_id)] == result["answer"]
