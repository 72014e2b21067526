"""Model objects to plain JSON-ready dicts, in the shapes PRODUCT.md and openapi.json fix."""

from datetime import UTC
from itertools import groupby

from flask import current_app, url_for

from quizapp.attempts.services import (
    AttemptView,
    QuestionResult,
    can_check,
    checked_results,
    feedback_visible,
    results,
)
from quizapp.auth.models import ApiToken, HasRole
from quizapp.authoring.services import PassageDraft, owns, question_json
from quizapp.content.models import GlossaryEntry, Passage
from quizapp.core.grading import GradeResult
from quizapp.core.interchange import Issue
from quizapp.questions.models import Question, QuestionSet
from quizapp.questions.services import ImportSummary, learner_view


def passage_summary(passage: Passage) -> dict:
    """A passage in a list: ids, titles, level and links."""
    return {
        "slug": passage.slug,
        "title": {"hi": passage.title_hi, "en": passage.title_en},
        "summary": {"hi": passage.summary_hi, "en": passage.summary_en},
        "level": passage.level,
        "version": passage.version,
        "url": url_for("api.passage", slug=passage.slug),
        "reader_url": url_for("content.read", slug=passage.slug),
    }


def glossary_entry(entry: GlossaryEntry) -> dict:
    """A glossary entry with the ids of the sentences it occurs in."""
    return {
        "id": entry.key,
        "lemma": {"hi": entry.lemma_hi, "roman": entry.lemma_roman},
        "forms": entry.forms,
        "pos": entry.pos,
        "gender": entry.gender or None,
        "meaning": {"en": entry.meaning_en},
        "note": {"en": entry.note_en} if entry.note_en else None,
        "sentences": [s.key for s in entry.sentences],
    }


def passage_detail(passage: Passage) -> dict:
    """A whole passage: paragraphs → sentences {id, hi, en, roman}, and the glossary."""
    paragraphs = [
        {
            "number": number,
            "sentences": [
                {"id": s.key, "hi": s.hi, "en": s.en, "roman": s.hi_roman} for s in sentences
            ],
        }
        for number, sentences in groupby(passage.sentences, key=lambda s: s.paragraph)
    ]
    return {
        **passage_summary(passage),
        "status": passage.status,
        "paragraphs": paragraphs,
        "glossary": [glossary_entry(g) for g in passage.glossary],
    }


def question_set_summary(question_set: QuestionSet) -> dict:
    """A set in a list: titles, passage, size, skills and settings; nothing about answers."""
    questions = question_set.questions
    return {
        "id": question_set.id,
        "title": {"hi": question_set.title_hi, "en": question_set.title_en},
        "passage": question_set.passage.slug if question_set.passage else None,
        "status": question_set.status,
        "question_count": len(questions),
        "points": sum(q.points for q in questions),
        "skills": sorted({q.skill for q in questions if q.skill}),
        "settings": {
            "prompt_language": question_set.prompt_language,
            "shuffle": question_set.shuffle,
            "attempts_allowed": question_set.attempts_allowed,
            "time_limit_minutes": question_set.time_limit_minutes,
            "feedback": question_set.feedback_timing,
            "feedback_detail": question_set.feedback_detail,
            "shuffle_options": question_set.shuffle_options,
            "one_per_page": question_set.one_per_page,
        },
    }


def question_for_learner(question: Question) -> dict:
    """A question before submission: prompt, type, points and the public spec only."""
    return {
        "id": question.id,
        "type": question.type,
        "prompt": {"hi": question.prompt_hi, "en": question.prompt_en},
        "skill": question.skill,
        "points": question.points,
        **learner_view(question, current_app.config["SECRET_KEY"]),
    }


def question_set_detail(question_set: QuestionSet) -> dict:
    """A set with its questions in order, as a learner may see it before answering."""
    return {
        **question_set_summary(question_set),
        "questions": [question_for_learner(q) for q in question_set.questions],
    }


