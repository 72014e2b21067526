"""Who may see what: every GET route of the site and every operation of the API, asked by an
anonymous visitor, a learner, the owner (the learner whose attempt, word or token it is), a
teacher and an admin, answers as the table says. The table is read off Flask's URL map: a new
route without a row fails the test until someone decides who may use it."""

import re

import pytest

from quizapp.attempts.services import read_attempt
from quizapp.auth.services import issue_token, list_tokens
from quizapp.authoring.services import create_passage
from quizapp.classrooms.services import create_class
from quizapp.words.services import add_word
from tests.conftest import SLUG, sign_in
from tests.functional.test_quiz_pages import _set_id, _start, _token

ROLES = ("anonymous", "learner", "owner", "teacher", "admin")
#: A page anyone may see.
OPEN = dict.fromkeys(ROLES, 200)
#: Signed-in pages: anonymous visitors are sent to sign in.
SIGNED_IN = {"anonymous": 302, "learner": 200, "owner": 200, "teacher": 200, "admin": 200}
#: The owner's own thing: anyone else gets a 404 (not a 403: its existence is not told).
OWNERS = {"anonymous": 404, "learner": 404, "owner": 200, "teacher": 404, "admin": 404}
#: API, bearer token required.
API_USER = {"anonymous": 401, "learner": 200, "owner": 200, "teacher": 200, "admin": 200}
ADMINS_ONLY = {**SIGNED_IN, "learner": 403, "owner": 403, "teacher": 403, "admin": 400}
API_OWNERS = {"anonymous": 401, "learner": 404, "owner": 200, "teacher": 404, "admin": 404}
#: The authoring API: teachers and admins; learners 403.
API_TEACHERS = {"anonymous": 401, "learner": 403, "owner": 403, "teacher": 200, "admin": 200}
#: Teacher pages: learners get a 403. Their passage pages show another teacher's draft (404 for
#: the teacher asking, whom it does not belong to; admins see everything).
TEACHERS = {"anonymous": 302, "learner": 403, "owner": 403, "teacher": 200, "admin": 200}

