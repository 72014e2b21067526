"""Shared benchmark plumbing: a seeded SQLite file (or a throwaway PostgreSQL cluster),
gunicorn servers, and wrk runs.

Both the app under test and the bare Flask baseline are served by gunicorn with the same
worker settings, on loopback, in the same run, so the ratio means something on a noisy machine.
"""

import gc
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
#: The servers under test refuse the public development key (quizapp.config.check_secret_key).
BENCH_SECRET_KEY = "benchmark-secret-key-not-for-production"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seeded_database() -> Path:
    """A fresh temp SQLite file, migrated and seeded through the real CLI."""
    folder = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    db = folder / "bench.sqlite3"
    env = {
        **os.environ,
        "QUIZAPP_SQLALCHEMY_DATABASE_URI": f"sqlite:///{db}",
        "QUIZAPP_SECRET_KEY": BENCH_SECRET_KEY,
    }
    subprocess.run(
        [BIN / "flask", "--app", "quizapp", "init-db"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return db


@contextmanager
def postgres_cluster(durable: bool | None = None) -> Iterator[dict[str, str]]:
    """A throwaway PostgreSQL cluster from scripts/postgres.sh; yields what it exports.

    ``durable`` (default: yes, unless QUIZAPP_PG_DURABLE=0) keeps PostgreSQL's production
    settings, every commit flushed to disk, so a benchmark pays what a real server pays; the
    tests' cluster skips that.
    """
    if durable is None:
        durable = os.environ.get("QUIZAPP_PG_DURABLE", "1") != "0"
    script = ROOT / "scripts" / "postgres.sh"
    env = {**os.environ, "QUIZAPP_PG_DURABLE": "1" if durable else "0"}
    started = subprocess.run(
        ["bash", script, "start"], capture_output=True, text=True, env=env, check=False
    )
    if started.returncode != 0:
        raise RuntimeError(f"scripts/postgres.sh start failed:\n{started.stderr}")
    exports = dict(
        line.removeprefix("export ").split("=", 1)
        for line in started.stdout.splitlines()
        if line.startswith("export ")
    )
    try:
        yield exports
    finally:
        subprocess.run(["bash", script, "stop", exports["QUIZAPP_PG_DIR"]], check=False)


def create_postgres_database(url: str) -> str:
    """Create the (empty) database ``url`` names, on its server; returns ``url``."""
    target = make_url(url)
    admin = create_engine(
        target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    return url


@contextmanager
def bench_database(kind: str, name: str) -> Iterator[Path | str]:
    """Where a benchmark's data lives: ``sqlite`` (a file in a temp folder), ``postgresql``
    (a database in a throwaway cluster, stopped afterwards) or the URL of an existing, empty
    PostgreSQL database. Yields a ``Path`` or a SQLAlchemy URL (bench.class_of_40.Database)."""
    if kind == "sqlite":
        yield Path(tempfile.mkdtemp(prefix=f"quizapp-bench-{name}-")) / f"{name}.sqlite3"
    elif kind in ("postgresql", "postgres"):
        with postgres_cluster() as cluster:
            base = cluster["QUIZAPP_TEST_DATABASE_URL"]
            yield create_postgres_database(base.rsplit("/", 1)[0] + f"/quizapp_bench_{name}")
    elif kind.startswith(("postgresql", "postgres:")):
        yield kind
    else:
        raise SystemExit(f"--database: sqlite, postgresql or a postgresql:// URL, not {kind!r}")


@contextmanager
def gunicorn(app: str, workers: int, env: dict | None = None, worker_class: str = "sync"):
    """Serve ``app`` on a free loopback port; yields the base URL."""
    port = free_port()
    command = [
        BIN / "gunicorn",
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--log-level",
        "warning",
    ]
    if worker_class == "gthread":
        command += ["--threads", "4"]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"gunicorn for {app} did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def wrk(url: str, seconds: int, connections: int, headers: dict | None = None) -> float:
    """Requests per second reported by wrk (2 threads) for ``url``."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed for the benchmarks: apt-get install wrk")
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        print(output, file=sys.stderr)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def wrk_stats(
    url: str, seconds: int, connections: int, script: str | None = None, threads: int = 2
) -> dict:
    """Run wrk (optionally with a Lua ``script``'s text); requests/s, non-2xx and socket errors.

    Unlike `wrk`, a failed request is counted and returned rather than only printed, so a
    benchmark can refuse to report a rate made of errors.
    """
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed for the benchmarks: apt-get install wrk")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    with tempfile.TemporaryDirectory(prefix="quizapp-wrk-") as folder:
        if script is not None:
            path = Path(folder) / "script.lua"
            path.write_text(script, encoding="utf-8")
            command += ["-s", str(path)]
        run = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    output = run.stdout
    if script is not None and run.stderr.strip():
        # wrk reports a broken script on stderr and then runs plain GETs: never measure those.
        raise RuntimeError(f"wrk could not use the script: {run.stderr.strip()}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "output": output,
    }


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep this (client) process's garbage collector from pausing a timed run.

    By a benchmark's later phases the client holds a large heap; one full collection of it
    stops every client thread at once for tens of ms, which would be counted as the server's
    latency. Objects that exist now are frozen (never scanned) until the block ends.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


CYCLING_LUA = """
local entries = {
%(entries)s
}
local n = #entries
local counter = 0
local i = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

function init(args)
  -- Threads start at different places in the list, so they work on different entries.
  i = math.floor((offset or 0) * n / %(threads)d)
end

function request()
  i = i + 1
  local e = entries[(i %% n) + 1]
  return %(request)s
end
%(extra)s
"""


def cycling_script(
    rows: Sequence[Sequence[str]], request: str, threads: int = 2, extra: str = ""
) -> str:
    """A wrk script whose requests cycle through ``rows`` (each row a Lua table ``e`` of ASCII
    strings, written as JSON: valid Lua); ``request`` is the Lua expression that makes one."""
    entries = ",\n".join("  {" + ", ".join(json.dumps(v) for v in row) + "}" for row in rows)
    return CYCLING_LUA % {
        "entries": entries,
        "threads": threads,
        "request": request,
        "extra": extra,
    }
