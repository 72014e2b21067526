"""The teacher pages as a browser without JavaScript uses them: the home page, a new passage
and its review table (every fix a plain form post, saved at once), glossary words, publishing,
and bank import (dry run, then confirm) and export."""

import base64
import io
import json
import re

import pytest
from sqlalchemy import func, select

from quizapp.authoring.services import create_passage, update_passage
from quizapp.content.services import get_passage
from quizapp.core.interchange import MAX_BANK_BYTES
from quizapp.extensions import db
from quizapp.questions.models import Question, QuestionSet
from tests.conftest import SLUG, sign_in
from tests.functional.test_question_bank import HINDI_GIFT

SUGGESTED = re.compile(r'id="words-(\d+)-hi" name="words-\d+-hi" type="hidden" value="([^"]+)"')
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
H1, H2, H3 = "पहला वाक्य यहाँ है।", "दूसरा वाक्य यहाँ है।", "तीसरा वाक्य यहाँ है।"
E1, E2, E3 = "The first sentence is here.", "The second one is here.", "The third is here."


@pytest.fixture
def teacher(app, client, make_user):
    user = make_user("guru", role="teacher")
    sign_in(client, user)
    return user


def _token(client, url: str = "/teach/") -> str:
    return TOKEN.search(client.get(url).get_data(as_text=True)).group(1)


def _passage(app, user, paragraphs=None) -> str:
    """A draft passage of ``user``'s; ``paragraphs`` of (hi, en) pairs replace its pairs."""
    with app.app_context():
        draft = create_passage(user, {"hi": "परीक्षा", "en": "A test"}, f"{H1} {H2}", f"{E1} {E2}")
        slug = draft.passage.slug
        if paragraphs is not None:
            patch = [[{"hi": hi, "en": en} for hi, en in p] for p in paragraphs]
            update_passage(user, slug, {"paragraphs": patch})
        return slug


def _pairs(app, slug: str) -> list[list[tuple[str, str]]]:
    with app.app_context():
        passage = get_passage(slug, drafts=True)
        out: dict[int, list] = {}
        for s in passage.sentences:
            out.setdefault(s.paragraph, []).append((s.hi, s.en))
        return [out[p] for p in sorted(out)]


def _version(app, slug: str) -> int:
    with app.app_context():
        return get_passage(slug, drafts=True).version


def _act(client, app, slug, action, row, **extra):
    data = {"csrf_token": _token(client), "action": action, "row": row}
    data |= {"version": _version(app, slug), **extra}
    return client.post(f"/teach/passages/{slug}/rows", data=data)


# ---- Who may see the pages -----------------------------------------------------------------

