"""Loading one learner's finished attempts and the sets there are, for the progress core.

Six queries whatever the history's length (attempts, their answers, the questions met, the
sets, the sets' questions per skill, the word reviews); the numbers themselves are computed by
``quizapp.core.progress``, which documents every definition.
"""

from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import get_timezone
from sqlalchemy import func, or_, select

from quizapp.attempts.models import Answer, Attempt
from quizapp.content.models import Passage
from quizapp.core.progress import (
    FinishedAttempt,
    Progress,
    QuestionOutcome,
    SetInfo,
    compute_progress,
)
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet, QuestionSetItem
from quizapp.words.services import review_times


def progress_zone() -> tzinfo:
    """The time zone days are counted in: the app's (Flask-Babel's) default time zone."""
    try:
        return ZoneInfo(str(get_timezone()))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def learner_progress(
    user_id: int,
    now: datetime | None = None,
    *,
    activity_days: Iterable[date] | None = None,
    zone: tzinfo | None = None,
) -> Progress:
    """The progress of the learner ``user_id`` as of ``now``, from their finished attempts.

    ``activity_days`` are days of other activity that keep a streak going; by default the
    days the learner reviewed words.
    """
    zone = zone or progress_zone()
    attempts = finished_attempts(user_id)
    sets = set_catalogue({a.set_id for a in attempts})
    if activity_days is None:
        activity_days = {moment.astimezone(zone).date() for moment in review_times(user_id)}
    return compute_progress(
        attempts,
        sets,
        now or utcnow(),
        activity_days=activity_days,
        zone=zone,
    )


def finished_attempts(user_id: int) -> list[FinishedAttempt]:
    """The learner's submitted or expired attempts, each with its questions' outcomes."""
    rows = db.session.execute(
        select(
            Attempt.id,
            Attempt.question_set_id,
            Attempt.started_at,
            Attempt.submitted_at,
            Attempt.score,
            Attempt.max_score,
            Attempt.retry_of_id,
            Attempt.question_ids,
        )
        .where(
            Attempt.user_id == user_id,
            Attempt.state == "submitted",
            Attempt.submitted_at.is_not(None),
        )
        .order_by(Attempt.submitted_at, Attempt.id)
    ).all()
    if not rows:
        return []
    scores = {
        (attempt_id, question_id): score or 0.0
        for attempt_id, question_id, score in db.session.execute(
            select(Answer.attempt_id, Answer.question_id, Answer.score)
            .join(Attempt, Attempt.id == Answer.attempt_id)
            .where(Attempt.user_id == user_id, Attempt.state == "submitted")
        )
    }
    question_ids = {qid for row in rows for qid in _ids(row.question_ids)}
    questions = {
        qid: (skill, points)
        for qid, skill, points in db.session.execute(
            select(Question.id, Question.skill, Question.points).where(
                Question.id.in_(question_ids)
            )
        )
    }
    return [
        FinishedAttempt(
            attempt_id=row.id,
            set_id=row.question_set_id,
            started_at=row.started_at,
            finished_at=row.submitted_at,
            score=row.score or 0.0,
            max_score=row.max_score or 0.0,
            is_retry=row.retry_of_id is not None,
            outcomes=tuple(
                QuestionOutcome(
                    skill=questions[qid][0],
                    score=scores.get((row.id, qid), 0.0),
                    points=questions[qid][1],
                )
                for qid in _ids(row.question_ids)
                if qid in questions  # a question deleted since is left out
            ),
        )
        for row in rows
    ]


def _ids(value) -> list[int]:
    """The question ids stored in an attempt (a JSON list), ignoring anything else."""
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, int) and not isinstance(v, bool)]


def set_catalogue(taken: set[int]) -> list[SetInfo]:
    """Published sets (available when they have questions) and any other sets in ``taken``."""
    rows = db.session.execute(
        select(
            QuestionSet.id,
            QuestionSet.title_hi,
            QuestionSet.title_en,
            QuestionSet.status,
            QuestionSet.time_limit_minutes,
            Passage.slug,
            Passage.title_hi.label("passage_title_hi"),
            Passage.title_en.label("passage_title_en"),
        )
        .outerjoin(Passage, Passage.id == QuestionSet.passage_id)
        .where(or_(QuestionSet.status == "published", QuestionSet.id.in_(taken)))
        .order_by(QuestionSet.id)
    ).all()
    counts: dict[int, dict[str | None, int]] = {}
    for set_id, skill, count in db.session.execute(
        select(QuestionSetItem.set_id, Question.skill, func.count())
        .join(Question, Question.id == QuestionSetItem.question_id)
        .where(QuestionSetItem.set_id.in_([row.id for row in rows]))
        .group_by(QuestionSetItem.set_id, Question.skill)
    ):
        counts.setdefault(set_id, {})[skill] = count
    out = []
    for row in rows:
        by_skill = counts.get(row.id, {})
        total = sum(by_skill.values())
        out.append(
            SetInfo(
                set_id=row.id,
                title_hi=row.title_hi,
                title_en=row.title_en,
                passage_slug=row.slug,
                passage_title_hi=row.passage_title_hi or "",
                passage_title_en=row.passage_title_en or "",
                time_limit_minutes=row.time_limit_minutes,
                question_count=total,
                skill_counts=tuple(sorted((s, n) for s, n in by_skill.items() if s)),
                available=row.status == "published" and total > 0,
            )
        )
    return out
