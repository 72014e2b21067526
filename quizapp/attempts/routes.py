"""Taking a quiz in the browser: finding a set, the quiz form, autosave, submit and results.

Every page works without JavaScript (a form and a Save button per question); quiz.js adds
autosave over the same answer route, with JSON in and out. Views stay thin: the logic is in
``quizapp.attempts.services``. Before an attempt is submitted nothing here reads a question's
spec except through ``shown_question`` (the public part), so no answer key reaches a page.
"""

import re
from dataclasses import dataclass
from itertools import groupby

from flask import (
    Blueprint,
    abort,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from indic_transliteration import sanscript
from sqlalchemy import or_, select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from quizapp import errors
from quizapp.attempts import labels
from quizapp.attempts.models import Attempt
from quizapp.attempts.services import (
    DEADLINE_GRACE,
    AnswerRejected,
    Learner,
    attempt_answers,
    attempt_questions,
    best_scores,
    feedback_visible,
    get_attempt,
    new_guest_key,
    results,
    retry_missed,
    save_answer,
    shown_question,
    start_attempt,
    submit_attempt,
)
from quizapp.content.models import Passage, utcnow
from quizapp.content.services import passage_version
from quizapp.exceptions import DomainError
from quizapp.extensions import db
from quizapp.i18n import current_language
from quizapp.questions.models import Question, QuestionSet, QuestionSetItem
from quizapp.questions.services import can_see_set, get_question_set
from quizapp.words.services import collect_missed_words

bp = Blueprint("attempts", __name__)

#: Longest text the transliteration helper converts (it echoes one typed answer).
MAX_TRANSLITERATE = 300


# ---- Who is answering ------------------------------------------------------------------------


def current_viewer():
    """The signed-in user for access checks on sets, or None for a guest."""
    return current_user if current_user.is_authenticated else None


def current_learner(create: bool = False) -> Learner | None:
    """The signed-in user, else this browser's guest key (made on first start when ``create``).

    A guest's attempts move into the account made or signed in from this browser
    (``claim_guest_attempts``), so the guest key is not consulted once someone signs in.
    """
    if current_user.is_authenticated:
        return Learner(user_id=current_user.id)
    key = session.get("guest_key")
    if key is None and create:
        key = session["guest_key"] = new_guest_key()
        session.permanent = True  # a guest's attempts survive closing the browser
    return Learner(guest_key=key) if key else None


def _learner() -> Learner:
    """The learner for a route that needs one; a browser without a key owns nothing."""
    return current_learner() or Learner(guest_key="")


# ---- Finding a quiz --------------------------------------------------------------------------


@dataclass(frozen=True)
class SetCard:
    """A question set as the home page, the reader and the set page list it."""

    #: The set's id, titles, passage_id (a row of those columns, not the whole set).
    question_set: object
    question_count: int
    skills: list[str]
    best: float | None
    open_attempt_id: int | None


def set_cards(passage_id: int | None = None) -> list[SetCard]:
    """The sets this browser may take (of one passage, if given), with its best scores.

    The home page and the reader call this on every view, so it reads a few columns in a few
    queries instead of loading every question of every set.
    """
    query = select(
        QuestionSet.id,
        QuestionSet.title_hi,
        QuestionSet.title_en,
        QuestionSet.passage_id,
        QuestionSet.status,
        QuestionSet.owner_id,
    ).order_by(QuestionSet.id)
    if passage_id is not None:
        query = query.where(QuestionSet.passage_id == passage_id)
    viewer = current_viewer()
    sets = [row for row in db.session.execute(query) if can_see_set(viewer, row)]
    counts: dict[int, int] = {}
    skills: dict[int, set[str]] = {}
    items = select(QuestionSetItem.set_id, Question.skill).join(
        Question, Question.id == QuestionSetItem.question_id
    )
    for set_id, skill in db.session.execute(
        items.where(QuestionSetItem.set_id.in_([s.id for s in sets]))
    ):
        counts[set_id] = counts.get(set_id, 0) + 1
        if skill:
            skills.setdefault(set_id, set()).add(skill)
    sets = [s for s in sets if counts.get(s.id)]
    learner = current_learner()
    ids = [s.id for s in sets]
    best = best_scores(ids, learner)
    open_ids = _open_attempt_ids(ids, learner)
    return [
        SetCard(
            question_set=s,
            question_count=counts[s.id],
            skills=sorted(skills.get(s.id, ())),
            best=best.get(s.id),
            open_attempt_id=open_ids.get(s.id),
        )
        for s in sets
    ]


def set_cards_by_passage() -> dict[int | None, list[SetCard]]:
    """Passage id → its set cards, for the home page."""
    cards: dict[int | None, list[SetCard]] = {}
    for card in set_cards():
        cards.setdefault(card.question_set.passage_id, []).append(card)
    return cards


def _owned_by(learner: Learner):
    if learner.user_id is not None:
        return Attempt.user_id == learner.user_id
    return Attempt.guest_key == learner.guest_key


def _open_attempt_ids(set_ids: list[int], learner: Learner | None) -> dict[int, int]:
    """Set id → this learner's attempt in progress at it (one whose time ran out is not offered
    for resuming: it is finished as soon as it is touched)."""
    if learner is None or not set_ids:
        return {}
    rows = db.session.execute(
        select(Attempt.question_set_id, Attempt.id).where(
            _owned_by(learner),
            Attempt.state == "in_progress",
            Attempt.question_set_id.in_(set_ids),
            or_(Attempt.deadline_at.is_(None), Attempt.deadline_at > utcnow() - DEADLINE_GRACE),
        )
    )
    return {set_id: attempt_id for set_id, attempt_id in rows}


def _finished_attempts(set_id: int, learner: Learner | None) -> list[Attempt]:
    """This learner's finished attempts at a set, newest first (links to their results)."""
    if learner is None:
        return []
    return list(
        db.session.scalars(
            select(Attempt)
            .where(
                _owned_by(learner), Attempt.question_set_id == set_id, Attempt.state == "submitted"
            )
            .order_by(Attempt.submitted_at.desc())
            .limit(10)
        )
    )


@bp.get("/sets/<int:set_id>")
def set_page(set_id: int):
    """A set's overview: what it holds, how it runs, the learner's attempts; Start/Resume."""
    question_set = get_question_set(set_id, current_viewer())
    cards = [c for c in set_cards(question_set.passage_id) if c.question_set.id == set_id]
    if not cards:
        abort(404)  # a set without questions cannot be taken
    return render_template(
        "attempts/set.html",
        card=cards[0],
        question_set=question_set,
        finished=_finished_attempts(set_id, current_learner()),
        skill_labels=labels.SKILL,
        feedback_timing=labels.FEEDBACK_TIMING,
    )


@bp.post("/sets/<int:set_id>/start")
def start(set_id: int):
    """Start an attempt, or resume the one in progress, and go to it."""
    attempt, _created = start_attempt(set_id, current_learner(create=True), current_viewer())
    return redirect(url_for("attempts.take", attempt_id=attempt.id))


@bp.get("/passages/<slug>/sets")
def passage_sets(slug: str):
    """A passage's sets with this browser's best scores: a fragment for the (cached) reader
    page to fetch, or a page of its own without JavaScript."""
    found = passage_version(slug)  # remembered per worker: cheap on every reader view
    if found is None:
        abort(404)
    passage = db.session.get(Passage, found[0])
    fragment = request.args.get("fragment") == "1"
    template = "attempts/_passage_sets.html" if fragment else "attempts/passage_sets.html"
    response = make_response(
        render_template(
            template,
            passage=passage,
            cards=set_cards(passage.id),
            skill_labels=labels.SKILL,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# ---- The quiz --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionView:
    """One question as the quiz page shows it: public spec and saved answer only."""

    number: int
    question: object
    shown: dict
    answer: object
    saved_at: object = None
    error: str | None = None

    @property
    def answered(self) -> bool:
        """Whether the saved answer says anything."""
        return is_answered(self.answer)

    @property
    def prompt(self) -> dict:
        """The prompt in the languages it is written in."""
        return _localized(self.question.prompt_hi, self.question.prompt_en)


def is_answered(value) -> bool:
    """True for an answer with content: not None, not blank text, not a list of nothing."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(is_answered(part) for part in value)
    return True


def _localized(hi: str, en: str) -> dict:
    return {lang: text for lang, text in (("hi", hi), ("en", en)) if text}


def _question_views(attempt: Attempt, question_errors: dict | None = None) -> list[QuestionView]:
    answers = attempt_answers(attempt)
    question_errors = question_errors or {}
    views = []
    for number, question in enumerate(attempt_questions(attempt), 1):
        saved = answers.get(question.id)
        views.append(
            QuestionView(
                number=number,
                question=question,
                shown=shown_question(attempt, question)[0],
                answer=saved.value if saved is not None else None,
                saved_at=saved.saved_at if saved is not None else None,
                error=question_errors.get(question.id),
            )
        )
    return views


def _paragraphs(passage) -> list[list]:
    if passage is None:
        return []
    return [list(group) for _p, group in groupby(passage.sentences, key=lambda s: s.paragraph)]


@bp.get("/attempts/<int:attempt_id>")
def take(attempt_id: int):
    """The quiz: every question in a form of its own, saved answers filled in."""
    attempt = get_attempt(attempt_id, _learner())
    if attempt.state != "in_progress":
        return redirect(url_for("attempts.result_page", attempt_id=attempt.id))
    return _render_quiz(attempt)


def _render_quiz(attempt: Attempt, question_errors: dict | None = None, status: int = 200):
    remaining = None
    if attempt.deadline_at is not None:
        remaining = max(0, int((attempt.deadline_at - utcnow()).total_seconds()))
    response = make_response(
        render_template(
            "attempts/take.html",
            attempt=attempt,
            question_set=attempt.question_set,
            passage=attempt.question_set.passage,
            paragraphs=_paragraphs(attempt.question_set.passage),
            questions=_question_views(attempt, question_errors),
            mode=attempt.question_set.prompt_language,
            remaining=remaining,
            grace=int(DEADLINE_GRACE.total_seconds()),
            skill_labels=labels.SKILL,
            keep_labels=labels.KEEP_LABEL,
        ),
        status,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/attempts/<int:attempt_id>/answers/<int:question_id>")
def save(attempt_id: int, question_id: int):
    """Save one answer: JSON ``{"answer": …}`` from quiz.js, or a question's form without JS."""
    learner = _learner()
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or "answer" not in body:
            raise DomainError('Send the answer as {"answer": ...}.')
        saved_at = save_answer(attempt_id, question_id, body["answer"], learner)
        return jsonify(question_id=question_id, saved_at=saved_at.isoformat())
    attempt = get_attempt(attempt_id, learner)
    question = next((q for q in attempt_questions(attempt) if q.id == question_id), None)
    if question is None:
        abort(404)
    try:
        value = answer_from_form(question.type, request.form)
        save_answer(attempt_id, question_id, value, learner)
    except AnswerRejected as error:
        db.session.rollback()
        return _render_quiz(attempt, {question_id: _message(error)}, status=error.status)
    return redirect(url_for("attempts.take", attempt_id=attempt_id, _anchor=f"q-{question_id}"))


@bp.route("/attempts/<int:attempt_id>/submit", methods=["GET", "POST"])
def submit(attempt_id: int):
    """GET: confirm, listing unanswered questions. POST: submit (a repeat changes nothing)."""
    learner = _learner()
    if request.method == "POST":
        attempt = submit_attempt(attempt_id, learner)
        if learner.user_id is not None:
            collect_missed_words(attempt, learner.user_id)
        return redirect(url_for("attempts.result_page", attempt_id=attempt_id))
    attempt = get_attempt(attempt_id, learner)
    if attempt.state != "in_progress":
        return redirect(url_for("attempts.result_page", attempt_id=attempt.id))
    views = _question_views(attempt)
    return render_template(
        "attempts/submit.html",
        attempt=attempt,
        question_set=attempt.question_set,
        questions=views,
        unanswered=[v for v in views if not v.answered],
        mode=attempt.question_set.prompt_language,
    )


@bp.get("/attempts/<int:attempt_id>/results")
def result_page(attempt_id: int):
    """Score, and per question (when the set allows it) answer, key, feedback and evidence."""
    attempt = get_attempt(attempt_id, _learner())
    if attempt.state == "in_progress":
        return redirect(url_for("attempts.take", attempt_id=attempt.id))
    visible = feedback_visible(attempt)
    rows = results(attempt) if visible else []
    passage = attempt.question_set.passage
    return render_template(
        "attempts/results.html",
        attempt=attempt,
        question_set=attempt.question_set,
        visible=visible,
        rows=rows,
        missed=sum(1 for row in rows if row.score < 1),
        sentences={s.key: s for s in passage.sentences} if passage else {},
        sentence_numbers={s.key: n for n, s in enumerate(passage.sentences, 1)} if passage else {},
        passage=passage,
        mode=attempt.question_set.prompt_language,
        feedback_later=labels.FEEDBACK_LATER,
        key_labels=labels.KEY_LABEL,
        skill_labels=labels.SKILL,
    )


@bp.post("/attempts/<int:attempt_id>/retry")
def retry(attempt_id: int):
    """A new attempt with only the questions this one missed."""
    new = retry_missed(attempt_id, _learner())
    return redirect(url_for("attempts.take", attempt_id=new.id))


@bp.get("/attempts/transliterate")
def transliterate():
    """ITRANS-typed Hindi in Devanagari, for the helper line under Hindi text inputs."""
    text = request.args.get("text", "")[:MAX_TRANSLITERATE]
    response = jsonify(devanagari=to_devanagari(text))
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


_FINAL_VIRAMA = re.compile("\u094d(?![\u0900-\u097f])")


def to_devanagari(text: str) -> str:
    """ITRANS → Devanagari, without the word-final virama Hindi does not write."""
    converted = sanscript.transliterate(text, sanscript.ITRANS, sanscript.DEVANAGARI)
    return _FINAL_VIRAMA.sub("", converted)


# ---- Form posts to answers -------------------------------------------------------------------


class FormValueError(AnswerRejected):
    """A form field that no answer of its question's type could hold."""


def _text(form: MultiDict):
    value = form.get("answer", "")
    return value if value.strip() else None


def _index(form: MultiDict):
    raw = form.get("answer", "")
    return None if raw == "" else _int(raw)


def _indices(form: MultiDict):
    chosen = [_int(raw) for raw in form.getlist("answer")]
    return chosen or None


def _boolean(form: MultiDict):
    raw = form.get("answer", "")
    if raw == "":
        return None
    if raw not in ("true", "false"):
        raise FormValueError("Choose true or false.")
    return raw == "true"


def _blanks(form: MultiDict):
    blanks = form.getlist("blank")
    return blanks if any(b.strip() for b in blanks) else None


def _picks(form: MultiDict):
    picks = [None if raw == "" else _int(raw) for raw in form.getlist("pick")]
    return picks if any(p is not None for p in picks) else None


def _order(form: MultiDict):
    """The items' order, after the Move up / Move down button that was pressed (no JS)."""
    order = [_int(raw) for raw in form.getlist("item")]
    move = re.fullmatch(r"(up|down)-(\d+)", form.get("move", ""))
    if move:
        position = int(move.group(2))
        other = position - 1 if move.group(1) == "up" else position + 1
        if 0 <= position < len(order) and 0 <= other < len(order):
            order[position], order[other] = order[other], order[position]
    return order


def _int(raw: str) -> int:
    if not re.fullmatch(r"\d{1,4}", raw.strip()):
        raise FormValueError(f"Not an option of this question: {raw[:40]!r}.")
    return int(raw)


#: How each type's form fields become an answer in that type's shape (PRODUCT.md).
FORM_ANSWERS = {
    "mcq": _index,
    "multi": _indices,
    "true_false": _boolean,
    "numeric": _text,
    "short_answer": _text,
    "cloze": _blanks,
    "matching": _picks,
    "ordering": _order,
    "translation": _text,
}


def answer_from_form(question_type: str, form: MultiDict):
    """The answer a question's form holds; FormValueError (422) for values no answer has."""
    return FORM_ANSWERS[question_type](form)


def _message(error: DomainError) -> str:
    """The service's message, in the interface language when it gave one."""
    for detail in error.details:
        if isinstance(detail, dict) and detail.get(current_language()):
            return detail[current_language()]
    return error.message


# ---- Errors as JSON for quiz.js --------------------------------------------------------------


def _wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError):
    if not _wants_json():
        return errors.domain_error_response(error)
    db.session.rollback()
    return jsonify(error=type(error).__name__, message=_message(error)), error.status


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    if not _wants_json():
        return errors.error_response(error)
    return jsonify(error=error.name, message=error.description), error.code


# ---- Template helpers ------------------------------------------------------------------------

_DEVANAGARI = re.compile("[\u0900-\u097f]")
_PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")


def script_lang(text) -> str:
    """ "hi" for text with Devanagari in it, else "en" (for ``lang`` attributes)."""
    return "hi" if _DEVANAGARI.search(str(text)) else "en"


@bp.app_template_filter("label_parts")
def label_parts(value, mode: str = "both") -> list[dict]:
    """A label (string or {hi?, en?}) as the spans to show for the set's prompt language.

    ``only`` marks a part that is the label's only language: shown whatever the switch says.
    """
    if isinstance(value, str):
        return [{"lang": script_lang(value), "text": value, "only": True}]
    texts = {lang: value.get(lang) for lang in ("hi", "en") if value.get(lang)}
    if mode in texts:
        texts = {mode: texts[mode]}
    return [{"lang": lang, "text": text, "only": len(texts) == 1} for lang, text in texts.items()]


@bp.app_template_filter("label_text")
def label_text(value, mode: str = "both") -> str:
    """A label as plain text (for ``<option>``): both languages joined by a middle dot."""
    return " · ".join(part["text"] for part in label_parts(value, mode))


@bp.app_template_filter("cloze_parts")
def cloze_parts(text: str) -> list[dict]:
    """A cloze text cut at its numbered placeholders: {"text": …} and {"blank": 0-based}."""
    parts: list[dict] = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append({"text": text[last : match.start()]})
        parts.append({"blank": int(match.group(1)) - 1})
        last = match.end()
    parts.append({"text": text[last:]})
    return [p for p in parts if p.get("text") != ""]


@bp.app_template_filter("item_order")
def item_order(answer, size: int) -> list[int]:
    """The order to show ordering items in: the saved one if it is a permutation."""
    if isinstance(answer, list) and sorted(answer) == list(range(size)):
        return answer
    return list(range(size))


@bp.app_template_filter("points")
def points(value) -> str:
    """7.0 → "7", 7.5 → "7.5", 0.6667 → "0.67"."""
    return f"{round(float(value or 0), 2):g}"


@bp.app_template_filter("percent")
def percent(fraction) -> str:
    """0.8 → "80"."""
    return f"{round(100 * float(fraction or 0)):d}"


bp.add_app_template_filter(script_lang, "script_lang")
bp.add_app_template_test(is_answered, "answered")
