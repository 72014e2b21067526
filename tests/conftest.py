"""Shared fixtures: a migrated, seeded SQLite file per test (copied from one made per session),
the app and its client, and a guard that keeps tests away from any real database. Each test
makes apps of its own; what every such app would compile the same way (templates, URL builders)
is compiled once per process and shared (see ``SharedTemplateCode``, ``_share_url_builders``).

On PostgreSQL: with ``QUIZAPP_TEST_DATABASE_URL=postgresql+psycopg://…/quizapp_test`` (what
``eval "$(bash scripts/postgres.sh start)"`` exports) each test gets its own database instead,
made with ``CREATE DATABASE … TEMPLATE`` from one migrated and seeded per session and worker,
and dropped afterwards. Tests marked ``sqlite_only`` (or listed in ``SQLITE_ONLY``) are skipped
there with their reason.
"""

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask_migrate import upgrade
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from werkzeug.routing import Rule

from quizapp import create_app
from quizapp.api import routes as api_routes
from quizapp.attempts.pages import sent_quiz_pages
from quizapp.auth import services as auth_services
from quizapp.auth.services import create_user, open_login_session
from quizapp.content import routes as content_routes
from quizapp.content.services import forget_passage_versions, seed_article
from quizapp.extensions import db
from quizapp.fragments import fragments
from quizapp.main.pages import sent_home_pages
from quizapp.questions.services import seed_question_banks
from tests.openapi_check import OpenAPICheckingClient

ROOT = Path(__file__).resolve().parents[1]
#: The published article, copied from ../shared (see tests/data/SOURCES.md).
SEED_HINDI = ROOT / "tests" / "data" / "seed" / "article.hi.txt"
PACKAGED_HINDI = ROOT / "quizapp" / "content" / "seed" / "article.hi.txt"
PACKAGED_ARTICLE = ROOT / "quizapp" / "content" / "seed" / "article.json"
SLUG = "blinken-lavrov-reykjavik"


#: Read now: the autouse fixture ``_no_real_database`` clears every QUIZAPP_* variable.
TEST_DATABASE_URL = os.environ.get("QUIZAPP_TEST_DATABASE_URL", "")
ON_POSTGRES = bool(TEST_DATABASE_URL)
#: Every PostgreSQL database the tests make or drop is named with this prefix.
TEST_DATABASE_PREFIX = "quizapp_test"

#: SQLite-only tests in modules that do not mark them ``sqlite_only`` themselves:
#: node id (without parameters) or module path → why it cannot run on PostgreSQL.
SQLITE_ONLY = {
    "tests/functional/test_cli.py": "reads the SQLite file with the sqlite3 module",
    **dict.fromkeys(
        [
            "tests/functional/test_question_bank.py::test_import_gift_then_reimport_updates_nothing",
            "tests/functional/test_question_bank.py::test_dry_run_writes_nothing",
            "tests/functional/test_question_bank.py::test_bad_file_is_rejected_whole_with_locations",
            "tests/functional/test_question_bank.py::test_draft_import",
        ],
        "counts rows in the SQLite file with the sqlite3 module",
    ),
    "tests/unit/services/test_question_views.py::test_views_are_kept_per_database": (
        "copies the seeded SQLite file to make a second database"
    ),
}


def _guarded_postgres_url(url: str):
    """Refuse any PostgreSQL database that is not on this machine and named for tests."""
    parsed = make_url(url)
    host = parsed.host or parsed.query.get("host") or ""
    local = host in ("", "localhost", "127.0.0.1", "::1") or str(host).startswith("/")
    name = parsed.database or ""
    if parsed.get_backend_name() != "postgresql" or not local:
        raise RuntimeError(f"refusing to run tests against {url!r}: not PostgreSQL on localhost")
    if not name.startswith(TEST_DATABASE_PREFIX):
        raise RuntimeError(
            f"refusing to run tests against database {name!r}: not named {TEST_DATABASE_PREFIX}…"
        )
    return parsed


@dataclass(frozen=True)
class PgDatabase:
    """A database of the test cluster: what ``db_path`` is on PostgreSQL."""

    name: str

    @property
    def uri(self) -> str:
        url = make_url(TEST_DATABASE_URL).set(database=self.name)
        uri = url.render_as_string(hide_password=False)
        _guarded_postgres_url(uri)
        return uri


if ON_POSTGRES:
    _guarded_postgres_url(TEST_DATABASE_URL)  # a wrong URL stops the run before any test

_admin_engine = None
_database_numbers = itertools.count(1)
#: Per test: databases made for paths (see ``_guarded_uri``) and apps whose pools to close.
_path_databases: dict[Path, PgDatabase] = {}
_apps_made: list = []


