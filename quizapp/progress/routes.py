"""The learner's progress page: a picture first (chart, bars, tiles), the numbers in tables.

Only the signed-in learner's own attempts are read; there is no user id in the URL to change.
Anonymous visitors go to the login page (Flask-Login's ``login_required``: a 401 where no
login view is configured).
"""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from quizapp.attempts.labels import SKILL
from quizapp.core.progress import (
    AVERAGE_OF,
    GOOD_AT,
    MASTERED_AT,
    RECENT_ATTEMPTS,
    RECENT_DAYS,
    WEEK_DAYS,
)
from quizapp.progress.charts import TREND_OF, score_history_chart
from quizapp.progress.labels import duration_text, level_labels
from quizapp.progress.services import learner_progress, progress_zone

bp = Blueprint("progress", __name__)


@bp.get("/progress")
@login_required
def page():
    """Score history, skills, mastery per passage, streak, time spent and what to practise."""
    zone = progress_zone()
    progress = learner_progress(current_user.id, zone=zone)
    return render_template(
        "progress/page.html",
        progress=progress,
        chart=score_history_chart(progress.history, progress.today, zone),
        small_chart=score_history_chart(
            progress.history, progress.today, zone, width=360, height=260, max_ticks=4
        ),
        skill_labels=SKILL,
        level_labels=level_labels(),
        duration=duration_text,
        numbers={
            "average_of": AVERAGE_OF,
            "trend_of": TREND_OF,
            "good": int(GOOD_AT),
            "mastered": int(MASTERED_AT),
            "recent_attempts": RECENT_ATTEMPTS,
            "recent_days": RECENT_DAYS,
            "week_days": WEEK_DAYS,
        },
    )
