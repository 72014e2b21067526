"""The home page, rendered once per distinct content and kept per worker.

Every visitor's home page is the passages and their quiz sets, plus a little of their own: the
best score and Start/Resume of each set, how many words are due, and the header for their role.
Those few values are read on each request (narrow queries) and make the key; the page is
rendered only when a key is new, and the session's CSRF token is put in afterwards
(``quizapp/fragments.py``). A guest's home page is the same for every guest.

A visitor who comes back (their session holds a token already) gets the page as it was last
sent to them when nothing in its key changed, compressed once (``sent_home_pages``): putting the
token in and compressing each time cost a third of the page. A first visit makes a new session
and token, so its page is one of a kind and is compressed on the fly instead.
"""

from flask import Response, make_response, render_template, session

from quizapp.attempts.labels import SKILL
from quizapp.attempts.services import SetCard
from quizapp.compression import PageCache, page_response
from quizapp.content.services import passage_cards, passage_versions
from quizapp.fragments import CSRF_SESSION_KEY, csrf_token, fragments, with_csrf, without_csrf
from quizapp.i18n import current_language

#: Home pages as sent to returning visitors: a class of 40 a few states each fits.
sent_home_pages = PageCache(size=512, compresslevel=1, brotli_quality=1)


def home_page(
    set_cards: dict[int | None, list[SetCard]],
    words_due: int | None,
    viewer_role: str,
    assigned: tuple = (),
) -> Response:
    """The home page for this request (personal: never kept by the browser or a proxy);
    ``assigned``: the learner's assignments (``classrooms.assignments.assignments_of``)."""
    key = (
        "home",
        current_language(),
        viewer_role,
        words_due,
        assigned,
        passage_versions(),
        tuple((passage, tuple(cards)) for passage, cards in sorted(set_cards.items(), key=str)),
    )

    def render() -> str:
        return with_csrf(fragments.get(key, lambda: _render(set_cards, words_due, assigned)))

    if CSRF_SESSION_KEY in session:
        return page_response(sent_home_pages.get((key, csrf_token()), render), personal=True)
    return make_response(render())  # no-store, as every page without a say (quizapp.security)


def _render(
    set_cards: dict[int | None, list[SetCard]], words_due: int | None, assigned: tuple = ()
) -> str:
    html = render_template(
        "main/home.html",
        cards=passage_cards(),
        quiz_sets=set_cards,
        skill_labels=SKILL,
        words_due=words_due,
        assigned=assigned,
    )
    return without_csrf(html)