TABLE = {
    ("GET", "main.home"): OPEN,
    ("GET", "main.set_language"): dict.fromkeys(ROLES, 302),
    ("GET", "content.read"): OPEN,
    ("GET", "content.save_preferences"): dict.fromkeys(ROLES, 204),
    ("GET", "attempts.set_page"): OPEN,
    ("GET", "attempts.passage_sets"): OPEN,
    # A finished attempt: its page sends the owner on to the results.
    ("GET", "attempts.take"): OWNERS | {"owner": 302},
    ("GET", "attempts.submit"): OWNERS | {"owner": 302},
    ("GET", "attempts.result_page"): OWNERS,
    ("GET", "attempts.transliterate"): OPEN,
    ("GET", "progress.page"): SIGNED_IN,
    ("GET", "words.index"): SIGNED_IN,
    ("GET", "words.add"): SIGNED_IN,
    ("GET", "words.reader_state"): OPEN,
    ("GET", "words.review"): SIGNED_IN,
    ("GET", "words.export_csv"): SIGNED_IN,
    ("GET", "words.export_tsv"): SIGNED_IN,
    ("GET", "auth.signup"): {**dict.fromkeys(ROLES, 302), "anonymous": 200},
    ("GET", "auth.login"): OPEN,
    ("GET", "auth.logout"): OPEN,
    ("GET", "auth.account"): SIGNED_IN,
    ("GET", "static"): OPEN,
    ("GET", "api.openapi"): OPEN,
    ("GET", "api.passages"): OPEN,
    ("GET", "api.passage"): OPEN,
    ("GET", "api.tokens"): API_USER,
    ("GET", "api.question_sets"): OPEN,
    ("GET", "api.question_set"): OPEN,
    ("GET", "api.attempt"): API_OWNERS,
    ("GET", "api.my_words"): API_USER,
    ("GET", "api.my_progress"): API_USER,
    # Writes (each with its CSRF token or bearer token, so only access decides).
    ("POST", "api.preview"): {**API_USER, "learner": 403, "owner": 403},
    # Authoring, on the seeded content (the system's: another teacher copies it, 403 to change
    # it, an admin may); the sweep's {"answer": 1} is no passage, question or set (400) and no
    # bank file (422). Drafts of others: tests/functional/test_authoring_api.py.
    ("GET", "api.question"): API_TEACHERS,
    ("GET", "api.export_bank"): API_TEACHERS,
    ("POST", "api.create_passage"): {**API_TEACHERS, "teacher": 400, "admin": 400},
    ("PATCH", "api.update_passage"): {**API_TEACHERS, "teacher": 403},
    ("POST", "api.propose_drafts"): API_TEACHERS,
    ("POST", "api.create_question"): {**API_TEACHERS, "teacher": 400, "admin": 400},
    # An admin may: {"answer": 1} is no field of that question (422), and it is in a published
    # set (409: unpublish the set first).
    ("PATCH", "api.question"): {**API_TEACHERS, "teacher": 403, "admin": 422},
    ("DELETE", "api.question"): {**API_TEACHERS, "teacher": 403, "admin": 409},
    ("POST", "api.copy_question"): {**API_TEACHERS, "teacher": 201, "admin": 201},
    ("POST", "api.create_question_set"): {**API_TEACHERS, "teacher": 400, "admin": 400},
    ("PATCH", "api.question_set"): {**API_TEACHERS, "teacher": 403},
    ("POST", "api.copy_question_set"): {**API_TEACHERS, "teacher": 201, "admin": 201},
    ("POST", "api.import_bank"): {**API_TEACHERS, "teacher": 422, "admin": 422},
    # A new attempt (201); the owner resumes the retry the site's routes started (200).
    ("POST", "api.start"): {**API_USER, "learner": 201, "owner": 200, "teacher": 201, "admin": 201},
    ("POST", "api.submit"): {**API_OWNERS, "owner": 200},
    ("PUT", "api.answer"): {**API_OWNERS, "owner": 409},  # the attempt is finished
    # Checking one answer: the set shows feedback after submitting (409; the page: results).
    ("POST", "api.check"): {**API_OWNERS, "owner": 409},
    ("POST", "attempts.check"): {**OWNERS, "owner": 302},
    ("DELETE", "api.revoke"): API_OWNERS,
    ("POST", "attempts.retry"): {**OWNERS, "owner": 302},
    ("POST", "attempts.submit"): {**OWNERS, "owner": 302},  # submitted already: its results
    ("POST", "words.remove"): {
        "anonymous": 302,
        "learner": 404,
        "owner": 302,
        "teacher": 404,
        "admin": 404,
    },
    # Only admins make and unlock accounts here (the forms posted are incomplete: 400).
    ("POST", "auth.create_account"): ADMINS_ONLY,
    ("POST", "auth.unlock"): ADMINS_ONLY,
    ("GET", "authoring.home"): TEACHERS,
    ("GET", "authoring.new_passage"): TEACHERS,
    ("GET", "authoring.review_page"): {**TEACHERS, "teacher": 404},
    ("GET", "authoring.import_page"): TEACHERS,
    ("GET", "authoring.export"): TEACHERS,
    # Posted incomplete (400) unless the passage is someone else's draft (404); copying a
    # published set, or adding no glossary word, goes back to a page (302).
    ("POST", "authoring.copy_set"): {**TEACHERS, "teacher": 302, "admin": 302},
    ("POST", "authoring.new_passage"): {**TEACHERS, "teacher": 400, "admin": 400},
    ("POST", "authoring.row_action"): {**TEACHERS, "teacher": 404, "admin": 400},
    ("POST", "authoring.add_glossary"): {**TEACHERS, "teacher": 404, "admin": 302},
    ("POST", "authoring.set_status"): {**TEACHERS, "teacher": 404, "admin": 400},
    ("POST", "authoring.import_page"): {**TEACHERS, "teacher": 400, "admin": 400},
    ("POST", "authoring.import_confirm"): {**TEACHERS, "teacher": 400, "admin": 400},
    # The question editor and set builder, on the seeded question and set: another teacher
    # sees them read-only (to try or copy), 403 to change or delete them; an admin may. The
    # sweep posts no button: the page comes back. Others' drafts (404): test_question_editor.
    ("GET", "editor.question_list"): TEACHERS,
    ("GET", "editor.question_new"): TEACHERS,
    ("GET", "editor.question_edit"): TEACHERS,
    ("GET", "editor.question_delete"): {**TEACHERS, "teacher": 403},
    ("GET", "editor.set_new"): TEACHERS,
    ("GET", "editor.set_edit"): TEACHERS,
    ("GET", "editor.drafts"): TEACHERS,
    ("POST", "editor.question_new"): TEACHERS,
    ("POST", "editor.question_edit"): {**TEACHERS, "teacher": 403},
    ("POST", "editor.preview"): {**TEACHERS, "teacher": 400, "admin": 400},  # no question type
    ("POST", "editor.question_copy"): {**TEACHERS, "teacher": 302, "admin": 302},
    # In a published set: unpublish it first (409).
    ("POST", "editor.question_delete"): {**TEACHERS, "teacher": 403, "admin": 409},
    ("POST", "editor.set_new"): TEACHERS,
    ("POST", "editor.set_edit"): {**TEACHERS, "teacher": 403},
    ("POST", "editor.drafts"): TEACHERS,
    # Item analysis and regrading, on the seeded (system) set and question: a teacher who is not
    # the owner sees the attempts of their classes' learners (none here); the forms and bodies
    # sent are not valid (400). tests/functional/test_regrading.py has the full matrix.
    ("GET", "analysis.set_analysis"): TEACHERS,
    ("GET", "analysis.set_analysis_csv"): TEACHERS,
    ("GET", "analysis.question_answers"): TEACHERS,
    ("POST", "analysis.override"): {**TEACHERS, "teacher": 400, "admin": 400},
    ("POST", "analysis.accept"): {**TEACHERS, "teacher": 400, "admin": 400},
    ("GET", "api.item_analysis"): API_TEACHERS,
    ("PUT", "api.override_answer"): {**API_TEACHERS, "teacher": 400, "admin": 400},
    ("POST", "api.accept_answer"): {**API_TEACHERS, "teacher": 400, "admin": 400},
    # Classes, on a class of another teacher's: 404 for the teacher asking, an admin may (the
    # forms posted are incomplete: 400; the owner is no member to remove: 404). Joining with
    # "hi", which is no code: 404 (teachers may not join: 403). Full matrix: test_classes.py.
    ("GET", "classrooms.class_list"): TEACHERS,
    ("POST", "classrooms.class_list"): {**TEACHERS, "teacher": 400, "admin": 400},
    ("GET", "classrooms.class_page"): {**TEACHERS, "teacher": 404},
    ("GET", "classrooms.roster"): {**TEACHERS, "teacher": 404},
    ("POST", "classrooms.roster"): {**TEACHERS, "teacher": 404, "admin": 400},
    ("POST", "classrooms.roster_confirm"): {**TEACHERS, "teacher": 404, "admin": 400},
    ("POST", "classrooms.class_edit"): {**TEACHERS, "teacher": 404, "admin": 400},
    ("POST", "classrooms.class_archive"): {**TEACHERS, "teacher": 404, "admin": 302},
    ("POST", "classrooms.remove_member"): {**TEACHERS, "teacher": 404, "admin": 404},
    ("GET", "classrooms.my_classes"): SIGNED_IN,
    ("GET", "classrooms.join"): OPEN,
    ("POST", "classrooms.join"): dict.fromkeys(ROLES, 400),
    ("GET", "classrooms.join_code"): dict.fromkeys(ROLES, 404),
    ("POST", "classrooms.join_code"): {**dict.fromkeys(ROLES, 404), "teacher": 403, "admin": 403},
    ("GET", "api.list_classes"): API_USER,
    ("GET", "api.get_class"): {**API_OWNERS, "owner": 404, "admin": 200},
    ("POST", "api.create_class"): {**API_TEACHERS, "teacher": 400, "admin": 400},
    ("POST", "api.join_class"): {**dict.fromkeys(ROLES, 400), "anonymous": 401},
    ("DELETE", "api.remove_class_member"): {**API_TEACHERS, "teacher": 404, "admin": 404},
    # Assignments and the gradebook (tests/functional/test_assignments.py and test_gradebook.py
    # have the matrix on a real class): another teacher's class is a 404 to a teacher.
    ("GET", "assignments.index"): {**TEACHERS, "teacher": 404},
    ("POST", "assignments.index"): {**TEACHERS, "teacher": 404, "admin": 400},
    ("GET", "assignments.gradebook"): {**TEACHERS, "teacher": 404},
    ("GET", "assignments.gradebook_csv"): {**TEACHERS, "teacher": 404},
    ("GET", "assignments.learner"): {**TEACHERS, "teacher": 404, "admin": 404},
    ("GET", "assignments.attempt"): {**TEACHERS, "teacher": 404, "admin": 404},
    ("POST", "assignments.change_dates"): {**TEACHERS, "teacher": 404, "admin": 404},
    ("POST", "assignments.remove"): {**TEACHERS, "teacher": 404, "admin": 404},
    ("GET", "api.class_assignments"): {**API_TEACHERS, "teacher": 404},
    ("POST", "api.class_assignments"): {**API_TEACHERS, "teacher": 404, "admin": 400},
    ("DELETE", "api.delete_assignment"): {**API_TEACHERS, "teacher": 404, "admin": 404},
    ("GET", "api.class_gradebook"): {**API_TEACHERS, "teacher": 404},
    ("GET", "api.my_assignments"): API_USER,
    # Live lessons (tests/functional/test_live.py has the matrix on a real class and run;
    # here the ids name nothing: 404 for whoever may otherwise ask).
    ("GET", "live.mine"): SIGNED_IN,
    ("GET", "live.phone"): {
        **SIGNED_IN,
        "learner": 404,
        "owner": 404,
        "teacher": 404,
        "admin": 404,
    },
    ("POST", "live.phone"): {
        **SIGNED_IN,
        "learner": 404,
        "owner": 404,
        "teacher": 404,
        "admin": 404,
    },
    ("GET", "live.state"): {
        **SIGNED_IN,
        "learner": 404,
        "owner": 404,
        "teacher": 404,
        "admin": 404,
    },
    ("PUT", "live.answer"): {
        **SIGNED_IN,
        "learner": 400,
        "owner": 400,
        "teacher": 400,
        "admin": 400,
    },
    ("GET", "live.projector"): {**TEACHERS, "teacher": 404, "admin": 404},
    ("GET", "live.new"): {**TEACHERS, "teacher": 404},
    ("POST", "live.new"): {**TEACHERS, "teacher": 404, "admin": 400},
    ("POST", "live.open_next"): {**TEACHERS, "teacher": 404, "admin": 404},
    ("POST", "live.close"): {**TEACHERS, "teacher": 404, "admin": 404},
    ("POST", "live.finish"): {**TEACHERS, "teacher": 404, "admin": 404},
    ("POST", "live.hide"): {**TEACHERS, "teacher": 404, "admin": 404},
    ("GET", "api.live_state"): {
        **API_USER,
        "learner": 404,
        "owner": 404,
        "teacher": 404,
        "admin": 404,
    },
    ("POST", "api.start_live"): {**API_TEACHERS, "teacher": 400, "admin": 400},
    ("POST", "api.live_open"): {
        **API_USER,
        "learner": 404,
        "owner": 404,
        "teacher": 404,
        "admin": 404,
    },
    ("POST", "api.live_close"): {
        **API_USER,
        "learner": 404,
        "owner": 404,
        "teacher": 404,
        "admin": 404,
    },
    ("POST", "api.live_finish"): {
        **API_USER,
        "learner": 404,
        "owner": 404,
        "teacher": 404,
        "admin": 404,
    },
    ("PUT", "api.live_answer"): {
        **API_USER,
        "learner": 400,
        "owner": 400,
        "teacher": 400,
        "admin": 400,
    },
}
#: Routes whose answer depends on what is posted rather than on who asks (sign-up and sign-in,
#: the forms of one's own account, starting and answering an attempt): covered by their own
#: tests and by the CSRF sweep in test_route_guards.py.
ELSEWHERE = {"attempts.start", "attempts.save", "words.answer", "auth.signup", "auth.login",
             "auth.logout", "auth.save_language", "auth.save_password",
             "auth.sign_out_everywhere", "auth.create_token", "auth.revoke", "words.add",
             "api.create_token"}  # fmt: skip


