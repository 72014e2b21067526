"""A class of 40 taking a 20-question quiz at once, against a real gunicorn server.

Shared by the reliability tests (tests/reliability) and the benchmark (bench.attempts), so both
generate exactly the same load. Also runnable on its own:

    .venv/bin/python -m bench.class_of_40 [--learners 40] [--workers 2] [--worker-class gthread]

Pieces: the "Load test 20" bank (20 simple questions whose right answers are known here), a
database prepared through the real CLI (init-db, import-bank) plus learner accounts, a
gunicorn server in its own process group (so a test can SIGKILL all of it), a small stdlib HTTP
client that times each request, and `run_class`, which drives the learners in threads.

The database is a SQLite file (a ``Path``) or, for PostgreSQL, a SQLAlchemy URL (a ``str``) of
an existing, empty database: the server's processes get it as QUIZAPP_SQLALCHEMY_DATABASE_URI.
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.common import BIN, ROOT, bench_database, free_port, frozen_heap

SLUG = "blinken-lavrov-reykjavik"
SET_TITLE = "Load test 20"
QUESTION_COUNT = 20
PASSWORD = "load-test-password"
SECRET_KEY = "load-test-secret"
TYPES = ("mcq", "true_false", "numeric", "short_answer")
WORDS = ("counterpart", "meeting", "minister", "iceland", "tension")
#: What a request can raise when the server is gone or hangs up.
NETWORK_ERRORS = (OSError, http.client.HTTPException)


# --- the bank ------------------------------------------------------------------------------


def _tag(index: int) -> str:
    return f"load-q{index:02d}"


def load_bank() -> dict:
    """The bank JSON: 20 one-point questions, types cycling mcq/true_false/numeric/short_answer.

    Every prompt starts with ``[load-qNN]`` so a client can tell the questions apart by what
    the API shows it, without knowing database ids.
    """
    questions = []
    for i in range(QUESTION_COUNT):
        kind = TYPES[i % len(TYPES)]
        question = {
            "id": _tag(i),
            "type": kind,
            "skill": "literal",
            "points": 1,
            "prompt": {"en": f"[{_tag(i)}] Question {i} ({kind})", "hi": f"[{_tag(i)}] प्रश्न {i}"},
        }
        if kind == "mcq":
            question["options"] = [
                {"en": f"option {i}.{k}", "correct": k == i % 4} for k in range(4)
            ]
        elif kind == "true_false":
            question["answer"] = i % 8 == 1
        elif kind == "numeric":
            question["value"] = 10 * i + 3
            question["tolerance"] = 0
        else:
            question["accept"] = {"en": [WORDS[i // 4]]}
        questions.append(question)
    return {
        "format": "quizapp.bank.v1",
        "passage": SLUG,
        "set": {
            "id": "load-20",
            "title": {"en": SET_TITLE},
            "settings": {
                "prompt_language": "both",
                "shuffle": False,
                "attempts_allowed": None,
                "time_limit_minutes": None,
                "feedback": "after_submit",
            },
        },
        "questions": questions,
    }


def question_index(question: dict) -> int:
    """The bank position (0..19) of a question as the API shows it, from its prompt tag."""
    prompt = question.get("prompt") or {}
    text = prompt.get("en") or prompt.get("hi") or ""
    if not text.startswith("[load-q"):
        raise ValueError(f"not a load-test question: {question!r}")
    return int(text[len("[load-q") : text.index("]")])


def answer_value(question: dict, correct: bool) -> object:
    """A right (or a wrong) answer to ``question`` in its type's shape.

    For mcq the option is found by its text in the list the API showed (in the attempt's own
    shuffled order), and answered by the canonical ``index`` it carries.
    """
    i = question_index(question)
    kind = TYPES[i % len(TYPES)]
    if kind == "mcq":
        wanted = f"option {i}.{i % 4}" if correct else f"option {i}.{(i + 1) % 4}"
        return next(o["index"] for o in question.get("options", []) if o.get("en") == wanted)
    if kind == "true_false":
        return (i % 8 == 1) is correct
    if kind == "numeric":
        return 10 * i + 3 if correct else 10 * i + 4
    return WORDS[i // 4] if correct else "xylophone"


def learner_gets_right(learner: int, index: int) -> bool:
    """Learner ``learner``'s plan: about four in five right, differently for each learner."""
    return (7 * index + learner) % 5 != 0


def expected_score(learner: int) -> float:
    """The score learner ``learner`` earns by following the plan (one point a question)."""
    return float(sum(learner_gets_right(learner, i) for i in range(QUESTION_COUNT)))