def grade_result(result: GradeResult) -> dict:
    """A grading result as JSON: score 0..1, correct, feedback in both languages, parts."""
    return {
        "score": round(result.score, 4),
        "correct": result.correct,
        "near_miss": result.near_miss,
        "feedback": {"en": result.feedback.en, "hi": result.feedback.hi},
        "error": {"en": result.error.en, "hi": result.error.hi} if result.error else None,
        "parts": [
            {
                "index": p.index,
                "correct": p.correct,
                "score": round(p.score, 4),
                "near_miss": p.near_miss,
            }
            for p in result.parts
        ],
    }


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def attempt_json(view: AttemptView, *, with_questions: bool = True) -> dict:
    """An attempt: state, its questions as shown, saved answers, and results once allowed.

    The submit response leaves the questions out: the caller has them, and forty learners
    submitting at once should not wait for forty copies of the question list.
    """
    attempt = view.attempt
    body = {
        "id": attempt.id,
        "state": attempt.state,
        "question_set_id": attempt.question_set_id,
        "retry_of": attempt.retry_of_id,
        "started_at": _iso(attempt.started_at),
        "deadline_at": _iso(attempt.deadline_at),
        "submitted_at": _iso(attempt.submitted_at),
        "finished_by": attempt.finished_by or None,
    }
    if with_questions:
        body["questions"] = [
            {
                "id": q.id,
                "type": q.type,
                "prompt": {"hi": q.prompt_hi, "en": q.prompt_en},
                "skill": q.skill,
                "points": q.points,
                **view.shown(q)[0],
            }
            for q in view.questions
        ]
    body["answers"] = {str(qid): value for qid, value in view.saved_values().items()}
    if can_check(view):
        body["checked"] = [question_result_json(r) for r in checked_results(view).values()]
    if attempt.state == "submitted":
        body["score"] = attempt.score
        body["max_score"] = attempt.max_score
        body["results"] = (
            [question_result_json(r) for r in results(view)] if feedback_visible(view) else None
        )
    return body


def question_result_json(result: QuestionResult) -> dict:
    """One question's result: the answer, the key, feedback, explanation and evidence."""
    question = result.question
    return {
        "question_id": question.id,
        "score": round(result.score, 4),
        "points": question.points,
        "earned": result.earned,
        "correct": result.correct,
        "near_miss": result.near_miss,
        "answer": result.answer,
        "correct_answer": result.correct_answer,
        "feedback": result.feedback,
        "explanation": {"hi": question.explanation_hi, "en": question.explanation_en},
        "evidence": list(question.evidence or []),
    }


def _utc_iso(value) -> str | None:
    """ISO 8601 with the UTC offset, for columns that come back naive from SQLite."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def token_json(token: ApiToken) -> dict:
    """An API token as its owner sees it listed: never the token or its hash."""
    return {
        "id": token.id,
        "name": token.name,
        "created_at": _utc_iso(token.created_at),
        "last_used_at": _utc_iso(token.last_used_at),
        "revoked_at": _utc_iso(token.revoked_at),
    }


# ---- Authoring -----------------------------------------------------------------------------


def new_passage_json(draft: PassageDraft) -> dict:
    """A passage just made: its text with the links to check marked, suggestions, warnings."""
    body = passage_detail(draft.passage)
    review = set(draft.needs_review)
    for paragraph in body["paragraphs"]:
        for sentence in paragraph["sentences"]:
            sentence["needs_review"] = sentence["id"] in review
    body["glossary_suggestions"] = [
        {"hi": s.hi, "roman": s.roman, "sentences": list(s.sentences), "count": s.count}
        for s in draft.suggestions
    ]
    body["warnings"] = list(draft.warnings)
    return body


def authored_question(question: Question, user: HasRole) -> dict:
    """A question as its teacher edits it: ids, state, and the bank-JSON question (its key)."""
    return {
        "id": question.id,
        "external_id": question.external_id,
        "status": question.status,
        "passage": question.passage.slug if question.passage else None,
        "origin_id": question.origin_id,
        "editable": owns(user, question.owner_id),
        "updated_at": _utc_iso(question.updated_at),
        "question": question_json(question),
    }


def authored_set(question_set: QuestionSet, user: HasRole) -> dict:
    """A set as its teacher edits it: the summary, question ids in order, origin."""
    return {
        **question_set_summary(question_set),
        "question_ids": [item.question_id for item in question_set.items],
        "origin_id": question_set.origin_id,
        "editable": owns(user, question_set.owner_id),
    }


def issue_json(issue: Issue) -> dict:
    """A bank file's problem: where and what."""
    return {"location": issue.location, "message": issue.message, "severity": issue.severity}


def import_summary_json(summary: ImportSummary) -> dict:
    """What an import did (or would do, in a dry run)."""
    imported_set = None
    if summary.set_state:
        imported_set = {
            "id": None if summary.dry_run else summary.set_id,
            "title": summary.set_title,
            "state": summary.set_state,
        }
    return {
        "format": summary.format,
        "dry_run": summary.dry_run,
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "types": summary.types,
        "set": imported_set,
        "answers_remapped": summary.answers_remapped,
        "warnings": [issue_json(w) for w in summary.warnings],
    }


def bank_export_json(fmt: str, content: str, warnings: list[Issue]) -> dict:
    """An exported bank file and what could not go into it."""
    return {
        "format": fmt,
        "filename": f"bank.{fmt}",
        "content": content,
        "warnings": [issue_json(w) for w in warnings],
    }
