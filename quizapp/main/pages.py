"""The home page, rendered once per distinct content and kept per worker.

Every visitor's home page is the passages and their quiz sets, plus a little of their own: the
best score and Start/Resume of each set, how many words are due, and the header for their role.
Those few values are read on each request (narrow queries) and make the key; the page is
rendered only when a key is new, and the session's CSRF token is put in afterwards
(``quizapp/fragments.py``). A guest's home page is the same for every guest.
"""

from flask import render_template

from quizapp.attempts.labels import SKILL
from quizapp.attempts.services import SetCard
from quizapp.content.services import passage_cards, passage_versions
from quizapp.fragments import fragments, with_csrf, without_csrf
from quizapp.i18n import current_language


def home_page(
    set_cards: dict[int | None, list[SetCard]], words_due: int | None, viewer_role: str
) -> str:
    """The home page's HTML for this request."""
    key = (
        "home",
        current_language(),
        viewer_role,
        words_due,
        passage_versions(),
        tuple((passage, tuple(cards)) for passage, cards in sorted(set_cards.items(), key=str)),
    )
    return with_csrf(fragments.get(key, lambda: _render(set_cards, words_due)))


def _render(set_cards: dict[int | None, list[SetCard]], words_due: int | None) -> str:
    html = render_template(
        "main/home.html",
        cards=passage_cards(),
        quiz_sets=set_cards,
        skill_labels=SKILL,
        words_due=words_due,
    )
    return without_csrf(html)
