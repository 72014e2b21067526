"""Shared fixtures: a migrated, seeded SQLite file per test (copied from one made per session),
the app and its client, and a guard that keeps tests away from any real database."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from flask_migrate import upgrade

from quizapp import create_app
from quizapp.api import routes as api_routes
from quizapp.auth.services import create_user
from quizapp.content import routes as content_routes
from quizapp.content.services import forget_passage_versions, seed_article
from quizapp.extensions import db
from quizapp.fragments import fragments
from quizapp.questions.services import seed_question_banks
from tests.openapi_check import OpenAPICheckingClient

ROOT = Path(__file__).resolve().parents[1]
#: The published article, copied from ../shared (see tests/data/SOURCES.md).
SEED_HINDI = ROOT / "tests" / "data" / "seed" / "article.hi.txt"
PACKAGED_HINDI = ROOT / "quizapp" / "content" / "seed" / "article.hi.txt"
SLUG = "blinken-lavrov-reykjavik"


def _guarded_uri(path: Path) -> str:
    """Refuse any database outside the system temp folder."""
    temp_root = Path(tempfile.gettempdir()).resolve()
    if temp_root not in path.resolve().parents:
        raise RuntimeError(f"refusing to run tests against {path}: not under {temp_root}")
    return f"sqlite:///{path}"


def make_app(db_path: Path, **config):
    """An app on ``db_path`` with test settings (used by fixtures and live servers)."""
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": _guarded_uri(db_path),
    }
    settings.update(config)
    app = create_app(settings)
    app.test_client_class = OpenAPICheckingClient  # API responses checked against openapi.json
    return app


@pytest.fixture(autouse=True)
def _no_real_database(monkeypatch):
    # Environment overrides from a developer's shell must not leak into tests.
    for name in list(os.environ):
        if name.startswith("QUIZAPP_"):
            monkeypatch.delenv(name)
    content_routes.pages.clear()
    fragments.clear()
    api_routes.passages_json.clear()
    api_routes.finished_json.clear()
    forget_passage_versions()


@pytest.fixture(scope="session")
def seeded_db_template(tmp_path_factory) -> Path:
    """One migrated and seeded database file, made once per test session."""
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
    app = make_app(path)
    with app.app_context():
        upgrade()
        seed_article()
        seed_question_banks()
        db.engine.dispose()  # closes the last connection, folding the WAL into the file
    return path


@pytest.fixture
def db_path(seeded_db_template, tmp_path) -> Path:
    """A private copy of the seeded database for one test."""
    path = tmp_path / "quizapp.sqlite3"
    shutil.copyfile(seeded_db_template, path)
    return path


@pytest.fixture
def app(db_path):
    """The app on this test's own seeded SQLite file."""
    return make_app(db_path)


@pytest.fixture
def client(app):
    """A test client for ``app``."""
    return app.test_client()


@pytest.fixture
def app_ctx(app):
    """An application context, for calling services directly."""
    with app.app_context():
        yield app


@pytest.fixture
def make_user(app):
    """Factory: ``make_user("asha", role="teacher")`` makes and commits an account."""

    def make(username: str, role: str = "learner", password: str = "correct horse 1"):
        with app.app_context():
            return create_user(username, password, role)

    return make


def sign_in(client, user) -> None:
    """Sign ``client`` in as ``user`` without the login form (for tests of other pages)."""
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = user.get_id()
        flask_session["_fresh"] = True


def run_flask(*args: str, db_path: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``flask --app quizapp ARGS`` as a user would, on the SQLite file ``db_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env["QUIZAPP_SQLALCHEMY_DATABASE_URI"] = _guarded_uri(db_path)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quizapp", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )
