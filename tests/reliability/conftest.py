"""A real gunicorn server on a database of its own, with the "Load test 20" set and learner
accounts: made once per session through the CLI, copied for each test. SQLite (a file in a
temp folder) or, with QUIZAPP_TEST_DATABASE_URL, PostgreSQL (a database from a template)."""

import shutil

import pytest

from bench.class_of_40 import (
    Database,
    Server,
    class_usernames,
    find_set_id,
    login,
    login_all,
    prepare_database,
)
from tests.conftest import ON_POSTGRES, drop_pg_database, new_pg_database

#: The class of 40, and a few more learners for the other tests.
CLASS = class_usernames(40)
SPARE = class_usernames(12, prefix="spare")


@pytest.fixture(scope="session")
def load_template(tmp_path_factory):
    """init-db + import-bank (CLI) + 52 learners, once per session (and xdist worker)."""
    if ON_POSTGRES:
        template = new_pg_database(role="load_template")
        prepare_database(template.uri, CLASS + SPARE)
        yield template
        drop_pg_database(template)
        return
    db = tmp_path_factory.mktemp("load-template") / "template.sqlite3"
    prepare_database(db, CLASS + SPARE)  # WAL folded into the file
    yield db


@pytest.fixture
def live_db(load_template, tmp_path) -> Database:
    """This test's own copy of the prepared database: a file, or a PostgreSQL URL."""
    if ON_POSTGRES:
        database = new_pg_database(template=load_template)
        yield database.uri
        drop_pg_database(database)
        return
    db = tmp_path / "quizapp.sqlite3"
    shutil.copyfile(load_template, db)
    yield db


@pytest.fixture
def server(live_db, tmp_path):
    """gunicorn (2 gthread workers × 4 threads) on ``live_db``; always torn down."""
    server = Server(live_db, workers=2, worker_class="gthread", threads=4, log_dir=tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def set_id(server) -> int:
    return find_set_id(server.url)


@pytest.fixture
def class_tokens(server) -> list[tuple[str, str]]:
    """(username, token) for the 40 learners, logged in through POST /api/v1/tokens."""
    return list(zip(CLASS, login_all(server.url, CLASS), strict=True))


@pytest.fixture
def spare_token(server):
    """A function: the token of spare learner ``n``."""
    return lambda n: login(server.url, SPARE[n])
