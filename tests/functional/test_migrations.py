"""Migrations build exactly the schema the models describe, on a real SQLite file."""

import json
import re

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from quizapp.content.services import seed_article
from quizapp.extensions import db
from tests.conftest import PACKAGED_ARTICLE, PACKAGED_HINDI, make_app


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
            db.session.execute(  # the columns of 0006, not of today's model
                db.text(
                    'INSERT INTO "user" (username, username_key, password_hash, role, locale, '
                    "created_at, session_nonce, failed_logins) "
                    "VALUES (:name, :key, '', 'learner', '', CURRENT_TIMESTAMP, 'n', 0)"
                ),
                {"name": name, "key": key},
            )
        db.session.commit()
        upgrade()
        keys = dict(db.session.execute(db.select(user.c.username, user.c.username_key)).all())
    assert keys == {"Meera": "meera", "Ravi": "ravi", "\u0430sha": "\u0430sha", "asha": "asha"}


def _old_split(paragraph: str) -> list[str]:
    """The splitter before 0010: a danda followed by a closing quote did not end a sentence."""
    return re.split(r"(?<=[।॥?!])\s+", paragraph)


def test_quote_aware_split_renumbers_sentences_and_carries_references(tmp_path):
    """0010 re-splits a passage stored with the old 17-sentence split: the old p2s2 becomes
    p2s2 + p2s3 (Hindi and English), p2s3 becomes p2s4, evidence and glossary links follow,
    answers are untouched; then init-db's seed refines the evidence without an error."""
    hindi = PACKAGED_HINDI.read_text(encoding="utf-8")
    english = json.loads(PACKAGED_ARTICLE.read_text(encoding="utf-8"))["translation"]
    old_en = dict(english, p2s2=f"{english['p2s2']} {english['p2s3']}", p2s3=english["p2s4"])
    del old_en["p2s4"]
    app = make_app(tmp_path / "split.sqlite3")
    with app.app_context():
        upgrade(revision="0009_login_throttle")
        # The tables as they were at 0009 (today's models have columns added since).
        t = sa.MetaData()
        t.reflect(bind=db.engine)
        t = t.tables
        now = db.func.now()
        db.session.execute(t["user"].insert().values(
            id=1, username="system", username_key="system", password_hash="", role="admin",
            locale="", created_at=now, session_nonce="n", failed_logins=0))  # fmt: skip
        db.session.execute(t["passage"].insert().values(
            id=1, slug="blinken-lavrov-reykjavik", title_hi="t", title_en="t", summary_hi="",
            summary_en="", level="B2", version=3, created_at=now, updated_at=now))  # fmt: skip
        ids = {}
        for p, paragraph in enumerate(hindi.strip().split("\n"), 1):
            for s, text in enumerate(_old_split(paragraph), 1):
                key = f"p{p}s{s}"
                ids[key] = db.session.execute(t["sentence"].insert().values(
                    passage_id=1, key=key, paragraph=p, position=s, hi=text, en=old_en[key],
                    hi_roman="")).inserted_primary_key[0]  # fmt: skip
        assert len(ids) == 17
        # पारस्परिक occurs in the second half of the old p2s2; अच्छा in its first half.
        entries = {}
        for key, form in [("paraspar", "पारस्परिक"), ("achchha", "अच्छा"),
                          ("prathmikta", "प्राथमिकताओं")]:  # fmt: skip
            entries[key] = db.session.execute(t["glossary_entry"].insert().values(
                passage_id=1, key=key, lemma_hi=form, lemma_roman=key,
                forms=[{"hi": form, "roman": key}], pos="noun", gender="", meaning_en="m",
                note_en="")).inserted_primary_key[0]  # fmt: skip
        for entry, key in [("paraspar", "p2s2"), ("achchha", "p2s2"), ("prathmikta", "p2s3")]:
            db.session.execute(
                t["glossary_occurrence"]
                .insert()
                .values(entry_id=entries[entry], sentence_id=ids[key])
            )
        for qid, external, evidence in [(1, "bl-und-06", ["p2s2"]), (2, "bl-trans-07", ["p2s3"]),
                                        (3, "mine", ["p1s1", "p2s2", "p3s4"])]:  # fmt: skip
            db.session.execute(t["question"].insert().values(
                id=qid, external_id=external, owner_id=1, passage_id=1, type="true_false",
                prompt_hi="", prompt_en="p", spec={"answer": True}, explanation_hi="",
                explanation_en="", evidence=evidence, skill="literal", points=1.0, name="",
                status="published", created_at=now, updated_at=now))  # fmt: skip
        db.session.execute(t["question_set"].insert().values(
            id=1, external_id="s", owner_id=1, passage_id=1, title_hi="", title_en="s",
            prompt_language="both", shuffle=False, feedback_timing="after_submit",
            status="published", created_at=now, updated_at=now))  # fmt: skip
        db.session.execute(t["attempt"].insert().values(
            id=1, question_set_id=1, user_id=1, state="submitted", question_ids=[1, 2, 3],
            seed="x", started_at=now, finished_by="submit", score=1.0,
            max_score=3.0))  # fmt: skip
        db.session.execute(t["answer"].insert().values(
            attempt_id=1, question_id=1, value=True, saved_at=now, score=1.0,
            result={"score": 1.0}))  # fmt: skip
        db.session.commit()

        upgrade()

        rows = db.session.execute(
            db.select(t["sentence"].c.key, t["sentence"].c.hi, t["sentence"].c.en).order_by(
                t["sentence"].c.paragraph, t["sentence"].c.position
            )
        ).all()
        by_key = {key: (hi, en) for key, hi, en in rows}
        assert len(rows) == 18
        assert by_key["p2s2"][0].endswith('मानता है।"') and by_key["p2s3"][0].startswith("सचिव")
        assert (by_key["p2s2"][1], by_key["p2s3"][1]) == (english["p2s2"], english["p2s3"])
        assert by_key["p2s4"][0].startswith("साथ ही")
        question = t["question"]
        evidence = dict(db.session.execute(db.select(question.c.id, question.c.evidence)).all())
        assert evidence == {1: ["p2s2", "p2s3"], 2: ["p2s4"], 3: ["p1s1", "p2s2", "p2s3", "p3s4"]}
        occurrence = (
            t["glossary_occurrence"]
            .join(t["sentence"], t["sentence"].c.id == t["glossary_occurrence"].c.sentence_id)
            .join(
                t["glossary_entry"], t["glossary_entry"].c.id == t["glossary_occurrence"].c.entry_id
            )
        )
        linked = db.session.execute(
            db.select(t["glossary_entry"].c.key, t["sentence"].c.key)
            .select_from(occurrence)
            .order_by(t["glossary_entry"].c.key)
        ).all()
        assert linked == [("achchha", "p2s2"), ("paraspar", "p2s3"), ("prathmikta", "p2s4")]
        version = db.session.scalar(db.select(t["passage"].c.version))
        assert version == 4
        # 0011 rebuilt the passage table on SQLite: its sentences survived (no cascade), and
        # the article is published with no owner (the system's).
        passage = sa.Table("passage", sa.MetaData(), autoload_with=db.engine)
        assert db.session.execute(db.select(passage.c.status, passage.c.owner_id)).one() == (
            "published",
            None,
        )
        answer = db.session.execute(db.select(t["answer"].c.value, t["answer"].c.score)).one()
        assert tuple(answer) == (True, 1.0)

        result = seed_article()
        assert result.sentences == 18
