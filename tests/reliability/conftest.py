"""A real gunicorn server on a SQLite file in a temp folder, with the "Load test 20" set and
learner accounts: made once per session through the CLI, copied for each test."""

import shutil
from pathlib import Path

import pytest

from bench.class_of_40 import (
    Server,
    class_usernames,
    find_set_id,
    login,
    login_all,
    prepare_database,
)

#: The class of 40, and a few more learners for the other tests.
CLASS = class_usernames(40)
SPARE = class_usernames(12, prefix="spare")


@pytest.fixture(scope="session")
def load_template(tmp_path_factory) -> Path:
    """init-db + import-bank (CLI) + 52 learners, once per session; WAL folded into the file."""
    db = tmp_path_factory.mktemp("load-template") / "template.sqlite3"
    prepare_database(db, CLASS + SPARE)
    return db


@pytest.fixture
def live_db(load_template, tmp_path) -> Path:
    """This test's own copy of the prepared database."""
    db = tmp_path / "quizapp.sqlite3"
    shutil.copyfile(load_template, db)
    return db


@pytest.fixture
def server(live_db):
    """gunicorn (2 gthread workers × 4 threads) on ``live_db``; always torn down."""
    server = Server(live_db, workers=2, worker_class="gthread", threads=4)
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
