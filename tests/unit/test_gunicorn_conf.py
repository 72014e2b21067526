"""gunicorn.conf.py: workers, threads and the address from the environment, the command line
winning over the file, the heap frozen per worker; and (slow) a real server started with it."""

import gc
import gzip
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SLUG, database_uri, run_flask

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).parent / "gunicorn"
#: The gunicorn variables this file reads; cleared so a developer's shell cannot leak in.
SETTINGS_ENV = ("HOST", "PORT", "GUNICORN_WORKERS", "WEB_CONCURRENCY", "GUNICORN_THREADS")


@pytest.fixture(scope="module")
def conf() -> dict:
    return runpy.run_path(str(CONF))


def test_worker_init_freezes_the_heap_loaded_at_start(conf):
    before = gc.get_freeze_count()
    try:
        conf["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    ("environ", "cores", "workers"),
    [
        ({}, 1, 2),
        ({}, 2, 4),
        ({}, 3, 6),
        ({}, 16, 8),  # capped: each worker holds about 90 MB
        ({"WEB_CONCURRENCY": "3"}, 16, 3),
        ({"GUNICORN_WORKERS": "5", "WEB_CONCURRENCY": "3"}, 2, 5),
        ({"GUNICORN_WORKERS": ""}, 2, 4),
    ],
)
def test_workers_come_from_the_cores_unless_the_environment_says(conf, environ, cores, workers):
    assert conf["worker_count"](environ, cores) == workers


@pytest.mark.parametrize(
    ("environ", "bind"),
    [
        ({}, "127.0.0.1:5000"),
        ({"PORT": "5077"}, "127.0.0.1:5077"),
        ({"HOST": "0.0.0.0", "PORT": "8000"}, "0.0.0.0:8000"),
        ({"HOST": "::1"}, "[::1]:5000"),
        ({"HOST": "", "PORT": ""}, "127.0.0.1:5000"),
    ],
)
def test_bind_comes_from_host_and_port(conf, environ, bind):
    assert conf["bind_address"](environ) == bind


@pytest.mark.parametrize(
    ("environ", "argv", "threads"),
    [
        ({}, [], 4),
        ({"GUNICORN_THREADS": "8"}, [], 8),
        ({}, ["-k", "sync"], 1),  # else gunicorn would turn the benchmarks' sync into gthread
        ({}, ["--worker-class=sync", "-w", "2"], 1),
        ({}, ["-ksync"], 1),
        ({}, ["--worker-class", "gthread", "--threads", "2"], 4),  # --threads itself wins
    ],
)
def test_threads_stay_out_of_an_explicit_sync_worker(conf, environ, argv, threads):
    assert conf["thread_count"](environ, [*argv, "quizapp:create_app()"]) == threads


def _print_config(*args: str, **environ: str) -> dict:
    """The settings gunicorn ends with, from ``--print-config`` (on the bare benchmark app)."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    env.pop("GUNICORN_CMD_ARGS", None)
    env.update(environ)
    output = subprocess.run(
        [GUNICORN, "-c", CONF, *args, "--print-config", "bench.hello_app:app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    pairs = (line.split(" = ", 1) for line in output.splitlines() if " = " in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_the_file_sets_a_threaded_classroom_server():
    settings = _print_config(HOST="0.0.0.0", PORT="6001", GUNICORN_WORKERS="3")
    assert settings["bind"] == "['0.0.0.0:6001']"
    assert settings["workers"] == "3"
    assert (settings["worker_class"], settings["threads"]) == ("gthread", "4")
    assert settings["accesslog"] == "None"


def test_command_line_settings_win_over_the_file():
    """As the benchmarks call it: their own workers, address and sync workers."""
    settings = _print_config(
        "--bind", "127.0.0.1:6002", "--workers", "2", "--worker-class", "sync", PORT="6001"
    )
    assert settings["bind"] == "['127.0.0.1:6002']"
    assert settings["workers"] == "2"
    assert (settings["worker_class"], settings["threads"]) == ("sync", "1")
    reliability = _print_config("-w", "2", "-k", "gthread", "--threads", "4")
    assert (reliability["worker_class"], reliability["threads"]) == ("gthread", "4")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@pytest.mark.slow
def test_gunicorn_with_the_project_settings_serves_the_app(tmp_path):
    db = tmp_path / "quizapp.sqlite3"
    assert run_flask("init-db", db_path=db).returncode == 0
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUIZAPP_", "GUNICORN_"))}
    env.update(
        QUIZAPP_SQLALCHEMY_DATABASE_URI=database_uri(db),  # the file (or its PostgreSQL stand-in)
        QUIZAPP_SECRET_KEY="gunicorn-test-secret-key",
        HOST="127.0.0.1",
        PORT=str(port),
        GUNICORN_WORKERS="2",  # the machine is shared: not two per core here
    )
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [GUNICORN, "-c", CONF, "quizapp:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _headers, home = _fetch(base + "/")
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert status == 200 and b"<html" in gzip.decompress(home)
        status, headers, _body = _fetch(f"{base}/passages/{SLUG}")
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert "Using worker: gthread" in log.read_text()
    finally:
        server.send_signal(signal.SIGINT)  # what Ctrl+C sends
        assert server.wait(timeout=30) == 0
