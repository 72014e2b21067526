"""The quiz page, assembled from pieces rendered once per worker.

Rendering twenty questions and the passage beside them through Jinja took about 3 ms, ten
times a bare Flask route. Yet most of that page is the same for every learner: a question
shown in the same order, in the same interface language, with the same saved answer (at the
start, none) renders to the same HTML whoever takes it. So each question is rendered once per
everything it depends on (the question's version, its shuffle, the answer and when it was
saved, its number, the language) and the text panel once per passage version and language;
a request only joins the pieces and fills in what is its own.

What is its own: the attempt's id (in the forms' URLs), the session's CSRF token, the answered
count and the time left. The pieces are rendered with stand-ins and slots for those, filled in
when the page is put together, so no piece ever holds one learner's token or attempt. The keys
are versions read from the database on each request (``question.updated_at``,
``passage.version``): see ``quizapp/fragments.py``.

Joining the pieces and compressing 80 KB still cost about a millisecond, so the page as sent is
kept too (``sent_quiz_pages``), keyed by ``services.quiz_page_stamp`` (one statement) with the
viewer's role, language and CSRF token: a reload, a back button, a retry over flaky Wi-Fi or a
return from the reader serve it from memory, and its ETag lets the browser skip the body.
"""

import json
import re
from collections.abc import Callable
from functools import partial

from flask import render_template
from markupsafe import Markup

from quizapp.attempts import labels
from quizapp.attempts.services import (
    DEADLINE_GRACE,
    AttemptView,
    QuizItem,
    quiz_item,
    time_left,
)
from quizapp.compression import PageCache
from quizapp.content.services import passage_paragraphs
from quizapp.core.grading.common import is_answered
from quizapp.fragments import CSRF_STAND_IN, fragments, with_csrf, without_csrf
from quizapp.i18n import current_language

#: The attempt id the pieces are rendered with, replaced per request: a number far beyond any
#: id this app's tables reach, so it never stands for a real attempt.
_ATTEMPT_STAND_IN = str(2**53 + 1)
#: Where the request's own pieces go in the cached page shell.
_SLOTS = ("questions", "nav", "answered", "timer")
_SLOT = "quizapp-slot-{}-end"

#: Quiz pages as sent. Every change a learner makes gives a new key, so a class of 40 a few
#: states each fits (an entry is the 80 KB page and its 14 KB compressed form). Compressed as
#: fast as on the fly (brotli 1, gzip 1): most pages are sent once or twice.
sent_quiz_pages = PageCache(size=256, compresslevel=1, brotli_quality=1)


def quiz_page(view: AttemptView, viewer_role: str, errors: dict[int, str] | None = None) -> str:
    """The quiz page's HTML for this request (``viewer_role``: "" for a guest, else the signed-in
    user's role, which the header's links depend on)."""
    language = current_language()
    mode = view.question_set.prompt_language
    errors = errors or {}
    total = len(view.questions)
    # Immediate feedback adds a Check button, and a checked answer's verdict, to a question.
    feedback = (view.question_set.feedback_timing == "immediate", view.question_set.feedback_detail)
    questions, nav, answered = [], [], 0
    for number, question in enumerate(view.questions, 1):
        # What a piece depends on is worked out without building the question's view: on a
        # hit (most questions of most pages) nothing else is computed.
        saved = view.answers.get(question.id)
        value = saved.value if saved is not None else None
        done = is_answered(value)
        answered += done
        item = partial(quiz_item, view, number, question, errors.get(question.id))
        key = (
            "question",
            question.id,
            question.updated_at,
            view.order(question),
            json.dumps(value, ensure_ascii=False),
            saved.saved_at if saved is not None else None,
            # A check changes neither the answer nor its time; the stored verdict says it all.
            json.dumps(saved.result, sort_keys=True) if saved is not None else None,
            feedback,
            number,
            total,
            mode,
            language,
        )
        render = partial(_render_question, item, total, mode, view.question_set.feedback_detail)
        # An error message is this request's own, and rare: never kept.
        questions.append(render() if question.id in errors else fragments.get(key, render))
        nav_key = ("nav", question.id, number, done, language)
        nav.append(fragments.get(nav_key, partial(_render_nav, number, question.id, done)))
    remaining = time_left(view)
    shell = _shell(view, total, remaining is not None, viewer_role, language)
    own = {
        "questions": "".join(questions),
        "nav": "".join(nav),
        "answered": str(answered),
        "timer": _timer_html(remaining) if remaining is not None else "",
    }
    page = "".join(own[piece] if n % 2 else piece for n, piece in enumerate(shell))
    return with_csrf(page.replace(_ATTEMPT_STAND_IN, str(view.id)))


def _shell(view: AttemptView, total: int, timed: bool, role: str, language: str) -> list[str]:
    """The page around the questions, split at its slots: text, slot name, text, …"""
    info = view.question_set
    key = (
        "shell",
        info.id,
        info.title_hi,
        info.title_en,
        info.prompt_language,
        info.one_per_page,
        info.passage_id,
        info.passage_version,
        view.attempt.retry_of_id is not None,
        total,
        timed,
        role,
        language,
    )
    return fragments.get(key, lambda: _render_shell(view, total, timed))


def _render_shell(view: AttemptView, total: int, timed: bool) -> list[str]:
    # Not a finding (B704): our own slot markers.
    slot = {name: Markup(_SLOT.format(name)) for name in _SLOTS}  # nosec B704
    html = render_template(
        "attempts/take.html",
        attempt={"id": int(_ATTEMPT_STAND_IN), "retry_of_id": view.attempt.retry_of_id},
        question_set=view.question_set,
        total=total,
        answered=slot["answered"],
        question_html=slot["questions"],
        nav_html=slot["nav"],
        timer_html=slot["timer"] if timed else "",
        # Not a finding (B704): HTML our templates rendered, text escaped there.
        ctx_html=Markup(_context_panel(view)),  # nosec B704
    )
    # The rendering request's own token (the header's sign-out form) becomes a stand-in too.
    # And the links back to this page (the language switch's ``next``) name the stand-in.
    html = without_csrf(html)
    html = re.sub(rf"/attempts/{view.id}(?!\d)", f"/attempts/{_ATTEMPT_STAND_IN}", html)
    pieces = re.split(_SLOT.format("(" + "|".join(_SLOTS) + ")"), html)
    return pieces


def _render_nav(number: int, question_id: int, answered: bool) -> str:
    return render_template(
        "attempts/_question_nav.html", number=number, question_id=question_id, answered=answered
    )


def _timer_html(remaining: int) -> str:
    return render_template(
        "attempts/_timer.html", remaining=remaining, grace=int(DEADLINE_GRACE.total_seconds())
    )


def _render_question(item: Callable[[], QuizItem], total: int, mode: str, detail: str) -> str:
    return render_template(
        "attempts/_question.html",
        q=item(),
        total=total,
        mode=mode,
        attempt={"id": int(_ATTEMPT_STAND_IN)},
        csrf_value=CSRF_STAND_IN,
        skill_labels=labels.SKILL,
        keep_labels=labels.KEEP_LABEL,
        key_labels=labels.KEY_LABEL,
        detail=detail,
    )


def _context_panel(view: AttemptView) -> str:
    """The passage beside the questions (empty for a set without one)."""
    passage, paragraphs = passage_paragraphs(view.question_set.passage_id)
    if passage is None:
        return ""
    return render_template("attempts/_context.html", passage=passage, paragraphs=paragraphs)
