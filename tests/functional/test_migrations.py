"""Migrations build exactly the schema the models describe, on a real SQLite file."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from quizapp.extensions import db
from tests.conftest import make_app


def test_models_and_migrations_agree(tmp_path):
    app = make_app(tmp_path / "fresh.sqlite3")
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_downgrade_and_upgrade_again(tmp_path):
    app = make_app(tmp_path / "roundtrip.sqlite3")
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        upgrade()
        tables = set(db.inspect(db.engine).get_table_names())
    assert {"passage", "sentence", "glossary_entry", "glossary_occurrence"} <= tables
