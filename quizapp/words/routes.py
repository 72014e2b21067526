"""My words in the browser: the list, adding from the reader, review sessions, exports.

Every page works without JavaScript and by keyboard; words.js adds the reader's in-place
"Add to my words" and the Devanagari helper under Hindi answers. Only signed-in learners have
words; a guest is sent to sign in. Views stay thin: the logic is in ``quizapp.words.services``.

The reader page is cached and shared by everyone, so its "Add to my words" forms carry no CSRF
token. Such a post (no JavaScript) gets a page asking to confirm, with a token; words.js fetches
a token first (``reader-state``) and adds the word at once.
"""

from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from quizapp.content.labels import PART_OF_SPEECH
from quizapp.core.review import DIRECTIONS, RATINGS, parse_rating
from quizapp.database import utcnow
from quizapp.exceptions import DomainError
from quizapp.extensions import csrf, login_manager
from quizapp.words import labels, services
from quizapp.words.forms import AddWordForm, RemoveWordForm, ReviewForm

bp = Blueprint("words", __name__, url_prefix="/words")

#: Views a guest may call: the reader asks whether someone is signed in.
_OPEN_TO_GUESTS = {"words.reader_state"}


@bp.before_request
def _signed_in_only():
    if current_user.is_authenticated or request.endpoint in _OPEN_TO_GUESTS:
        return None
    if request.endpoint == "words.add":
        # After signing in, come back to the page that adds this very word.
        flash(_("Sign in to keep a list of your words."), "info")
        entry = request.values.get("entry", type=int)
        return redirect(url_for("auth.login", next=url_for("words.add", entry=entry)))
    return login_manager.unauthorized()


@bp.context_processor
def _labels():
    return {
        "pos_labels": PART_OF_SPEECH,
        "direction_labels": labels.DIRECTION,
        "source_labels": labels.SOURCE,
        "rating_labels": labels.RATING,
        "rating_names": {int(rating): name for name, rating in RATINGS.items()},
        "ratings": RATINGS,
        "due_label": due_label,
        "interval_label": interval_label,
    }


def _direction(value: str | None) -> str | None:
    """A direction from the query string: None for both; anything unknown is a 400."""
    if not value:
        return None
    if value not in DIRECTIONS:
        raise DomainError(_("Choose the direction hi_en (Hindi → English) or en_hi."))
    return value


#: The unit an interval is told in, by its length: FSRS thinks in days, not weeks.
_UNITS = (
    (timedelta(hours=1), "minute"),
    (timedelta(days=1), "hour"),
    (timedelta(days=60), "day"),
    (timedelta(days=730), "month"),
)


def interval_label(delta: timedelta, add_direction: bool = False) -> str:
    """``delta`` as "10 minutes", "8 days", "3 months" (or "in 8 days"), in the UI language."""
    unit = next((name for limit, name in _UNITS if delta < limit), "year")
    return format_timedelta(delta, granularity=unit, threshold=1e9, add_direction=add_direction)


def due_label(due, now) -> str:
    """ "due now", or how long until ``due`` ("in 3 days"), in the interface language."""
    if due <= now:
        return _("due now")
    return interval_label(due - now, add_direction=True)


@bp.get("")
def index():
    """The learner's words with their next reviews, review buttons and exports."""
    user_id = current_user.id
    services.collect_pending_missed_words(user_id)
    now = utcnow()
    added = request.args.get("added", type=int)
    return render_template(
        "words/index.html",
        words=services.list_words(user_id),
        added=services.get_word(user_id, added) if added else None,
        due={d: services.due_count(user_id, now, d) for d in DIRECTIONS},
        next_due=services.next_due_at(user_id),
        now=now,
    )


@bp.route("/add", methods=["GET", "POST"])
@csrf.exempt  # checked by the form: a post from the cached reader has no token (see above)
def add():
    """POST with a token: add the word. Otherwise: a page asking to confirm (with a token)."""
    form = AddWordForm(request.args) if request.method == "GET" else AddWordForm()
    valid = form.validate()
    if form.entry.errors:
        raise DomainError(str(form.entry.errors[0]))
    if valid and request.method == "POST":
        word, created = services.add_word(current_user.id, form.entry.data)
        if request.accept_mimetypes.best == "application/json":
            return jsonify(word_id=word.id, entry_id=word.entry_id, created=created)
        return redirect(url_for("words.index", added=word.id, _anchor=f"w-{word.id}"))
    entry = services.get_entry(form.entry.data)
    return render_template("words/add.html", entry=entry, form=form)


@bp.get("/reader-state")
def reader_state():
    """For words.js on the reader: signed in?, a CSRF token, and the entries already added."""
    if not current_user.is_authenticated:
        return jsonify(signed_in=False)
    added = services.entry_ids_in_list(current_user.id, request.args.get("passage", ""))
    return jsonify(signed_in=True, csrf_token=generate_csrf(), added=added)


@bp.post("/<int:word_id>/remove")
def remove(word_id: int):
    """Remove one of the learner's words."""
    if not RemoveWordForm().validate():
        raise DomainError(_("The form expired. Please try again."))
    services.remove_word(current_user.id, word_id)
    return redirect(url_for("words.index"))


@bp.get("/review")
def review():
    """One card at a time: the result of the last review, then the next due card (or when)."""
    user_id, now = current_user.id, utcnow()
    direction = _direction(request.args.get("direction"))
    reviewed = request.args.get("reviewed", type=int)
    shown = request.args.get("show", type=int)
    card = services.get_card(user_id, shown) if shown else None
    card = card or services.next_due_card(user_id, now, direction)
    return render_template(
        "words/review.html",
        direction=direction,
        reviewed=services.get_review(user_id, reviewed) if reviewed else None,
        card=card,
        show=card is not None and card.id == shown,
        previews=services.rating_previews(card, now) if card is not None else {},
        next_due=None if card else services.next_due_at(user_id, direction),
        due_count=services.due_count(user_id, now, direction),
        now=now,
    )


@bp.post("/review/<int:card_id>")
def answer(card_id: int):
    """Grade a typed answer or record a self-grade, then show the result and the next card."""
    form = ReviewForm()
    if not form.validate():
        raise DomainError(str(next(iter(form.errors.values()))[0]))
    direction = form.direction.data or None
    seen = form.seen.data
    if form.rating.data:
        rating = parse_rating(form.rating.data)
        done = services.record_review(current_user.id, card_id, rating=rating, seen_reps=seen)
    elif (form.answer.data or "").strip():
        done = services.record_review(
            current_user.id, card_id, answer=form.answer.data, seen_reps=seen
        )
    else:  # "Check" with nothing typed: show the answer and let the learner grade themselves
        services.get_card(current_user.id, card_id)
        return redirect(url_for("words.review", direction=direction, show=card_id))
    return redirect(url_for("words.review", direction=direction, reviewed=done.id))


def _download(body: str, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/export.csv")
def export_csv():
    """The word list as CSV (UTF-8, with a header row)."""
    return _download(services.export_csv(current_user.id), "text/csv", "my-words.csv")


@bp.get("/export.tsv")
def export_tsv():
    """The word list for Anki: tab-separated front and back, with Anki's header lines."""
    return _download(
        services.export_anki_tsv(current_user.id), "text/tab-separated-values", "my-words-anki.tsv"
    )
