"""The per-worker question views: reused while a question is unchanged, re-read once it is."""

import shutil
from datetime import timedelta

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.questions.models import Question
from quizapp.questions.services import question_views
from tests.conftest import make_app


def test_views_follow_updates_and_skip_unknown_ids(app_ctx):
    question = db.session.scalars(select(Question).order_by(Question.id)).first()
    first = question_views([question.id, 999_999])
    assert set(first) == {question.id}
    assert question_views([question.id])[question.id] is first[question.id]  # reused

    question.prompt_en = "Changed by a teacher"
    question.updated_at = question.updated_at + timedelta(seconds=1)
    db.session.commit()
    changed = question_views([question.id])[question.id]
    assert changed.prompt_en == "Changed by a teacher"
    assert changed.updated_at == question.updated_at


def test_views_are_kept_per_database(app, tmp_path, seeded_db_template):
    """Two databases with the same question ids never share views."""
    other_path = tmp_path / "other.sqlite3"
    shutil.copy(seeded_db_template, other_path)
    other = make_app(other_path)
    with other.app_context():
        question = db.session.scalars(select(Question).order_by(Question.id)).first()
        question.prompt_en = "Only in the other database"  # same updated_at on purpose
        db.session.commit()
        assert question_views([question.id])[question.id].prompt_en == question.prompt_en
    with app.app_context():
        assert question_views([question.id])[question.id].prompt_en != question.prompt_en
