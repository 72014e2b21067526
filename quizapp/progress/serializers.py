"""A learner's progress as JSON for ``GET /api/v1/me/progress``: the numbers the page shows."""

from flask import url_for

from quizapp.core.progress import (
    AVERAGE_OF,
    GOOD_AT,
    MASTERED_AT,
    RECENT_ATTEMPTS,
    RECENT_DAYS,
    WEEK_DAYS,
    PassageMastery,
    Progress,
    SetInfo,
    SetMastery,
)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _set_ref(info: SetInfo) -> dict:
    return {
        "set_id": info.set_id,
        "title": {"hi": info.title_hi, "en": info.title_en},
        "url": url_for("attempts.set_page", set_id=info.set_id) if info.available else None,
    }


def _set_mastery(mastery: SetMastery) -> dict:
    return {
        **_set_ref(mastery.set),
        "attempts": mastery.attempts,
        "percent": _round(mastery.percent),
        "level": mastery.level,
        "last_percent": _round(mastery.last_percent),
        "last_finished_at": mastery.last_finished_at.isoformat()
        if mastery.last_finished_at
        else None,
    }


def _passage(mastery: PassageMastery) -> dict:
    return {
        "passage": mastery.slug,
        "title": {"hi": mastery.title_hi, "en": mastery.title_en},
        "percent": _round(mastery.percent),
        "level": mastery.level,
        "sets": [_set_mastery(m) for m in mastery.sets],
    }


def progress_json(progress: Progress, time_zone: str) -> dict:
    """Everything on the progress page, percents 0..100 and minutes rounded to one decimal."""
    nxt = progress.practise_next
    return {
        "today": progress.today.isoformat(),
        "time_zone": time_zone,
        "thresholds": {
            "good": GOOD_AT,
            "mastered": MASTERED_AT,
            "recent_attempts": RECENT_ATTEMPTS,
        },
        "summary": {
            "quizzes_finished": progress.quizzes_finished,
            "retries_finished": progress.retries_finished,
            "questions_answered": progress.questions_answered,
            "average_of": AVERAGE_OF,
            "recent_average": _round(progress.recent_average),
            "previous_average": _round(progress.previous_average),
        },
        "history": [
            {
                "attempt_id": point.attempt_id,
                **_set_ref(point.set),
                "finished_at": point.finished_at.isoformat(),
                "date": point.day.isoformat(),
                "percent": _round(point.percent),
            }
            for point in progress.history
        ],
        "skills": [
            {
                "skill": stat.skill,
                "questions": stat.questions,
                "earned": _round(stat.earned),
                "possible": _round(stat.possible),
                "percent": _round(stat.percent),
                "level": stat.level,
            }
            for stat in progress.skills
        ],
        "mastery": [_passage(m) for m in progress.mastery],
        "streak": {
            "current": progress.streak.current,
            "longest": progress.streak.longest,
            "active_today": progress.streak.active_today,
            "recent_days": RECENT_DAYS,
            "active_recent_days": progress.streak.active_recent,
            "days": [{"date": d.day.isoformat(), "active": d.active} for d in progress.streak.days],
        },
        "time_spent": {
            "total_minutes": _round(progress.time.total_minutes),
            "recent_days": WEEK_DAYS,
            "recent_minutes": _round(progress.time.recent_minutes),
            "attempts": progress.time.attempts,
        },
        "practise_next": {
            "reason": nxt.reason,
            "skill": nxt.skill,
            "skill_percent": _round(nxt.skill_percent),
            "untried": list(nxt.untried),
            "sets": [
                {
                    **_set_ref(s.set),
                    "questions": s.questions,
                    "percent": _round(s.mastery.percent),
                    "level": s.mastery.level,
                }
                for s in nxt.sets
            ],
        },
    }
