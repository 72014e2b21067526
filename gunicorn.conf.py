"""gunicorn settings, read from the working directory: `scripts/run-app.sh`, production and the
benchmarks run ``gunicorn "quizapp:create_app()"`` from the repository's root.

Settings given on gunicorn's command line (or in ``GUNICORN_CMD_ARGS``) win over this file, as
gunicorn applies them after it; the benchmarks and the reliability tests pass their own ``-w``,
``-b`` and ``-k``. The environment sets what this file computes:

- ``HOST`` (127.0.0.1; 0.0.0.0 to serve a classroom's network) and ``PORT`` (5000).
- ``GUNICORN_WORKERS`` or ``WEB_CONCURRENCY``: worker processes; else two per core (the Python
  of one request runs while another waits for SQLite's writer lock or a slow phone), at least 2,
  at most 8 (each takes about 90 MB).
- ``GUNICORN_THREADS``: threads per worker (4). gthread workers: a class's requests are short
  and mostly wait on the network or on the writer lock file, where threads queue cheaply (see
  quizapp/database.py); a worker's threads share its page cache.

No access log (40 phones autosaving would bury the errors); ``--access-logfile -`` prints one.
"""

import gc
import os
import shlex
import sys

from gunicorn.config import Config

#: Threads per gthread worker unless GUNICORN_THREADS says otherwise.
THREADS = 4
MAX_WORKERS = 8


def available_cores() -> int:
    """Cores this process may run on (a container's or taskset's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_count(environ, cores: int) -> int:
    """Worker processes: GUNICORN_WORKERS or WEB_CONCURRENCY, else two per core (2 to 8)."""
    for name in ("GUNICORN_WORKERS", "WEB_CONCURRENCY"):
        if environ.get(name):
            return int(environ[name])
    return max(2, min(2 * cores, MAX_WORKERS))


def bind_address(environ) -> str:
    """HOST:PORT, 127.0.0.1:5000 unless set (brackets around an IPv6 address)."""
    host = environ.get("HOST") or "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{environ.get('PORT') or 5000}"


def command_line_worker_class(argv: list[str]) -> str | None:
    """The worker class named on gunicorn's command line, if any (its own parser reads it)."""
    try:
        known, _unknown = Config().parser().parse_known_args(argv)
    except SystemExit:  # not a gunicorn command line
        return None
    return known.worker_class


def thread_count(environ, argv: list[str]) -> int:
    """Threads per worker; 1 when the command line asks for sync workers.

    gunicorn turns sync workers with more than one thread into gthread ones, so a thread count
    from this file would overrule an explicit ``-k sync`` (the benchmarks' baseline).
    """
    if command_line_worker_class(argv) in ("sync", "gunicorn.workers.sync.SyncWorker"):
        return 1
    return int(environ.get("GUNICORN_THREADS") or THREADS)


_argv = [*shlex.split(os.environ.get("GUNICORN_CMD_ARGS", "")), *sys.argv[1:]]

bind = [bind_address(os.environ)]
workers = worker_count(os.environ, available_cores())
worker_class = "gthread"
threads = thread_count(os.environ, _argv)
accesslog = None


def post_worker_init(worker) -> None:
    """Freeze what the worker loaded at start (mappers, templates, catalogs, the glossary).

    Those objects live as long as the worker, yet every full garbage collection walked all
    120,000 of them: a 60 ms pause in the middle of whichever request triggered it, the
    slowest requests of a class. Frozen, they are never scanned again.
    """
    gc.freeze()