def _admin():
    """An autocommit engine on the cluster's maintenance database, for CREATE/DROP DATABASE."""
    global _admin_engine
    if _admin_engine is None:
        url = _guarded_postgres_url(TEST_DATABASE_URL).set(database="postgres")
        _admin_engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    return _admin_engine


def new_pg_database(template: PgDatabase | None = None, role: str = "") -> PgDatabase:
    """A new database (empty, or a copy of ``template``), named per process so that xdist
    workers and concurrent runs on one cluster never meet."""
    name = f"{TEST_DATABASE_PREFIX}_{os.getpid()}_{role or next(_database_numbers)}"
    database = PgDatabase(name)
    _guarded_postgres_url(database.uri)
    # FILE_COPY: for a database this small, copying its files took half the time of PostgreSQL
    # 15's default (writing every page to the WAL).
    copy = f' TEMPLATE "{template.name}" STRATEGY FILE_COPY' if template else ""
    with _admin().connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    return database


def drop_pg_database(database: PgDatabase) -> None:
    """Drop a test database, ending any connection still open on it."""
    _guarded_postgres_url(database.uri)
    with _admin().connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)'))


def _guarded_uri(db: "Path | PgDatabase") -> str:
    """Refuse any database outside the system temp folder (or the test cluster).

    On PostgreSQL a path under the temp folder stands for an empty database of its own, made
    on first use and dropped after the test, so tests that start from a fresh file (init-db,
    migrations) run there too.
    """
    if isinstance(db, PgDatabase):
        return db.uri
    path = Path(db)
    temp_root = Path(tempfile.gettempdir()).resolve()
    if temp_root not in path.resolve().parents:
        raise RuntimeError(f"refusing to run tests against {path}: not under {temp_root}")
    if ON_POSTGRES:
        if path not in _path_databases:
            _path_databases[path] = new_pg_database()
        return _path_databases[path].uri
    return f"sqlite:///{path}"


def database_uri(db: "Path | PgDatabase") -> str:
    """The SQLAlchemy URL of a test database (a ``db_path`` or a path under the temp folder),
    for a server or command started by hand."""
    return _guarded_uri(db)


def db_rows(db: "Path | PgDatabase", sql: str, params: dict | None = None) -> list[tuple]:
    """Rows read straight from a test database (a ``db_path``), bypassing the app, on either
    database: for tests that count or inspect what a command wrote."""
    engine = create_engine(_guarded_uri(db), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params or {})]
    finally:
        engine.dispose()


def dispose_engines(app) -> None:
    """Close the connections ``app``'s pool holds (before its database is dropped or copied)."""
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def _dispose_apps_made() -> None:
    """Close the pools of the apps this test made, before their databases are dropped: DROP
    DATABASE … WITH (FORCE) ends the connections left open, then waits for them to go in
    steps of 100 ms (75 ms a test on average, when the pools were closed after the drop)."""
    while _apps_made:
        dispose_engines(_apps_made.pop())


