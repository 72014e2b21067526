"""`flask --app quizapp backup DEST`: a consistent copy of the SQLite file while learners write,
never over an existing file without --force, nothing half-written, and pg_dump on PostgreSQL."""

import os
import re
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from quizapp import create_app
from quizapp.auth.services import create_user, issue_token
from quizapp.backup import BackupError, backup_database
from tests.conftest import run_flask

#: A simple answer of the right shape for each type a writer answers (others are skipped).
SIMPLE_ANSWERS = {
    "mcq": lambda q: 0,
    "multi": lambda q: [0],
    "true_false": lambda q: True,
    "numeric": lambda q: "1",
    "short_answer": lambda q: "उत्तर",
    "translation": lambda q: "an answer",
}


def _rows(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, read with the plain driver."""
    with closing(sqlite3.connect(path)) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            )
        ]
        return {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names
        }


def _answers(path: Path) -> set[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return set(connection.execute("SELECT attempt_id, question_id, value FROM answer"))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


#: The copy is of a SQLite file; on PostgreSQL the command only points to pg_dump (tested below).
sqlite_only = pytest.mark.sqlite_only("backs up the SQLite file")


@sqlite_only
def test_the_copy_opens_and_holds_the_same_rows(db_path, tmp_path):
    dest = tmp_path / "out" / "copy.sqlite3"
    dest.parent.mkdir()
    result = run_flask("backup", str(dest), db_path=db_path)
    assert result.returncode == 0, result.stderr
    assert f"Backup written: {dest}" in result.stdout and "integrity ok" in result.stdout
    assert re.search(r"question\s+53\b", result.stdout)  # rows per table
    assert "(100%)" in result.stderr  # the progress line
    assert _rows(dest) == _rows(db_path)
    with closing(sqlite3.connect(dest)) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
    assert _files(dest.parent) == ["copy.sqlite3"]  # no temp, -wal or -shm left beside it


@sqlite_only
def test_a_folder_gets_a_file_named_for_the_time(db_path, tmp_path):
    result = run_flask("backup", str(tmp_path), db_path=db_path)
    assert result.returncode == 0, result.stderr
    (made,) = [p for p in tmp_path.iterdir() if p.name.startswith("quizapp-")]
    assert re.fullmatch(r"quizapp-\d{8}-\d{6}\.sqlite3", made.name)
    assert str(made) in result.stdout
    assert _rows(made) == _rows(db_path)


@sqlite_only
def test_an_existing_file_is_kept_unless_forced(db_path, tmp_path):
    dest = tmp_path / "backup.sqlite3"
    dest.write_bytes(b"yesterday's backup")
    refused = run_flask("backup", str(dest), db_path=db_path)
    assert refused.returncode == 1
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert dest.read_bytes() == b"yesterday's backup"
    assert _files(tmp_path) == sorted(["backup.sqlite3", db_path.name])

    forced = run_flask("backup", "--force", str(dest), db_path=db_path)
    assert forced.returncode == 0, forced.stderr
    assert _rows(dest) == _rows(db_path)


@sqlite_only
def test_the_database_itself_is_never_a_destination(db_path):
    before = db_path.read_bytes()
    result = run_flask("backup", "--force", str(db_path), db_path=db_path)
    assert result.returncode == 1 and "the database itself" in result.stderr
    assert db_path.read_bytes() == before


@pytest.fixture
def unwritable_folder(tmp_path) -> Path:
    """A folder this process cannot create files in (root ignores permissions: then /sys)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    for candidate in (folder, Path("/sys")):
        try:
            (candidate / ".probe").touch()
        except OSError:
            yield candidate
            break
        (candidate / ".probe").unlink()
    else:
        pytest.skip("no folder here refuses this user's writes")
    folder.chmod(0o755)


@sqlite_only
def test_an_unwritable_destination_is_a_clear_error(db_path, unwritable_folder):
    before = set(unwritable_folder.iterdir())
    result = run_flask("backup", str(unwritable_folder / "copy.sqlite3"), db_path=db_path)
    assert result.returncode == 1
    assert f"Cannot write in {unwritable_folder}" in result.stderr
    assert "Traceback" not in result.stderr
    assert set(unwritable_folder.iterdir()) == before


@sqlite_only
def test_a_backup_that_fails_midway_leaves_nothing(db_path, tmp_path):
    def interrupt(copied: int, total: int) -> None:
        if copied >= total // 2:
            raise KeyboardInterrupt  # Ctrl+C half way through

    with pytest.raises(KeyboardInterrupt):
        backup_database(f"sqlite:///{db_path}", tmp_path, pages=4, pause=0, progress=interrupt)
    assert _files(tmp_path) == [db_path.name]


def test_postgresql_is_sent_to_pg_dump_without_the_password(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://quiz:s3cret@db.school:5433/quizapp",
        }
    )
    with app.app_context():  # as `flask` gives it; the engine is made, never connected
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path)])
    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.output
    assert "postgresql://quiz@db.school:5433/quizapp" in result.output
    assert "s3cret" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_pg_dump_advice_for_a_file_destination():
    with pytest.raises(BackupError, match=r"--file=/srv/quiz\.dump postgresql://q@h/d\n"):
        backup_database("postgresql://q:pw@h/d", Path("/srv/quiz.dump"))


@sqlite_only
def test_backup_while_learners_write_is_consistent(app, db_path, tmp_path):
    """Writers keep saving answers (new rows only) through the API while the copy is taken
    step by step: the copy is whole, holds only committed rows, and nobody saw an error."""
    with app.app_context():
        tokens = [issue_token(create_user(f"writer{n}", "kite river 42")) for n in range(6)]
    acked: list[tuple[float, tuple]] = []  # (when, (attempt, question)) per 2xx autosave
    errors: list[str] = []
    stop = threading.Event()

    def write(token: str) -> None:
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        try:
            for listed in client.get("/api/v1/question-sets", headers=headers).json[
                "question_sets"
            ]:
                started = client.post(
                    f"/api/v1/question-sets/{listed['id']}/attempts", headers=headers
                )
                if started.status_code not in (200, 201):
                    errors.append(f"start: {started.status_code} {started.data[:200]!r}")
                    return
                attempt = started.json
                for question in attempt["questions"]:
                    if stop.is_set():
                        return
                    answer = SIMPLE_ANSWERS.get(question["type"])
                    if answer is None:
                        continue
                    saved = client.put(
                        f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}",
                        json={"answer": answer(question)},
                        headers=headers,
                    )
                    if saved.status_code >= 300:
                        errors.append(f"save: {saved.status_code} {saved.data[:200]!r}")
                        return
                    acked.append((time.monotonic(), (attempt["id"], question["id"])))
        except Exception as error:
            errors.append(repr(error))

    writers = [threading.Thread(target=write, args=(token,)) for token in tokens]
    for writer in writers:
        writer.start()
    deadline = time.monotonic() + 30
    while len(acked) < 10 and time.monotonic() < deadline and not errors:
        time.sleep(0.01)
    before = len(_answers(db_path))
    began = time.monotonic()
    steps = []
    result = backup_database(
        f"sqlite:///{db_path}",
        tmp_path / "during.sqlite3",
        pages=1,  # one page a step: the copy spans many of the writers' commits
        pause=0.01,
        progress=lambda copied, total: steps.append(copied),
    )
    ended = time.monotonic()
    stop.set()
    for writer in writers:
        writer.join(timeout=60)

    assert errors == []
    assert len(steps) > 20
    assert any(began <= when <= ended for when, _key in acked), "no write during the backup"
    assert result.integrity == "ok"
    with closing(sqlite3.connect(result.path)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA foreign_key_check").fetchall() == []
    copied, after = _answers(result.path), _answers(db_path)
    assert copied <= after  # every row it holds was committed (answers are only added here)
    assert before <= len(copied) <= len(after)
    assert {key for _when, key in acked} <= {(a, q) for a, q, _value in after}
    assert result.tables["answer"] == len(copied)
    assert not any(name.endswith(".part") for name in os.listdir(tmp_path))
