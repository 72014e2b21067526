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


def test_existing_usernames_get_their_look_alike_keys(tmp_path):
    """0007 recomputes every username_key from the stored name; where a look-alike already
    holds the new key, the account keeps its old one (and is printed for an admin)."""
    app = make_app(tmp_path / "keys.sqlite3")
    with app.app_context():
        upgrade(revision="0006_login_sessions")
        user = db.metadata.tables["user"]
        for name, key in [("Meera", "meera"), ("Ravi", "ravi-old"), ("\u0430sha", "\u0430sha"),
                          ("asha", "asha")]:  # fmt: skip
            db.session.execute(
                user.insert().values(
                    username=name, username_key=key, password_hash="", role="learner",
                    locale="", created_at=db.func.now(), session_nonce="n", failed_logins=0,
                )
            )  # fmt: skip
        db.session.commit()
        upgrade()
        keys = dict(db.session.execute(db.select(user.c.username, user.c.username_key)).all())
    assert keys == {"Meera": "meera", "Ravi": "ravi", "\u0430sha": "\u0430sha", "asha": "asha"}