class SharedTemplateCode(BytecodeCache):
    """Compiled templates kept in memory for every app a test process makes.

    Each test makes an app of its own, and each app's Jinja environment compiled every template
    it rendered again: a quarter of the functional tests' time went to parsing and compiling
    the same templates. Jinja keys the code by template name and the source's checksum (so an
    edited template is compiled afresh); the key here adds the environment's compile settings,
    so an app configured otherwise never gets code compiled for another.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    @staticmethod
    def _settings(environment) -> str:
        names = [
            *("block_start_string", "block_end_string", "variable_start_string"),
            *("variable_end_string", "comment_start_string", "comment_end_string"),
            *("line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks"),
            *("newline_sequence", "keep_trailing_newline", "optimized", "is_async"),
            "newstyle_gettext",
        ]
        values = [getattr(environment, name, None) for name in names]
        values.append(sorted(environment.extensions))
        for hook in (environment.autoescape, environment.finalize):
            values.append(getattr(hook, "__qualname__", repr(hook)))
        return repr(values)

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        key = self.get_cache_key(name, filename) + self._settings(environment)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_template_code = SharedTemplateCode()


def _share_url_builders() -> None:
    """Let every app of a test process share the URL builders werkzeug compiles for its rules.

    Werkzeug compiles two small functions per URL rule (to build its URLs), from Python ASTs:
    about 90% of ``create_app``'s time, which every test pays once or more. A builder's code
    depends only on the rule's text, its parsed parts and its defaults' names, so the code made
    for the first app serves the rest. The first reuse of each builder is checked against what
    werkzeug makes afresh, so a werkzeug that builds otherwise fails loudly instead of
    serving wrong URLs.
    """
    compile_builder = Rule._compile_builder
    builders: dict[tuple, object] = {}
    checked: set[tuple] = set()

    def shared_builder(rule, append_unknown: bool = True):
        defaults = rule.defaults or {}
        if any(dynamic and name in defaults for dynamic, name in rule._trace):
            return compile_builder(rule, append_unknown)  # a default folded in: rare, made anew
        key = (rule.rule, tuple(rule._trace), tuple(map(str, defaults)), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        elif key not in checked:
            if compile_builder(rule, append_unknown).__code__ != builders[key].__code__:
                raise RuntimeError(f"werkzeug built {rule.rule!r} otherwise: stop sharing builders")
            checked.add(key)
        return builders[key]

    Rule._compile_builder = shared_builder


_share_url_builders()


def make_app(db_path: "Path | PgDatabase", **config):
    """An app on ``db_path`` with test settings (used by fixtures and live servers)."""
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": _guarded_uri(db_path),
    }
    settings.update(config)
    app = create_app(settings)
    app.jinja_env.bytecode_cache = _template_code
    app.test_client_class = OpenAPICheckingClient  # API responses checked against openapi.json
    if ON_POSTGRES:
        _apps_made.append(app)
    return app


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only(reason): needs SQLite itself; skipped on PostgreSQL with reason"
    )
    config.addinivalue_line(
        "markers", "production_hashes: hash passwords with the app's own Argon2id parameters"
    )


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, skip the SQLite-only tests, saying why."""
    if not ON_POSTGRES:
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        node = item.nodeid.split("[")[0]
        reason = (
            (marker.args[0] if marker.args else "SQLite only")
            if marker
            else SQLITE_ONLY.get(node) or SQLITE_ONLY.get(node.split("::")[0])
        )
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(autouse=True)
def _no_real_database(monkeypatch):
    # Environment overrides from a developer's shell must not leak into tests.
    for name in list(os.environ):
        if name.startswith("QUIZAPP_"):
            monkeypatch.delenv(name)
    content_routes.pages.clear()
    fragments.clear()
    sent_quiz_pages.clear()
    sent_home_pages.clear()
    api_routes.passages_json.clear()
    api_routes.finished_json.clear()
    forget_passage_versions()
    yield
    if ON_POSTGRES:
        _dispose_apps_made()
        while _path_databases:
            drop_pg_database(_path_databases.popitem()[1])


#: Argon2id at its lowest cost, for the accounts tests make in this process: at the app's own
#: parameters (19 MiB, 2 passes) each hash or check took 16 ms, a tenth of the functional
#: tests' time. Servers and commands started as processes keep the app's parameters, and so do
#: tests marked ``production_hashes``.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
CHEAP_DUMMY_HASH = CHEAP_HASHER.hash("not a real password")


@pytest.fixture(autouse=True)
def _cheap_password_hashes(request, monkeypatch):
    if request.node.get_closest_marker("production_hashes") is None:
        monkeypatch.setattr(auth_services, "_hasher", CHEAP_HASHER)
        monkeypatch.setattr(auth_services, "_DUMMY_HASH", CHEAP_DUMMY_HASH)


def _seed(app) -> None:
    with app.app_context():
        upgrade()
        seed_article()
        seed_question_banks()
        # Closes the last connection: SQLite folds the WAL into the file, and PostgreSQL can
        # copy a database only while no one is connected to it.
        db.engine.dispose()


@pytest.fixture(scope="session")
def seeded_db_template(tmp_path_factory) -> "Path | PgDatabase":
    """One migrated and seeded database, made once per test session (and xdist worker)."""
    if ON_POSTGRES:
        template = new_pg_database(role="template")
        _seed(make_app(template))
        yield template
        drop_pg_database(template)
        return
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
    _seed(make_app(path))
    yield path


@pytest.fixture
def db_path(seeded_db_template, tmp_path) -> "Path | PgDatabase":
    """A private copy of the seeded database for one test: a file, or on PostgreSQL a
    database made from the template (``CREATE DATABASE … TEMPLATE``, a file copy too)."""
    if ON_POSTGRES:
        database = new_pg_database(template=seeded_db_template)
        yield database
        _dispose_apps_made()
        drop_pg_database(database)
        return
    path = tmp_path / "quizapp.sqlite3"
    shutil.copyfile(seeded_db_template, path)
    yield path


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
    """Sign ``client`` in as ``user`` without the login form (for tests of other pages): a
    login session of its own, as the form would open."""
    with client.application.app_context():
        signed_in = open_login_session(user, client.application.permanent_session_lifetime)
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = signed_in.get_id()
        flask_session["_fresh"] = True


def run_flask(
    *args: str, db_path: "Path | PgDatabase", stdin: str | None = None
) -> subprocess.CompletedProcess:
    """Run ``flask --app quizapp ARGS`` as a user would, on the test database ``db_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env["QUIZAPP_SQLALCHEMY_DATABASE_URI"] = _guarded_uri(db_path)
    env["QUIZAPP_SECRET_KEY"] = "cli-tests-secret-key"  # the development key is refused
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quizapp", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )
