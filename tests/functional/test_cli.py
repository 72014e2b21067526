"""`flask --app quizapp init-db` on a real file, run as a user would, twice."""

import sqlite3
from pathlib import Path

from tests.conftest import run_flask as _flask


def _dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


def test_init_db_migrates_seeds_and_is_safe_to_rerun(tmp_path):
    db = tmp_path / "cli.sqlite3"
    first = _flask("init-db", db_path=db)
    assert first.returncode == 0, first.stderr
    assert "created: 18 sentences" in first.stdout
    before = _dump(db)
    second = _flask("init-db", db_path=db)
    assert second.returncode == 0, second.stderr
    assert "unchanged" in second.stdout
    assert _dump(db) == before
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM sentence").fetchone() == (18,)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_init_db_updates_changed_content_in_place(tmp_path):
    db = tmp_path / "cli.sqlite3"
    assert _flask("init-db", db_path=db).returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE sentence SET en = 'stale' WHERE key = 'p1s1'")
        ids = connection.execute("SELECT id FROM sentence ORDER BY id").fetchall()
    result = _flask("init-db", db_path=db)
    assert "updated" in result.stdout
    with sqlite3.connect(db) as connection:
        assert (
            connection.execute("SELECT en FROM sentence WHERE key='p1s1'").fetchone()[0] != "stale"
        )
        assert connection.execute("SELECT id FROM sentence ORDER BY id").fetchall() == ids
        assert connection.execute("SELECT version FROM passage").fetchone() == (2,)