@pytest.fixture
def world(app, make_user):
    """Five visitors and the owner's things: a finished attempt, a word, a token."""
    users = {role: make_user(role, role="learner" if role in ("learner", "owner") else role)
             for role in ROLES if role != "anonymous"}  # fmt: skip
    clients, bearers = {"anonymous": app.test_client()}, {"anonymous": {}}
    for role, user in users.items():
        clients[role] = app.test_client()
        sign_in(clients[role], user)
        with app.app_context():
            bearers[role] = {"Authorization": f"Bearer {issue_token(user, role)}"}
    owner = clients["owner"]
    attempt_id = _start(owner, _set_id(app))
    owner.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": _token(owner)})
    with app.app_context():
        issue_token(users["owner"], "spare")  # the one DELETE revokes (not the one asking)
        word, _created = add_word(users["owner"].id, 1)
        values = {
            "attempt_id": attempt_id,
            "question_id": read_attempt(attempt_id).questions[0].id,
            "set_id": _set_id(app),
            "word_id": word.id,
            "token_id": next(t.id for t in list_tokens(users["owner"].id) if t.name == "spare"),
            "slug": SLUG,
            "code": "hi",
            "filename": "css/app.css",
            # The teacher pages' passage: a draft of a teacher other than those asking.
            "draft_slug": create_passage(
                make_user("other-teacher", role="teacher"), "A draft", "एक वाक्य।", "A sentence."
            ).passage.slug,
            # A class of a teacher other than those asking; the user: the owner, not in it.
            "class_id": create_class(make_user("class-teacher", role="teacher"), "7 A").id,
            "user_id": users["owner"].id,
            "assignment_id": 1,
            "run_id": 999999,
        }
    return clients, bearers, values