def same_json(a: object, b: object) -> bool:
    """JSON equality that keeps booleans apart from numbers (``True != 1`` here)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


# --- the database ----------------------------------------------------------------------------

#: A SQLite file, or the SQLAlchemy URL of a PostgreSQL database.
Database = Path | str


def database_url(db: Database) -> str:
    """The SQLAlchemy URL of ``db``."""
    return db if isinstance(db, str) else f"sqlite:///{db}"


def _env(db: Database) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env["QUIZAPP_SQLALCHEMY_DATABASE_URI"] = database_url(db)
    env["QUIZAPP_SECRET_KEY"] = SECRET_KEY
    return env


def flask_cli(db: Database, *args: str) -> subprocess.CompletedProcess:
    """``flask --app quizapp ARGS`` on ``db``, as an operator would run it; raises on failure."""
    result = subprocess.run(
        [BIN / "flask", "--app", "quizapp", *args],
        cwd=ROOT,
        env=_env(db),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def create_learners(db: Database, usernames: Iterable[str]) -> None:
    """Learner accounts (password PASSWORD) through quizapp.auth.services.create_user.

    All share one password, so it is hashed once with the real Argon2id hasher and that hash is
    reused: the same accounts as 40 separate hashes would give, in a fraction of the time.
    """
    from unittest import mock

    from quizapp import create_app
    from quizapp.auth import services
    from quizapp.extensions import db as sqla

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(db), "SECRET_KEY": SECRET_KEY})
    hashed = services.hash_password(PASSWORD)
    with app.app_context(), mock.patch.object(services, "hash_password", lambda _p: hashed):
        for username in usernames:
            services.create_user(username, PASSWORD, "learner")
        sqla.session.remove()
        sqla.engine.dispose()


def checkpoint(db: Database) -> None:
    """Fold the WAL into the main file, so copying the one file copies everything (SQLite)."""
    if isinstance(db, str):
        return
    connection = sqlite3.connect(db)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def prepare_database(db: Database, usernames: Iterable[str]) -> None:
    """init-db, import the load bank (both through the CLI), then the learner accounts."""
    flask_cli(db, "init-db")
    with tempfile.TemporaryDirectory(prefix="quizapp-load-bank-") as folder:
        bank = Path(folder) / "load-20.json"
        bank.write_text(json.dumps(load_bank(), ensure_ascii=False, indent=1), encoding="utf-8")
        flask_cli(db, "import-bank", str(bank))
    create_learners(db, usernames)
    checkpoint(db)


def json_column(value: object) -> object:
    """A JSON column's value as `read_db` reads it: SQLite gives a column declared ``JSON``
    NUMERIC affinity, so a JSON number is stored (and comes back) as an INTEGER or REAL, and
    everything else as JSON text; on PostgreSQL it is always JSON text."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def read_db(db: Database, sql: str, params: Sequence = ()) -> list[tuple]:
    """Rows straight from the database (read-only), bypassing the app. ``sql`` has ``?``
    placeholders; JSON columns come back as text (see `json_column`)."""
    if isinstance(db, str):
        return _read_postgres(db, sql.replace("?", "%s"), params)
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def _read_postgres(url: str, sql: str, params: Sequence) -> list[tuple]:
    import psycopg  # the postgres extra: only PostgreSQL runs need it
    from psycopg.types.string import TextLoader

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as connection:
        connection.read_only = True
        for name in ("json", "jsonb"):
            connection.adapters.register_loader(name, TextLoader)
        return connection.execute(sql, list(params)).fetchall()


# --- the server ------------------------------------------------------------------------------