PAGES = ["/teach/", "/teach/passages/new", "/teach/import", f"/teach/passages/{SLUG}"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_for_a_teacher(client, teacher, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "<h1" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", [*PAGES, "/teach/export"])
def test_learners_get_403_and_guests_are_sent_to_sign_in(app, make_user, url):
    guest = app.test_client()
    response = guest.get(url)
    assert response.status_code == 302 and "/login" in response.location
    learner = app.test_client()
    sign_in(learner, make_user("shishya"))
    assert learner.get(url).status_code == 403


def test_teach_link_is_in_the_nav_for_teachers_only(app, client, teacher, make_user):
    assert 'href="/teach/"' in client.get("/progress").get_data(as_text=True)
    learner = app.test_client()
    sign_in(learner, make_user("shishya"))
    assert 'href="/teach/"' not in learner.get("/progress").get_data(as_text=True)


def test_another_teachers_draft_is_not_found(app, client, teacher, make_user):
    slug = _passage(app, make_user("other", role="teacher"))
    assert client.get(f"/teach/passages/{slug}").status_code == 404


# ---- A new passage and its review table ----------------------------------------------------


def test_a_pasted_passage_is_split_paired_and_shown_for_review(client, teacher):
    hi = f"{H1} {H2}\n\n{H3}"
    en = f"{E1} {E2}\n\n{E3}"
    data = {"csrf_token": _token(client), "title_hi": "नया पाठ", "title_en": "A new passage"}
    response = client.post("/teach/passages/new", data=data | {"hi_text": hi, "en_text": en})
    assert response.status_code == 302
    assert response.location == "/teach/passages/a-new-passage"
    page = client.get(response.location).get_data(as_text=True)
    assert "3 sentence pairs" in page and "Every pair is one to one." in page
    for text in (H1, H2, H3, E1, E2, E3):
        assert text in page
    assert "Draft" in page and ">Publish</button>" in page


def test_the_new_passage_form_says_what_is_missing(client, teacher):
    response = client.post("/teach/passages/new", data={"csrf_token": _token(client)})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give the passage a title" in page and "Paste the Hindi text" in page


def test_flagged_pairs_are_counted_and_marked(app, client, teacher):
    slug = _passage(app, teacher, [[(f"{H1} {H2}", E1), (H3, f"{E2} {E3}")]])
    page = client.get(f"/teach/passages/{slug}").get_data(as_text=True)
    assert "2 pairs are not one to one" in page
    assert "Check: 2 Hindi, 1 English" in page and "Check: 1 Hindi, 2 English" in page
    assert page.count("teach-pair--flagged") == 2


@pytest.mark.parametrize(
    ("before", "action", "row", "after"),
    [
        ([[(H1, E1), (H2, E2)]], "merge-down", 0, [[(f"{H1} {H2}", f"{E1} {E2}")]]),
        ([[(f"{H1} {H2}", f"{E1} {E2}")]], "split", 0, [[(H1, E1), (H2, E2)]]),
        ([[(H1, f"{E1} {E2}"), (H2, "")]], "move-down", 0, [[(H1, E1), (H2, E2)]]),
        (
            [[(H1, E1), (H2, f"{E2} {E3}")], [(H3, "")]],
            "move-down",
            1,
            [[(H1, E1), (H2, E2)], [(H3, E3)]],
        ),
        ([[(H1, f"{E1} {E2}")], [(H2, "")]], "move-down", 0, [[(H1, E1)], [(H2, E2)]]),
        ([[(H1, ""), (H2, f"{E1} {E2}")]], "move-up", 1, [[(H1, E1), (H2, E2)]]),
    ],
)
def test_review_actions_change_the_stored_sentences(
    app, client, teacher, before, action, row, after
):
    slug = _passage(app, teacher, before)
    response = _act(client, app, slug, action, row)
    assert response.status_code == 302
    assert response.location.startswith(f"/teach/passages/{slug}#row-")
    assert _pairs(app, slug) == after


def test_edit_replaces_a_pair_and_a_blank_line_splits_it(app, client, teacher):
    slug = _passage(app, teacher, [[(f"{H1} {H2}", f"{E1} {E2}"), (H3, E3)]])
    page = client.get(f"/teach/passages/{slug}?edit=0").get_data(as_text=True)
    assert '<textarea class="teach-input" id="edit-hi" name="hi"' in page
    _act(client, app, slug, "edit", 0, hi=f"{H1}\r\n\r\n{H2}", en=f"{E1}\r\n\r\n{E2}")
    assert _pairs(app, slug) == [[(H1, E1), (H2, E2), (H3, E3)]]
    _act(client, app, slug, "edit", 2, hi="", en="")
    assert _pairs(app, slug) == [[(H1, E1), (H2, E2)]]


def test_a_stale_or_impossible_action_changes_nothing_and_says_why(app, client, teacher):
    slug = _passage(app, teacher, [[(H1, E1), (H2, E2)]])
    data = {"csrf_token": _token(client), "action": "merge-down", "row": 0}
    data["version"] = _version(app, slug) - 1  # the page before the last change
    response = client.post(f"/teach/passages/{slug}/rows", data=data, follow_redirects=True)
    assert "nothing was done" in response.get_data(as_text=True)
    response = _act(client, app, slug, "merge-down", 1)
    assert "no next pair" in client.get(response.location).get_data(as_text=True)
    _act(client, app, slug, "edit", 0, hi="", en="")
    _act(client, app, slug, "edit", 0, hi="", en="")
    assert _pairs(app, slug) == [[(H2, E2)]]  # the last pair cannot be removed
    bad = {"csrf_token": _token(client), "action": "shuffle", "row": 0, "version": 1}
    assert client.post(f"/teach/passages/{slug}/rows", data=bad).status_code == 400
    assert _pairs(app, slug) == [[(H2, E2)]]


def test_publish_then_unpublish(app, client, teacher):
    slug = _passage(app, teacher)
    assert client.get(f"/passages/{slug}").status_code == 404  # a draft is not on the reader
    url = f"/teach/passages/{slug}/status"
    client.post(url, data={"csrf_token": _token(client), "status": "published"})
    page = client.get(f"/teach/passages/{slug}").get_data(as_text=True)
    assert "Published: learners can read it now." in page
    assert f'href="/passages/{slug}"' in page and ">Unpublish</button>" in page
    assert client.get(f"/passages/{slug}").status_code == 200
    client.post(url, data={"csrf_token": _token(client), "status": "draft"})
    assert client.get(f"/passages/{slug}").status_code == 404


def test_others_published_passages_are_shown_without_fixes(client, teacher):
    page = client.get(f"/teach/passages/{SLUG}").get_data(as_text=True)
    assert "not yours" in page and 'name="action"' not in page and "Publish</button>" not in page


# ---- Glossary suggestions ------------------------------------------------------------------


def _suggested_words(page: str) -> dict[str, str]:
    """Suggestion number → its Hindi word, as the form carries them."""
    return dict(SUGGESTED.findall(page))


def test_ticked_suggestions_are_added_to_the_glossary(app, client, teacher):
    slug = _passage(app, teacher)
    page = client.get(f"/teach/passages/{slug}").get_data(as_text=True)
    words = _suggested_words(page)
    assert words, "the passage has words to suggest"
    n, hindi = next(iter(words.items()))
    data = {"csrf_token": _token(client), f"words-{n}-add": "y", f"words-{n}-hi": hindi}
    data |= {f"words-{n}-roman": "vaakya", f"words-{n}-pos": "noun"}
    url = f"/teach/passages/{slug}/glossary"
    missing = client.post(url, data=data)
    assert missing.status_code == 400
    assert "Write the meaning of a word you add." in missing.get_data(as_text=True)
    response = client.post(url, data=data | {f"words-{n}-meaning": "sentence"})
    assert response.status_code == 302 and response.location.endswith("#glossary")
    with app.app_context():
        (entry,) = get_passage(slug, drafts=True).glossary
        assert (entry.lemma_hi, entry.lemma_roman, entry.meaning_en) == (
            hindi,
            "vaakya",
            "sentence",
        )
        assert entry.pos == "noun" and entry.sentences
    page = client.get(f"/teach/passages/{slug}").get_data(as_text=True)
    assert "1 word added to the glossary." in page and hindi not in _suggested_words(page).values()


# ---- Copying a shipped set -----------------------------------------------------------------


def test_home_lists_mine_and_copies_a_shipped_set(app, client, teacher):
    slug = _passage(app, teacher)
    page = client.get("/teach/").get_data(as_text=True)
    assert f"/teach/passages/{slug}" in page and "Copy to edit" in page
    with app.app_context():
        shipped = db.session.scalars(select(QuestionSet).order_by(QuestionSet.id)).first()
        size = len(shipped.items)
    response = client.post(f"/teach/sets/{shipped.id}/copy", data={"csrf_token": _token(client)})
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalar(select(QuestionSet).where(QuestionSet.owner_id == teacher.id))
        assert copy.origin_id == shipped.id and copy.status == "draft" and len(copy.items) == size
    page = client.get("/teach/").get_data(as_text=True)
    assert f'id="set-{copy.id}"' in page


def test_home_search_and_filters(app, client, teacher):
    slug = _passage(app, teacher)
    assert f"/teach/passages/{slug}" in client.get("/teach/?q=test").get_data(as_text=True)
    found = client.get("/teach/?q=nothing-like-this").get_data(as_text=True)
    assert f"/teach/passages/{slug}" not in found and "No passage of yours fits" in found
    drafts = client.get("/teach/?status=published").get_data(as_text=True)
    assert f"/teach/passages/{slug}" not in drafts
    by_passage = client.get(f"/teach/?passage={SLUG}").get_data(as_text=True)
    assert f"/teach/passages/{slug}" not in by_passage and "Copy to edit" in by_passage


# ---- Import and export ---------------------------------------------------------------------


def _count_questions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Question.id)))


