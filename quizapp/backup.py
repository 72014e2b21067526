"""A consistent online copy of the SQLite database, taken while the app serves and learners write.

SQLite's backup API copies the file page by page. Left to itself it starts again whenever
another connection commits between two steps, so under a class's autosaves a paged copy may
never finish. The source connection therefore holds one read transaction for the whole copy:
in WAL mode (the app's) that is a snapshot writers do not wait for, so every step copies the
same moment, the copy is what was committed when it began, and writers carry on. The steps are
paced (a short pause every `PAGES` pages) so the copy leaves the disk and cores to the server.
A database in another journal mode would block writers while the snapshot is held, so it is
copied in one step instead, the shortest hold.

The copy is written to a hidden temp file beside the destination, switched to a single-file
journal mode, checked with ``PRAGMA integrity_check`` and only then renamed into place: a
backup that fails leaves nothing half-written. PostgreSQL has its own tool for this, pg_dump.
"""

import contextlib
import os
import shlex
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from quizapp.exceptions import DomainError

#: Pages copied per step (1 MiB at SQLite's default 4 KiB page), and the pause after each.
PAGES = 256
PAUSE = 0.005

#: progress(copied pages, total pages), called after each step.
Progress = Callable[[int, int], None]


class BackupError(DomainError):
    """The backup could not be made; nothing was written at the destination."""


@dataclass(frozen=True)
class BackupResult:
    """A verified copy: where it is, its size, and the rows in each table."""

    source: Path
    path: Path
    size: int
    integrity: str
    tables: dict[str, int]


def backup_database(
    url: str | URL,
    dest: Path,
    *,
    force: bool = False,
    pages: int = PAGES,
    pause: float = PAUSE,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> BackupResult:
    """Copy the SQLite database at ``url`` to ``dest`` (a file, or a folder to put one in)."""
    url = make_url(url)
    if url.get_backend_name() == "postgresql":
        raise BackupError(postgres_advice(url, dest))
    if url.get_backend_name() != "sqlite":
        raise BackupError(f"Backups are made of SQLite databases; this one is {url.drivername}.")
    if url.database in (None, "", ":memory:"):
        raise BackupError("The database is in memory: there is no file to back up.")
    source = Path(url.database).resolve()
    if not source.is_file():
        raise BackupError(f"No database at {source}: run `flask --app quizapp init-db` first.")
    target = destination(dest, now)
    if target.resolve() == source:
        raise BackupError(f"{target} is the database itself: choose another destination.")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists: choose another name, or use --force.")
    if target.is_dir():
        raise BackupError(f"{target} is a folder that is in the way: choose another name.")

    temp = _temp_file(target)
    try:
        tables, integrity = _copy(source, temp, pages, pause, progress)
        size = temp.stat().st_size
        _move_into_place(temp, target, force)
    except BaseException:
        for leftover in (temp, *(Path(f"{temp}{s}") for s in ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        raise
    return BackupResult(source, target, size, integrity, tables)


def destination(dest: Path, now: datetime | None = None) -> Path:
    """``dest`` itself, or inside an existing folder a file named for the time (UTC)."""
    if dest.is_dir():
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
        return dest / f"quizapp-{stamp}.sqlite3"
    if not dest.parent.is_dir():
        raise BackupError(f"No folder {dest.parent} to write {dest.name} in.")
    return dest


def postgres_advice(url: URL, dest: Path) -> str:
    """What to run instead on PostgreSQL: pg_dump with this database's address, no password."""
    address = URL.create(  # pg_dump takes a libpq address: no driver name, and no password
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    ).render_as_string(hide_password=False)
    target = dest / "quizapp.dump" if dest.is_dir() else dest
    return (
        "This app runs on PostgreSQL: back it up with PostgreSQL's own pg_dump, e.g.\n"
        f"  pg_dump --format=custom --file={shlex.quote(str(target))} {shlex.quote(address)}\n"
        "(the password is left out: give it in PGPASSWORD or ~/.pgpass)."
    )


def _temp_file(target: Path) -> Path:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise BackupError(f"Cannot write in {target.parent}: {error.strerror}.") from None
    os.close(fd)
    return Path(name)


def _copy(
    source: Path, temp: Path, pages: int, pause: float, progress: Progress | None
) -> tuple[dict[str, int], str]:
    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)
        if remaining:
            time.sleep(pause)

    with contextlib.closing(_connect(source)) as src, contextlib.closing(_connect(temp)) as copy:
        src.execute("PRAGMA query_only = ON")
        wal = src.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        if wal:
            src.execute("BEGIN")  # the snapshot every step copies from
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
        try:
            src.backup(copy, pages=pages if wal else -1, progress=step)
        finally:
            if wal:
                src.execute("COMMIT")
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        integrity = "; ".join(row[0] for row in copy.execute("PRAGMA integrity_check"))
        if integrity != "ok":
            raise BackupError(f"The copy failed its integrity check: {integrity}")
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]
        tables = {
            # Not a finding (B608): table names from the schema, quoted.
            name: copy.execute(f"SELECT count(*) FROM {_ident(name)}").fetchone()[0]  # nosec B608
            for name in names
        }
    return tables, integrity


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit: the snapshot's BEGIN and COMMIT are ours. The timeout covers a checkpoint.
    return sqlite3.connect(path, timeout=10, isolation_level=None)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _move_into_place(temp: Path, target: Path, force: bool) -> None:
    if force:
        os.replace(temp, target)
    else:
        try:
            os.link(temp, target)  # fails if a file appeared there meanwhile: never overwrites
        except FileExistsError:
            raise BackupError(
                f"{target} already exists: choose another name, or use --force."
            ) from None
        except OSError:  # a file system without hard links
            if target.exists():
                raise BackupError(f"{target} already exists: use --force.") from None
            os.replace(temp, target)
        temp.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # make the rename itself durable
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