class Server:
    """gunicorn serving ``quizapp:create_app()`` on ``db``, in its own process group.

    Its log goes beside a SQLite file, or into ``log_dir`` (a temp folder by default)."""

    def __init__(
        self,
        db: Database,
        workers: int = 2,
        worker_class: str = "gthread",
        threads: int = 4,
        app: str = "quizapp:create_app()",
        ready_path: str = "/api/v1/question-sets",
        log_dir: Path | None = None,
    ):
        self.db = db
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.app = app
        self.ready_path = ready_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        if log_dir is None:
            log_dir = (
                Path(tempfile.mkdtemp(prefix="quizapp-gunicorn-"))
                if isinstance(db, str)
                else db.parent
            )
        self.log = log_dir / f"gunicorn-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Server":
        command = [
            str(BIN / "gunicorn"),
            self.app,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--log-level",
            "warning",
        ]
        if self.worker_class == "gthread":
            command += ["--threads", str(self.threads)]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=_env(self.db),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killpg reaches every worker
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                status = Http(self.url).request("GET", self.ready_path).status
                if status < 500:
                    return self
            except NETWORK_ERRORS:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gunicorn did not start:\n{self.log_tail()}")
            time.sleep(0.1)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` to the whole process group (master and workers) and reap the master."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        self.process.wait(timeout=15)
        if sig == signal.SIGKILL:
            # Workers are reparented when the master dies; wait until the group is gone.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    os.killpg(self.process.pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
        self.process = None

    def stop(self) -> None:
        """Graceful stop (SIGTERM); SIGKILL for whatever is left after 10 s."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            pass
        pid, self.process = self.process.pid, None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- the client ------------------------------------------------------------------------------


@dataclass
class Reply:
    """One HTTP exchange: status, parsed JSON body (or None), raw body and time taken."""

    status: int
    data: object
    body: bytes
    seconds: float

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Http:
    """A keep-alive HTTP/1.1 client on one connection (one per thread), timing each request.

    Like a browser, it does not reuse a connection that has been idle for long: gunicorn closes
    idle keep-alive connections after 2 s, and a request written into one that the server is
    closing fails with "Remote end closed connection" without ever reaching the app. Such a
    connection is replaced by a new one (whose set-up counts in the request's time).
    """

    #: Seconds a connection may sit idle and still be reused (gunicorn's --keep-alive is 2).
    MAX_IDLE = 1.0

    def __init__(self, base: str, token: str | None = None, timeout: float = 30):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.token = token
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None
        self.last_used = 0.0

    def request(self, method: str, path: str, body: object = None) -> Reply:
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.connection is not None and time.monotonic() - self.last_used > self.MAX_IDLE:
            self.close()
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, self.timeout)
        started = time.perf_counter()
        try:
            self.connection.request(method, path, payload, headers)
            response = self.connection.getresponse()
            raw = response.read()
        except BaseException:
            self.close()
            raise
        seconds = time.perf_counter() - started
        self.last_used = time.monotonic()
        if response.will_close:
            self.close()
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = None
        return Reply(response.status, data, raw, seconds)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def login(base: str, username: str, password: str = PASSWORD) -> str:
    """A bearer token from ``POST /api/v1/tokens``."""
    reply = Http(base).request(
        "POST", "/api/v1/tokens", {"username": username, "password": password}
    )
    if reply.status != 201 or not isinstance(reply.data, dict) or "token" not in reply.data:
        raise RuntimeError(f"login {username}: {reply.status} {reply.body[:300]!r}")
    return reply.data["token"]


def login_all(base: str, usernames: Sequence[str], threads: int = 8) -> list[str]:
    """Tokens for every username, in order (logins in parallel: Argon2 is slow on purpose)."""
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda name: login(base, name), usernames))


def find_set_id(base: str, token: str | None = None) -> int:
    """The id of the "Load test 20" set, from ``GET /api/v1/question-sets``."""
    reply = Http(base, token).request("GET", "/api/v1/question-sets")
    if reply.status != 200:
        raise RuntimeError(f"GET /api/v1/question-sets: {reply.status} {reply.body[:300]!r}")
    for question_set in reply.data["question_sets"]:
        if (question_set.get("title") or {}).get("en") == SET_TITLE:
            return question_set["id"]
    raise RuntimeError(f"no question set titled {SET_TITLE!r}")


# --- the class -------------------------------------------------------------------------------


@dataclass
class LearnerRun:
    """What one learner did and what the server acknowledged."""

    number: int
    username: str
    attempt_id: int | None = None
    start_status: int | None = None
    expected_score: float = 0.0
    #: question id → the value the server acknowledged with a 2xx.
    acked: dict[int, object] = field(default_factory=dict)
    submit: dict | None = None


@dataclass
class ClassRun:
    """The whole class: every learner, every request's latency, every failure."""

    learners: list[LearnerRun]
    latencies: dict[str, list[float]]
    #: (learner, operation, status or exception text, body excerpt) for each non-2xx/exception.
    failures: list[tuple]
    seconds: float

    def percentiles(self, operation: str) -> dict[str, float]:
        """p50/p95/p99 (milliseconds) of one operation ("start", "save", "submit" or "all")."""
        if operation == "all":
            values = [v for vs in self.latencies.values() for v in vs]
        else:
            values = self.latencies.get(operation, [])
        return {f"p{p}": percentile(values, p) * 1000 for p in (50, 95, 99)}

    def report(self) -> str:
        lines = [
            f"class of {len(self.learners)}: {sum(map(len, self.latencies.values()))} requests "
            f"in {self.seconds:.2f} s, {len(self.failures)} failures"
        ]
        for operation in ("start", "save", "submit", "all"):
            count = (
                sum(map(len, self.latencies.values()))
                if operation == "all"
                else len(self.latencies.get(operation, []))
            )
            if not count:
                continue
            p = self.percentiles(operation)
            lines.append(
                f"  {operation:<7} n={count:<5} p50 {p['p50']:6.1f} ms   p95 {p['p95']:6.1f} ms"
                f"   p99 {p['p99']:6.1f} ms   max {max(self._values(operation)) * 1000:6.1f} ms"
            )
        return "\n".join(lines)

    def _values(self, operation: str) -> list[float]:
        if operation == "all":
            return [v for vs in self.latencies.values() for v in vs]
        return self.latencies[operation]


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100)
    return ordered[int(rank) - 1]


def run_class(
    base: str,
    set_id: int,
    learners: Sequence[tuple[str, str]],
    think: tuple[float, float] = (0.0, 0.0),
    first_number: int = 0,
    submit_together: bool = False,
) -> ClassRun:
    """Every learner at once: start an attempt, save 20 answers (one PUT each), submit.

    ``learners`` are (username, token) pairs; learner n follows plan number
    ``first_number + n`` (see `learner_gets_right`). ``think`` is a (min, max) pause in seconds
    before each save and the submit, drawn at random (seeded): (0, 0) fires back to back.
    A barrier releases all threads together, so the class really starts at once; with
    ``submit_together`` a second barrier makes them all press submit at the same moment too.
    """
    runs = [
        LearnerRun(first_number + n, name, expected_score=expected_score(first_number + n))
        for n, (name, _token) in enumerate(learners)
    ]
    latencies: dict[str, list[float]] = {"start": [], "save": [], "submit": []}
    failures: list[tuple] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(learners) + 1)
    submit_barrier = threading.Barrier(len(learners))

    def record(run: LearnerRun, operation: str, reply: Reply | None, error: str = "") -> bool:
        with lock:
            if reply is not None:
                latencies[operation].append(reply.seconds)
                if not reply.ok:
                    failures.append((run.username, operation, reply.status, reply.body[:300]))
            else:
                failures.append((run.username, operation, error, b""))
        return reply is not None and reply.ok

    def answer_all(run: LearnerRun, client: Http, rng: random.Random) -> bool:
        """Start and save every answer; False if the attempt could not even start."""
        try:
            reply = client.request("POST", f"/api/v1/question-sets/{set_id}/attempts")
        except NETWORK_ERRORS as error:
            record(run, "start", None, repr(error))
            return False
        run.start_status = reply.status
        if not record(run, "start", reply):
            return False
        attempt = reply.data
        run.attempt_id = attempt["id"]
        questions = list(attempt["questions"])
        rng.shuffle(questions)  # learners answer in their own order
        for question in questions:
            if think[1]:
                time.sleep(rng.uniform(*think))
            value = answer_value(question, learner_gets_right(run.number, question_index(question)))
            path = f"/api/v1/attempts/{run.attempt_id}/answers/{question['id']}"
            try:
                reply = client.request("PUT", path, {"answer": value})
            except NETWORK_ERRORS as error:
                record(run, "save", None, repr(error))
                continue
            if record(run, "save", reply):
                run.acked[question["id"]] = value
        if think[1]:
            time.sleep(rng.uniform(*think))
        return True

    def learner(run: LearnerRun, token: str) -> None:
        rng = random.Random(run.number)
        client = Http(base, token)
        barrier.wait()
        started = answer_all(run, client, rng)
        if submit_together:
            submit_barrier.wait()  # reached by every thread, started or not
        if not started:
            return
        try:
            reply = client.request("POST", f"/api/v1/attempts/{run.attempt_id}/submit")
        except NETWORK_ERRORS as error:
            record(run, "submit", None, repr(error))
            return
        if record(run, "submit", reply):
            run.submit = reply.data
        client.close()

    threads = [
        threading.Thread(target=learner, args=(run, token), name=run.username)
        for run, (_name, token) in zip(runs, learners, strict=True)
    ]
    with frozen_heap():
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
    return ClassRun(runs, latencies, failures, time.perf_counter() - started)


def class_usernames(count: int = 40, prefix: str = "class") -> list[str]:
    return [f"{prefix}-{n:03d}" for n in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--think-ms", type=float, default=0, help="max pause between requests")
    parser.add_argument("--submit-together", action="store_true", help="all submit at once")
    parser.add_argument(
        "--database",
        default="sqlite",
        help="sqlite, postgresql (a throwaway cluster) or the URL of an empty PostgreSQL database",
    )
    args = parser.parse_args()

    names = class_usernames(args.learners)
    with bench_database(args.database, "class") as db:
        prepare_database(db, names)
        with Server(db, args.workers, args.worker_class) as server:
            tokens = login_all(server.url, names)
            set_id = find_set_id(server.url, tokens[0])
            run = run_class(
                server.url,
                set_id,
                list(zip(names, tokens, strict=True)),
                (0, args.think_ms / 1000),
                submit_together=args.submit_together,
            )
    print(run.report())
    for failure in run.failures[:10]:
        print("  failure:", failure, file=sys.stderr)


if __name__ == "__main__":
    main()