def _upload(client, content: str, name: str = "hindi.gift"):
    data = {
        "csrf_token": _token(client, "/teach/import"),
        "file": (io.BytesIO(content.encode()), name),
    }
    return client.post("/teach/import", data=data, content_type="multipart/form-data")


def test_import_is_a_dry_run_until_confirmed(app, client, teacher):
    before = _count_questions(app)
    response = _upload(client, HINDI_GIFT)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Nothing is imported yet" in page
    assert re.search(r"<dt>New questions</dt><dd>4</dd>", page)
    assert _count_questions(app) == before
    carried = re.search(r'name="content" type="hidden" value="([^"]+)"', page).group(1)
    assert base64.b64decode(carried).decode() == HINDI_GIFT  # byte for byte
    confirm = {"csrf_token": TOKEN.search(page).group(1), "content": carried, "filename": "h.gift"}
    done = client.post("/teach/import/confirm", data=confirm, content_type="multipart/form-data")
    assert done.status_code == 200 and "in your bank now" in done.get_data(as_text=True)
    assert _count_questions(app) == before + 4
    with app.app_context():
        mine = db.session.scalars(select(Question).where(Question.owner_id == teacher.id)).all()
        assert len(mine) == 4 and {q.status for q in mine} == {"draft"}


def test_a_bad_file_shows_its_line_errors_and_writes_nothing(app, client, teacher):
    before = _count_questions(app)
    response = _upload(client, HINDI_GIFT + "\n::bad::टूटा प्रश्न {=a ~b\n")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page and re.search(r"line \d+", page)
    assert 'name="content"' not in page  # nothing to confirm
    assert _count_questions(app) == before


