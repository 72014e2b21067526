"""The analysis API, on the API blueprint (create_app imports this module before registering
the blueprint): a set's item analysis, a teacher's score for one answer, and a typed answer
accepted for everyone.

Thin handlers over quizapp/classrooms/analysis.py and regrading.py; who may see which attempts
is theirs (teachers only: learners 403, no token 401; attempts and classes not the caller's are
a 404 whatever id is tried).
"""

from flask import jsonify, request
from flask_babel import force_locale

from quizapp.api.auth import api_user, require_teacher
from quizapp.api.routes import bp, json_object
from quizapp.api.schemas import AcceptRequest, OverrideRequest, parse_body
from quizapp.classrooms import analysis, regrading
from quizapp.core.item_analysis import Flag
from quizapp.i18n import localize


@bp.get("/question-sets/<int:set_id>/item-analysis")
@require_teacher
def item_analysis(set_id: int):
    """Moodle's statistics of the set over the attempts the caller may see."""
    found = analysis.analyse_set(
        api_user(),
        set_id,
        analysis.class_id_of(request.args.get("class_id")),
        analysis.attempts_mode(request.args.get("attempts")),
    )
    return jsonify(analysis_json(found))


@bp.put("/attempts/<int:attempt_id>/answers/<int:question_id>/override")
@require_teacher
def override_answer(attempt_id: int, question_id: int):
    """Put the teacher's score (0..1) on one typed answer of a finished attempt, with a note."""
    body = parse_body(OverrideRequest, json_object())
    answer = regrading.override_answer(api_user(), attempt_id, question_id, body.score, body.note)
    attempt = answer.attempt
    return jsonify(
        attempt_id=attempt_id,
        question_id=question_id,
        score=answer.score,
        graded_score=answer.graded_score,
        note=answer.override_note,
        attempt_score=attempt.score,
        attempt_max_score=attempt.max_score,
    )


@bp.post("/questions/<int:question_id>/accept")
@require_teacher
def accept_answer(question_id: int):
    """Add a typed answer to the question's accepted answers and regrade every finished
    attempt's answer to it (one transaction); teachers' overrides stand."""
    body = parse_body(AcceptRequest, json_object())
    done = regrading.accept_answer(api_user(), question_id, body.answer)
    return jsonify(regraded=done.regraded, changed=done.changed, now_right=done.now_right)


# ---- Serializers -----------------------------------------------------------------------------


def _languages(texts: dict[str, str]) -> dict[str, str]:
    return {lang: text for lang, text in texts.items() if text}


def _flag(flag: Flag) -> dict:
    with force_locale("hi"):
        hindi = localize(flag.message)
    return {
        "code": flag.code,
        "level": flag.level,
        "message": {"en": str(flag.message), "hi": hindi},
        "value": flag.value,
        "threshold": flag.threshold,
        "n": flag.n,
    }


def analysis_json(found: analysis.SetAnalysis) -> dict:
    """A set's item analysis as the API sends it."""
    stats = found.result.set
    return {
        "question_set_id": found.question_set.id,
        "class_id": found.class_id,
        "attempts": found.attempts,
        "group_size": found.result.group_size,
        "set": {
            "n": stats.n,
            "item_count": stats.item_count,
            "max_total": stats.max_total,
            "mean": stats.mean,
            "median": stats.median,
            "sd": stats.sd,
            "skewness": stats.skewness,
            "kurtosis": stats.kurtosis,
            "cic": stats.cic,
            "error_ratio": stats.error_ratio,
            "standard_error": stats.standard_error,
            "flags": [_flag(flag) for flag in stats.flags],
        },
        "items": [_item(item) for item in found.items],
    }


def _item(item: analysis.ItemRow) -> dict:
    stats = item.stats
    return {
        "position": item.position,
        "question_id": item.question_id,
        "type": item.type,
        "prompt": _languages(item.prompt),
        "n": stats.n,
        "max_mark": stats.max_mark,
        "facility": stats.facility,
        "sd": stats.sd,
        "random_guess_score": stats.random_guess_score,
        "intended_weight": stats.intended_weight,
        "effective_weight": stats.effective_weight,
        "discrimination_index": stats.discrimination_index,
        "discriminative_efficiency": stats.discriminative_efficiency,
        "n_top": stats.n_top,
        "n_bottom": stats.n_bottom,
        "options": [
            {
                "index": option.index,
                "label": _languages(item.option_labels[option.index])
                if option.index < len(item.option_labels)
                else {},
                "correct": option.correct,
                "count": option.count,
                "top": option.top,
                "bottom": option.bottom,
                "flags": [_flag(flag) for flag in option.flags],
            }
            for option in stats.options
        ],
        "wrong_answers": [{"text": g.text, "count": g.count} for g in stats.wrong_answers[:20]],
        "flags": [_flag(flag) for flag in stats.flags],
    }