def _url(rule, values: dict) -> str:
    url = rule.rule
    for name in rule.arguments:
        url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(values[name]), url)
    return url


def _routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if rule.endpoint not in ELSEWHERE or method == "GET":
                yield method, rule


def test_every_route_has_a_row(app):
    missing = {(m, r.endpoint) for m, r in _routes(app)} - set(TABLE)
    missing = {(m, e) for m, e in missing if e not in ELSEWHERE}
    assert not missing, f"decide who may use these and add them to TABLE: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
def test_each_route_answers_each_role_as_the_table_says(app, world, role):
    clients, bearers, values = world
    client = clients[role]
    token = _token(client)
    answers = {}
    for method, rule in _routes(app):
        if (method, rule.endpoint) not in TABLE:
            continue
        draft = {"slug": values["draft_slug"]} if rule.endpoint.startswith("authoring.") else {}
        url = _url(rule, values | draft)
        api = url.startswith("/api/")
        headers = bearers[role] if api else {}
        kwargs = {"json": {"answer": 1}} if api and method != "GET" else {}
        if not api and method != "GET":
            kwargs["data"] = {"csrf_token": token, "user-username": "x"}
        url += {"main.set_language": "?next=/", "words.add": "?entry=1"}.get(rule.endpoint, "")
        response = client.open(url, method=method, headers=headers, **kwargs)
        answers[(method, rule.endpoint)] = response.status_code
    expected = {key: TABLE[key][role] for key in answers}
    wrong = {key: (answers[key], expected[key]) for key in answers if answers[key] != expected[key]}
    assert not wrong, f"{role}: (got, expected) {wrong}"