def test_confirm_checks_its_token_and_the_file_again(app, client, teacher):
    before = _count_questions(app)
    carried = base64.b64encode(b"not a bank").decode()
    forged = client.post("/teach/import/confirm", data={"content": carried, "filename": "x.gift"})
    assert forged.status_code == 400
    confirm = {"csrf_token": _token(client), "content": carried, "filename": "x.gift"}
    assert client.post("/teach/import/confirm", data=confirm).status_code == 422
    assert _count_questions(app) == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(app, client, teacher):
    response = _upload(client, "x" * (MAX_BANK_BYTES + 1))
    assert response.status_code == 400
    assert "bank files are limited to 5 MB" in response.get_data(as_text=True)


def test_confirm_takes_a_file_larger_than_flasks_form_field_limit(client, teacher):
    # 600 kB of base64 is past Flask's 500 kB for a form field: the view raises the limit, so
    # the file is checked (and refused as no bank) instead of the request failing with a 413.
    carried = base64.b64encode(b"x" * 450_000).decode()
    confirm = {"csrf_token": _token(client), "content": carried, "filename": "big.gift"}
    response = client.post(
        "/teach/import/confirm", data=confirm, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "Nothing was imported" in response.get_data(True)


def test_the_upload_field_refuses_a_missing_file(client, teacher):
    response = client.post(
        "/teach/import",
        data={"csrf_token": _token(client, "/teach/import")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "Choose a file to import." in response.get_data(True)


def test_export_downloads_only_the_teachers_own_questions(app, client, teacher):
    _upload(client, HINDI_GIFT)  # a dry run: nothing of the teacher's yet
    page = _upload(client, HINDI_GIFT).get_data(as_text=True)
    carried = re.search(r'name="content" type="hidden" value="([^"]+)"', page).group(1)
    confirm = {"csrf_token": TOKEN.search(page).group(1), "content": carried, "filename": "h.gift"}
    client.post("/teach/import/confirm", data=confirm, content_type="multipart/form-data")
    response = client.get("/teach/export?format=json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="quizapp-bank.json"'
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    bank = json.loads(response.get_data(as_text=True))
    assert sorted(q["id"] for q in bank["questions"]) == ["aath", "pratibandh", "sach", "samkaksh"]
    gift = client.get("/teach/export?format=gift")
    assert gift.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "समकक्ष" in gift.get_data(as_text=True)
    assert client.get("/teach/export?format=pdf").status_code == 400
