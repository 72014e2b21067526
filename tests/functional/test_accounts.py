"""Accounts over real requests: sign-up (look-alikes, teacher invite code), sign in and out,
throttling per account (forms and API), sessions that rotate and end, CSRF on every form, guest
attempts moving into the account, the interface language, API tokens listed and revoked, admins
making accounts, and bad input that never gets a 500."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from quizapp.attempts.models import Attempt
from quizapp.auth import services as auth_services
from quizapp.auth.models import ApiToken, User
from quizapp.auth.services import authenticate, issue_token
from quizapp.database import utcnow
from quizapp.extensions import db
from quizapp.questions.models import QuestionSet
from tests.conftest import SLUG, make_app, run_flask, sign_in

PASSWORD = "correct horse 1"
CSRF_INPUT = re.compile(r'<input[^>]*name="[\w-]*csrf_token"[^>]*>')


# ---- Helpers ------------------------------------------------------------------------------------


def csrf(client, url: str = "/login") -> str:
    """A CSRF token of this client's session, from a page with a form."""
    tag = CSRF_INPUT.search(client.get(url).get_data(as_text=True)).group(0)
    return re.search(r'value="([^"]+)"', tag).group(1)


def signup(client, username: str, password: str = PASSWORD, **fields):
    data = {"username": username, "password": password, "confirm": password, **fields}
    data.setdefault("csrf_token", csrf(client, "/signup"))
    return client.post("/signup", data=data)


def login(client, username: str, password: str = PASSWORD, next_url: str | None = None):
    data = {"username": username, "password": password, "csrf_token": csrf(client)}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/login", data=data)


def change_password(client, new: str = "a brand new password", **extra):
    """Post the account page's password form, the current password right."""
    data = {
        "password-csrf_token": csrf(client, "/account"),
        "password-current": PASSWORD,
        "password-password": new,
        "password-confirm": new,
        **extra,
    }
    return client.post("/account/password", data=data)


def user_row(app, username: str) -> User | None:
    with app.app_context():
        return db.session.query(User).filter_by(username_key=username.casefold()).one_or_none()


def user_count(app) -> int:
    with app.app_context():
        return db.session.query(User).count()


def is_signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Argon2id at its lowest cost: these tests hash and check hundreds of passwords (the real
    parameters are argon2-cffi's defaults, tested in test_accounts_api.py)."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(auth_services, "_hasher", cheap)
    monkeypatch.setattr(auth_services, "_DUMMY_HASH", cheap.hash("not a real password"))
    return cheap


@pytest.fixture
def clock(monkeypatch):
    """The account services' clock, fixed and moved by hand: ``clock.advance(seconds)``."""

    class Clock:
        now = utcnow()

        def advance(self, seconds: float) -> None:
            self.now += timedelta(seconds=seconds)

    fixed = Clock()
    monkeypatch.setattr(auth_services, "utcnow", lambda: fixed.now)
    return fixed


# ---- Sign up ------------------------------------------------------------------------------------


def test_sign_up_makes_a_learner_and_signs_in(client, app):
    assert client.get("/signup").status_code == 200
    response = signup(client, "Asha")
    assert response.status_code == 302 and response.location == "/account"
    user = user_row(app, "asha")
    assert user.username == "Asha" and user.role == "learner"
    assert user.password_hash.startswith("$argon2id$")
    page = client.get("/account").get_data(as_text=True)
    assert "Signed in as Asha" in page and "Welcome, Asha!" in page
    # Signed in, the sign-up page sends you to your account.
    assert client.get("/signup").location == "/account"


@pytest.mark.parametrize(
    "look_alike",
    [
        "asha",
        "ASHA",
        "as\u200bha",  # zero-width space
        "\u202eAsha",  # right-to-left override
        "Asha\u200e",  # left-to-right mark
        "ａｓｈａ",  # full-width
        "\u0430sha",  # Cyrillic а (mixed scripts)
        "\u0410\u0455\u04bb\u0430",  # all Cyrillic: А, ѕ, һ, а
    ],
)
def test_look_alike_usernames_cannot_sign_up_twice(client, app, make_user, look_alike):
    make_user("Asha")
    before = user_count(app)
    response = signup(client, look_alike)
    assert response.status_code == 400
    assert "That username is taken" in response.get_data(as_text=True)
    assert user_count(app) == before and not is_signed_in(client)


def test_hindi_names_stay_welcome_beside_look_alike_checks(client, app, make_user):
    make_user("रवि")
    assert signup(client, "रवी").status_code == 302  # another name, not a look-alike
    assert signup(app.test_client(), "ravi").status_code == 302


def test_nfd_username_is_the_same_as_nfc(client, app, make_user):
    make_user("José")
    response = signup(client, "Jose\u0301")
    assert response.status_code == 400 and user_count(app) == 2  # José and the system account


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": ""}, "Enter a username."),
        ({"username": "ab"}, "Use 3 to 40 letters"),
        ({"username": "bad name!"}, "Use 3 to 40 letters"),
        ({"username": "x" * 100_000}, "That username is too long."),
        ({"username": "\u200b\u200b\u200b\u200b"}, "Use 3 to 40 letters"),
        ({"username": "\u202e\u202e\u202e"}, "Use 3 to 40 letters"),
        ({"username": "nul\x00name"}, "Use 3 to 40 letters"),
        ({"username": "😀😀😀😀"}, "Use 3 to 40 letters"),
        ({"username": "\ufdfa" * 5}, "Use 3 to 40 letters"),  # a key too long to store
        ({"username": "\u0301\u0301\u0301"}, "Use 3 to 40 letters"),  # marks with no letter
        ({"password": "short", "confirm": "short"}, "A password has 8 to 1000 characters."),
        ({"password": "p" * 1001, "confirm": "p" * 1001}, "A password has 8 to 1000"),
        ({"confirm": "something else"}, "The two passwords are not the same."),
        ({"password": "", "confirm": ""}, "Enter a password."),
        ({"password": "password", "confirm": "password"}, "too easy to guess"),
        ({"password": "12345678", "confirm": "12345678"}, "too easy to guess"),
        ({"password": "newname2024", "confirm": "newname2024"}, "must not contain your username"),
        ({"password": "NewName is me", "confirm": "NewName is me"}, "must not contain your"),
    ],
)
def test_sign_up_bad_input_is_a_clear_400(client, app, fields, message):
    data = {"username": "newname", "password": PASSWORD, "confirm": PASSWORD, **fields}
    data["csrf_token"] = csrf(client, "/signup")
    response = client.post("/signup", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert user_count(app) == 1  # only the system account


def test_a_weak_password_is_refused_in_the_interface_language(client, app):
    client.set_cookie("lang", "hi")
    data = {"username": "newname", "password": "password", "confirm": "password"}
    response = client.post("/signup", data={**data, "csrf_token": csrf(client, "/signup")})
    assert response.status_code == 400
    assert "बहुत आसानी से अंदाज़ा" in response.get_data(as_text=True)
    assert user_count(app) == 1


def test_a_new_password_with_the_username_in_it_is_refused(client, app, make_user):
    make_user("ravi")
    login(client, "ravi")
    response = change_password(client, "ravi reads a lot")
    assert response.status_code == 400
    assert "must not contain your username" in response.get_data(as_text=True)
    assert login(app.test_client(), "ravi").status_code == 302  # the old one still works


def test_the_command_line_refuses_a_weak_password_too(db_path):
    made = run_flask(
        "create-user", "--role", "teacher", "--username", "meera", "--password", "12345678",
        db_path=db_path,
    )  # fmt: skip
    assert made.returncode != 0
    assert "too easy to guess" in made.stderr


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "newname"},
        {"password": PASSWORD},
        {"username": ["a", "b"], "password": [PASSWORD, "x"], "confirm": PASSWORD},
        {"invite_code": "x" * 100_000, "username": "newname", "password": PASSWORD},
    ],
)
def test_sign_up_missing_or_odd_fields_never_500(client, app, data):
    response = client.post("/signup", data={**data, "csrf_token": csrf(client, "/signup")})
    assert response.status_code == 400
    assert user_count(app) == 1


# ---- Sign-up throttling (in the database, per address and in all) -------------------------------


def _signup_from(app, address: str, username: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return signup(client, username)


def test_a_class_of_forty_signs_up_from_one_school_address_in_a_minute(client, app):
    results = [_signup_from(app, "203.0.113.7", f"pupil{n:02d}").status_code for n in range(40)]
    assert results == [302] * 40
    assert user_count(app) == 41


def test_sign_ups_past_the_limit_wait_with_a_clear_message(db_path, monkeypatch):
    now = datetime(2026, 12, 2, 9, 30, 15, tzinfo=UTC)  # mid-window: no window ends in the test
    monkeypatch.setattr("quizapp.throttle.utcnow", lambda: now)
    app = make_app(db_path, SIGNUP_LIMITS_PER_ADDRESS=((3, 60),), SIGNUP_LIMITS_IN_ALL=((5, 60),))
    for n in range(3):
        assert _signup_from(app, "198.51.100.1", f"first{n}").status_code == 302
    refused = _signup_from(app, "198.51.100.1", "fourth")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "46"
    assert "Many accounts were made from here just now" in refused.get_data(as_text=True)
    assert user_row(app, "fourth") is None
    # Another address still may, up to the limit in all (5 a minute here).
    assert _signup_from(app, "198.51.100.2", "other1").status_code == 302
    assert _signup_from(app, "198.51.100.3", "other2").status_code == 302
    assert _signup_from(app, "198.51.100.4", "other3").status_code == 429
    assert user_count(app) == 6  # five and the system account


# ---- Teacher invite code ------------------------------------------------------------------------


@pytest.fixture
def invite_app(db_path):
    return make_app(db_path, TEACHER_INVITE_CODE="staffroom-7f3c-banyan")


def test_teacher_invite_code_makes_a_teacher(invite_app):
    client = invite_app.test_client()
    response = signup(client, "guru", invite_code="staffroom-7f3c-banyan")
    assert response.status_code == 302
    assert user_row(invite_app, "guru").role == "teacher"


@pytest.mark.parametrize(
    "code", ["staffroom", "STAFFROOM-7F3C-BANYAN", "staffroom-7f3c-banyan ", "शिक्षक"]
)
def test_wrong_invite_code_is_a_form_error(invite_app, code):
    client = invite_app.test_client()
    response = signup(client, "guru", invite_code=code)
    assert response.status_code == 400
    assert "That teacher invite code is not valid." in response.get_data(as_text=True)
    assert user_row(invite_app, "guru") is None and not is_signed_in(client)


def test_invite_code_is_refused_while_teacher_sign_up_is_off(client, app):
    assert app.config["TEACHER_INVITE_CODE"] == ""
    response = signup(client, "guru", invite_code="anything")
    assert response.status_code == 400 and user_row(app, "guru") is None


def test_no_invite_code_makes_a_learner_even_when_one_is_configured(invite_app):
    client = invite_app.test_client()
    assert signup(client, "shishya").status_code == 302
    assert user_row(invite_app, "shishya").role == "learner"


# ---- Sign in and out ----------------------------------------------------------------------------


def test_a_hash_made_with_older_parameters_is_renewed_on_sign_in(
    client, app, make_user, monkeypatch
):
    make_user("ravi")  # hashed with the cheap parameters
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    monkeypatch.setattr(auth_services, "_hasher", stronger)
    assert stronger.check_needs_rehash(user_row(app, "ravi").password_hash)
    assert login(client, "ravi").status_code == 302
    renewed = user_row(app, "ravi").password_hash
    assert renewed.startswith("$argon2id$") and not stronger.check_needs_rehash(renewed)
    assert login(app.test_client(), "ravi").status_code == 302


def test_login_then_go_to_next(client, make_user):
    make_user("ravi")
    response = login(client, "RAVI", next_url="/passages/" + SLUG + "?mode=hi")
    assert response.status_code == 302
    assert response.location == "/passages/" + SLUG + "?mode=hi"
    assert is_signed_in(client)


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_login_next_is_never_an_open_redirect(client, make_user, target):
    make_user("ravi")
    assert login(client, "ravi", next_url=target).location == "/"


def test_account_pages_send_anonymous_visitors_to_login_and_back(client, make_user):
    make_user("ravi")
    response = client.get("/account")
    assert response.status_code == 302
    assert response.location == "/login?next=/account"
    page = client.get(response.location).get_data(as_text=True)
    assert "Please sign in to see this page." in page
    assert 'name="next" type="hidden" value="/account"' in page
    assert login(client, "ravi", next_url="/account").location == "/account"


def test_a_post_to_an_account_action_while_signed_out_comes_back_to_the_page(client):
    token = csrf(client)
    response = client.post("/account/tokens", data={"csrf_token": token})
    assert response.status_code == 302 and response.location == "/login?next=/account"


def test_wrong_password_and_unknown_user_look_the_same(client, make_user):
    make_user("ravi")
    wrong = login(client, "ravi", "not the password")
    unknown = login(client, "nobody-here", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        assert "Wrong username or password." in response.get_data(as_text=True)
    assert not is_signed_in(client)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "ravi"},
        {"password": PASSWORD},
        {"username": "x" * 100_000, "password": PASSWORD},
        {"username": "ravi", "password": "p" * 100_000},
        {"username": "\u202e\u0000\ufffe", "password": "\ud7ff"},
        {"username": "ravi", "password": PASSWORD, "next": "x" * 10_000},
    ],
)
def test_login_bad_input_never_500(client, make_user, data):
    make_user("ravi")
    response = client.post("/login", data={**data, "csrf_token": csrf(client)})
    assert 400 <= response.status_code < 500 or response.status_code == 302


def test_logout_is_a_post_and_ends_the_session(client, make_user):
    user = make_user("ravi")
    sign_in(client, user)
    page = client.get("/logout")  # the page cached pages link to
    assert page.status_code == 200 and 'action="/logout"' in page.get_data(as_text=True)
    assert is_signed_in(client)
    response = client.post("/logout", data={"csrf_token": csrf(client, "/account")})
    assert response.status_code == 302 and response.location == "/"
    assert not is_signed_in(client)
    assert "Sign in" in client.get("/").get_data(as_text=True)


# ---- Throttling per account ---------------------------------------------------------------------


def _fail(client, username: str, times: int) -> list[int]:
    return [login(client, username, "wrong password").status_code for _ in range(times)]


def test_ten_failures_block_the_account_even_for_the_right_password(
    client, app, make_user, clock, monkeypatch
):
    make_user("ravi")
    assert _fail(client, "ravi", 9) == [401] * 9
    assert user_row(app, "ravi").login_blocked_until is None  # nine cost nothing
    assert _fail(client, "ravi", 1) == [401]  # the tenth blocks for a second

    checked = []
    real_verify = auth_services._verify
    monkeypatch.setattr(auth_services, "_verify", lambda *a: checked.append(1) or real_verify(*a))
    blocked = login(client, "ravi")  # the right password, refused unchecked
    assert blocked.status_code == 429 and checked == []
    assert blocked.headers["Retry-After"] == "1"
    html = blocked.get_data(as_text=True)
    assert "Too many failed sign-ins for this account. Try again in 1 second." in html
    assert not is_signed_in(client)

    clock.advance(1.01)
    assert login(client, "ravi").status_code == 302 and checked == [1]
    row = user_row(app, "ravi")
    assert row.failed_logins == 0 and row.login_blocked_until is None


def test_the_delay_doubles_and_is_shown_in_minutes_when_long(client, app, make_user, clock):
    make_user("ravi")
    _fail(client, "ravi", 10)
    for expected in (2, 4, 8):
        clock.advance(expected / 2)  # the last block has just run out
        assert _fail(client, "ravi", 1) == [401]
        row = user_row(app, "ravi")
        assert row.login_blocked_until - clock.now == timedelta(seconds=expected)
    with app.app_context():
        db.session.query(User).filter_by(username="ravi").update({"failed_logins": 30})
        db.session.commit()
    clock.advance(8)
    _fail(client, "ravi", 1)
    response = login(client, "ravi")
    assert response.status_code == 429 and response.headers["Retry-After"] == "900"
    assert "Try again in 15 minutes." in response.get_data(as_text=True)


def test_throttling_is_per_account_not_per_address(client, app, make_user, clock):
    make_user("ravi")
    make_user("meera")
    _fail(client, "ravi", 10)
    assert login(client, "ravi").status_code == 429
    # Same client, same address: another learner in the class signs in as usual.
    other = app.test_client()
    assert login(other, "meera").status_code == 302


def test_unknown_usernames_are_throttled_exactly_as_known_ones(app, make_user, clock):
    """Finding 2 of the security issue: a 429 used to tell a real username from an unknown
    one (401 forever). Now both answer the same, throttle and waiting time included."""
    make_user("ravi")
    known, unknown = app.test_client(), app.test_client()
    for _round in range(3):
        a, b = login(known, "ravi", "wrong password"), login(unknown, "nobody", "wrong password")
        assert (a.status_code, a.headers.get("Retry-After")) == (
            b.status_code,
            b.headers.get("Retry-After"),
        )
    assert _fail(known, "ravi", 9) == _fail(unknown, "nobody", 9)
    a, b = login(known, "ravi"), login(unknown, "nobody")
    assert a.status_code == b.status_code == 429
    assert a.headers["Retry-After"] == b.headers["Retry-After"]


def test_a_strangers_guesses_do_not_lock_out_a_browser_that_signed_in_before(
    client, app, make_user, clock
):
    """OWASP's device cookies: the learner's own browser got one when it signed in, so it
    is throttled on its own count; every other client shares the account's."""
    make_user("ravi")
    assert login(client, "ravi").status_code == 302  # the learner's browser: trusted now
    client.post("/logout", data={"csrf_token": csrf(client, "/logout")})
    stranger = app.test_client()
    _fail(stranger, "ravi", 12)
    assert login(stranger, "ravi").status_code == 429  # the right password, from elsewhere
    assert login(client, "ravi").status_code == 302  # not from the learner's own browser
    # The trusted browser's own wrong guesses throttle that browser alone.
    client.post("/logout", data={"csrf_token": csrf(client, "/logout")})
    assert _fail(client, "ravi", 10) == [401] * 10
    assert login(client, "ravi").status_code == 429


def test_a_device_cookie_for_another_account_or_forged_is_ignored(client, app, make_user, clock):
    make_user("ravi")
    make_user("meera")
    login(client, "meera")
    client.post("/logout", data={"csrf_token": csrf(client, "/logout")})
    _fail(app.test_client(), "ravi", 12)
    assert login(client, "ravi").status_code == 429  # meera's cookie does not vouch for ravi
    for cookie in list(client._cookies.values()):
        if cookie.key.startswith("qd_"):
            client.set_cookie(cookie.key, cookie.value[:-3] + "AAA")
    assert login(client, "meera").status_code in (302, 401)  # forged: an untrusted client


def test_an_admin_unlocks_an_account_on_the_account_page(client, app, make_user, clock):
    make_user("ravi")
    admin = make_user("principal", role="admin")
    _fail(app.test_client(), "ravi", 12)
    assert login(app.test_client(), "ravi").status_code == 429
    learner = app.test_client()
    sign_in(learner, make_user("meera"))
    assert "unlock-username" not in learner.get("/account").get_data(as_text=True)
    refused = learner.post(
        "/account/unlock",
        data={"unlock-csrf_token": csrf(learner, "/account"), "unlock-username": "ravi"},
    )
    assert refused.status_code == 403
    sign_in(client, admin)
    done = client.post(
        "/account/unlock",
        data={"unlock-csrf_token": csrf(client, "/account"), "unlock-username": "ravi"},
    )
    assert done.status_code == 302
    assert "ravi can sign in again." in client.get("/account").get_data(as_text=True)
    assert login(app.test_client(), "ravi").status_code == 302


def test_an_admin_unlocks_an_account_from_the_command_line(app, make_user, db_path):
    make_user("ravi")
    _fail(app.test_client(), "ravi", 12)
    assert login(app.test_client(), "ravi").status_code == 429
    done = run_flask("unlock-user", "ravi", db_path=db_path)
    assert done.returncode == 0 and "Unlocked 'ravi'" in done.stdout
    assert login(app.test_client(), "ravi").status_code == 302
    again = run_flask("unlock-user", "ravi", db_path=db_path)
    assert "was not locked" in again.stdout


def test_token_endpoint_is_throttled_with_429_and_retry_after(client, app, make_user, clock):
    make_user("ravi")
    body = {"username": "ravi", "password": "wrong password"}
    codes = [client.post("/api/v1/tokens", json=body).status_code for _ in range(10)]
    assert codes == [401] * 10
    blocked = client.post("/api/v1/tokens", json={"username": "ravi", "password": PASSWORD})
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "1"
    assert blocked.get_json()["error"] == "LoginThrottled"
    assert "Try again in 1 second." in blocked.get_json()["message"]
    # The form and the API share one counter.
    assert login(client, "ravi").status_code == 429
    clock.advance(2)
    ok = client.post("/api/v1/tokens", json={"username": "ravi", "password": PASSWORD})
    assert ok.status_code == 201


def test_concurrent_failures_are_all_counted(app, make_user):
    make_user("ravi")
    errors = []

    def guess():
        with app.app_context():
            try:
                authenticate("ravi", "wrong password")
            except auth_services.InvalidCredentials:
                pass
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)

    threads = [threading.Thread(target=guess) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert user_row(app, "ravi").failed_logins == 6


def test_parallel_guesses_on_a_blocked_account_get_one_check_per_delay(app, make_user, clock):
    make_user("ravi")
    with app.app_context():
        db.session.query(User).filter_by(username="ravi").update({"failed_logins": 9})
        db.session.commit()
    outcomes = []

    def guess():
        with app.app_context():
            try:
                authenticate("ravi", "wrong password")
            except auth_services.LoginThrottled:
                outcomes.append("throttled")
            except auth_services.InvalidCredentials:
                outcomes.append("checked")

    threads = [threading.Thread(target=guess) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["checked"] + ["throttled"] * 5


def test_a_wrong_current_password_counts_as_a_failed_sign_in(client, app, make_user, clock):
    user = make_user("ravi")
    sign_in(client, user)
    for _ in range(10):
        response = client.post(
            "/account/password",
            data={
                "password-csrf_token": csrf(client, "/account"),
                "password-current": "wrong password",
                "password-password": "a new password",
                "password-confirm": "a new password",
            },
        )
        assert response.status_code == 400
    assert "That is not your current password." in response.get_data(as_text=True)
    assert user_row(app, "ravi").failed_logins == 10
    assert login(app.test_client(), "ravi").status_code == 429
    blocked = change_password(client, "a new password")
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "1"
    assert "Try again in 1 second." in blocked.get_data(as_text=True)
    assert login(app.test_client(), "ravi", "a new password").status_code != 302


# ---- Sessions -----------------------------------------------------------------------------------


def test_session_rotates_on_login(client, app, make_user):
    make_user("ravi")
    old_token = csrf(client)
    with client.session_transaction() as flask_session:
        flask_session["left_over"] = "from before"
    before = client.get_cookie("session").value
    assert login(client, "ravi").status_code == 302
    after = client.get_cookie("session").value
    assert after != before
    with client.session_transaction() as flask_session:
        assert "left_over" not in flask_session
        assert "csrf_token" not in flask_session  # a new one is made for the next form
    # The CSRF token from before signing in no longer works.
    response = client.post("/account/tokens", data={"token-csrf_token": old_token})
    assert response.status_code == 400
    assert csrf(client, "/account") != old_token


def test_changing_the_password_ends_other_sessions_and_keeps_this_one(client, app, make_user):
    make_user("ravi")
    login(client, "ravi")
    stolen = client.get_cookie("session").value  # a copy taken before the change
    elsewhere = app.test_client()
    login(elsewhere, "ravi")
    response = change_password(client, "a brand new password")
    assert response.status_code == 302 and response.location == "/account"
    assert "Password changed." in client.get("/account").get_data(as_text=True)
    assert not is_signed_in(elsewhere)
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/account").status_code == 302
    assert login(app.test_client(), "ravi").status_code == 401
    assert login(app.test_client(), "ravi", "a brand new password").status_code == 302


def test_sign_out_everywhere(client, app, make_user):
    make_user("ravi")
    login(client, "ravi")
    elsewhere = app.test_client()
    login(elsewhere, "ravi")
    copy = client.get_cookie("session").value
    response = client.post(
        "/account/sign-out-everywhere", data={"everywhere-csrf_token": csrf(client, "/account")}
    )
    assert response.status_code == 302 and response.location == "/login"
    assert "You are signed out on every device." in client.get("/login").get_data(as_text=True)
    assert not is_signed_in(client) and not is_signed_in(elsewhere)
    thief = app.test_client()
    thief.set_cookie("session", copy)
    assert not is_signed_in(thief)


def test_a_copy_of_the_cookie_signs_no_one_in_after_signing_out(client, app, make_user):
    """Finding 5 of the security issue: signing out left the old cookie valid."""
    make_user("ravi")
    login(client, "ravi")
    copy = client.get_cookie("session").value
    elsewhere = app.test_client()
    login(elsewhere, "ravi")
    response = client.post("/logout", data={"csrf_token": csrf(client, "/logout")})
    assert response.status_code == 302 and not is_signed_in(client)
    thief = app.test_client()
    thief.set_cookie("session", copy)
    assert not is_signed_in(thief)
    assert is_signed_in(elsewhere)  # only this browser signed out


def _api_token(app, username: str) -> str:
    with app.app_context():
        return issue_token(user_row(app, username), "script")


@pytest.mark.parametrize("revoke", [True, False])
def test_a_password_change_revokes_the_api_tokens_unless_kept(client, app, make_user, revoke):
    make_user("ravi")
    login(client, "ravi")
    token = _api_token(app, "ravi")
    assert client.get("/api/v1/tokens", headers=bearer(token)).status_code == 200
    form = client.get("/account").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="password-revoke_tokens"', form)  # on by default
    response = change_password(client, **({"password-revoke_tokens": "y"} if revoke else {}))
    assert response.status_code == 302
    expected = 401 if revoke else 200
    assert client.get("/api/v1/tokens", headers=bearer(token)).status_code == expected


@pytest.mark.parametrize("revoke", [True, False])
def test_signing_out_everywhere_revokes_the_api_tokens_unless_kept(client, app, make_user, revoke):
    make_user("ravi")
    login(client, "ravi")
    token = _api_token(app, "ravi")
    data = {"everywhere-csrf_token": csrf(client, "/account")}
    if revoke:
        data["everywhere-revoke_tokens"] = "y"
    assert client.post("/account/sign-out-everywhere", data=data).status_code == 302
    expected = 401 if revoke else 200
    assert app.test_client().get("/api/v1/tokens", headers=bearer(token)).status_code == expected


# ---- CSRF on every account form -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "data", "signed_in"),
    [
        ("/signup", {"username": "newname", "password": PASSWORD, "confirm": PASSWORD}, False),
        ("/login", {"username": "ravi", "password": PASSWORD}, False),
        ("/logout", {}, True),
        ("/account/language", {"language-locale": "hi"}, True),
        (
            "/account/password",
            {
                "password-current": PASSWORD,
                "password-password": "another password",
                "password-confirm": "another password",
            },
            True,
        ),
        ("/account/sign-out-everywhere", {}, True),
        ("/account/tokens", {"token-name": "script"}, True),
        ("/account/users", {"user-username": "newname", "user-password": PASSWORD}, True),
    ],
)
@pytest.mark.parametrize("token", [None, "forged-token"])
def test_account_forms_refuse_posts_without_a_valid_csrf_token(
    client, app, make_user, path, data, signed_in, token
):
    user = make_user("ravi", role="admin")
    if signed_in:
        sign_in(client, user)
    nonce = user_row(app, "ravi").session_nonce
    if token is not None:
        data = {**data, "csrf_token": token}
    response = client.post(path, data=data)
    assert response.status_code == 400
    row = user_row(app, "ravi")
    assert row.session_nonce == nonce and row.locale == "" and row.failed_logins == 0
    assert user_count(app) == 2 and is_signed_in(client) is signed_in
    with app.app_context():
        assert db.session.query(ApiToken).count() == 0


def test_revoking_needs_a_csrf_token(client, app, make_user):
    user = make_user("ravi")
    with app.app_context():
        issue_token(user, "script")
        token_id = db.session.query(ApiToken).one().id
    sign_in(client, user)
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 400
    with app.app_context():
        assert db.session.get(ApiToken, token_id).revoked_at is None


# ---- Guest attempts move into the account -------------------------------------------------------


def _guest_attempt(client, app) -> int:
    with app.app_context():
        set_id = db.session.query(QuestionSet).order_by(QuestionSet.id).first().id
    response = client.post(f"/sets/{set_id}/start", data={"csrf_token": csrf(client, "/")})
    assert response.status_code == 302
    return int(response.location.rsplit("/", 1)[1])


def _owner(app, attempt_id: int) -> tuple[int | None, str | None]:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        return attempt.user_id, attempt.guest_key


def test_guest_attempts_move_into_the_account_made_on_sign_up(client, app):
    attempt_id = _guest_attempt(client, app)
    assert _owner(app, attempt_id)[1] is not None
    assert signup(client, "asha").status_code == 302
    assert _owner(app, attempt_id) == (user_row(app, "asha").id, None)
    assert client.get(f"/attempts/{attempt_id}").status_code == 200
    with client.session_transaction() as flask_session:
        assert "guest_key" not in flask_session


def test_guest_attempts_move_into_the_account_signed_in(client, app, make_user):
    user = make_user("ravi")
    attempt_id = _guest_attempt(client, app)
    assert login(client, "ravi").status_code == 302
    assert _owner(app, attempt_id) == (user.id, None)
    assert client.get(f"/attempts/{attempt_id}").status_code == 200


def test_a_failed_login_leaves_guest_attempts_with_the_guest(client, app, make_user):
    make_user("ravi")
    attempt_id = _guest_attempt(client, app)
    login(client, "ravi", "wrong password")
    assert _owner(app, attempt_id)[0] is None
    assert client.get(f"/attempts/{attempt_id}").status_code == 200


# ---- Interface language -------------------------------------------------------------------------


def test_saving_the_language_sets_the_account_and_the_cookie(client, app, make_user):
    user = make_user("ravi")
    sign_in(client, user)
    response = client.post(
        "/account/language",
        data={"language-csrf_token": csrf(client, "/account"), "language-locale": "hi"},
    )
    assert response.status_code == 302
    assert "lang=hi" in response.headers["Set-Cookie"]
    assert user_row(app, "ravi").locale == "hi"
    page = client.get("/account").get_data(as_text=True)
    assert '<html lang="hi">' in page


def test_signing_in_brings_the_accounts_language(client, app, make_user):
    user = make_user("ravi")
    with app.app_context():
        db.session.query(User).filter_by(id=user.id).update({"locale": "hi"})
        db.session.commit()
    client.set_cookie("lang", "en")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    login(client, "ravi", "correct horse 1")
    assert '<html lang="hi">' in client.get("/").get_data(as_text=True)


def test_the_headers_switch_changes_this_browser_not_the_account(client, app, make_user):
    """The switch is a link any site could make a browser follow (GET): it sets the cookie
    only. Saving to the account is the account page's form, a POST with a CSRF token."""
    user = make_user("ravi")
    sign_in(client, user)
    client.get("/language/hi?next=/")
    assert '<html lang="hi">' in client.get("/").get_data(as_text=True)
    assert user_row(app, "ravi").locale == ""
    forged = client.post("/account/language", data={"language-locale": "hi"})
    assert forged.status_code == 400 and user_row(app, "ravi").locale == ""
    saved = client.post(
        "/account/language",
        data={"language-csrf_token": csrf(client, "/account"), "language-locale": "hi"},
    )
    assert saved.status_code == 302 and user_row(app, "ravi").locale == "hi"
    other_browser = app.test_client()
    login(other_browser, "ravi", "correct horse 1")
    assert '<html lang="hi">' in other_browser.get("/").get_data(as_text=True)


@pytest.mark.parametrize("locale", ["fr", "", "hi\x00", "x" * 5000])
def test_unknown_languages_are_refused(client, app, make_user, locale):
    sign_in(client, make_user("ravi"))
    response = client.post(
        "/account/language",
        data={"language-csrf_token": csrf(client, "/account"), "language-locale": locale},
    )
    assert response.status_code == 400 and user_row(app, "ravi").locale == ""


# ---- API tokens in the account page -------------------------------------------------------------


def test_create_use_list_and_revoke_a_token_in_the_account_page(client, app, make_user):
    sign_in(client, make_user("ravi"))
    created = client.post(
        "/account/tokens",
        data={"token-csrf_token": csrf(client, "/account"), "token-name": "grading script"},
    )
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    token = re.search(r'id="new-token" type="text" value="(qz_[^"]+)"', created.text).group(1)
    assert "it is shown only this once" in created.text

    listed = client.get("/account").get_data(as_text=True)
    assert "grading script" in listed and token not in listed and "Never used" in listed
    assert client.get("/api/v1/question-sets", headers=bearer(token)).status_code == 200
    assert "Last used" in client.get("/account").get_data(as_text=True)

    with app.app_context():
        token_id = db.session.query(ApiToken).one().id
    revoked = client.post(
        f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf(client, "/account")}
    )
    assert revoked.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert "Token “grading script” revoked." in page and "Revoked" in page
    assert client.get("/api/v1/question-sets", headers=bearer(token)).status_code == 401


def test_someone_elses_token_cannot_be_revoked(client, app, make_user):
    owner = make_user("meera")
    with app.app_context():
        token = issue_token(owner, "meera's script")
        token_id = db.session.query(ApiToken).one().id
    sign_in(client, make_user("ravi"))
    for target in (token_id, 999_999):
        response = client.post(
            f"/account/tokens/{target}/revoke", data={"csrf_token": csrf(client, "/account")}
        )
        assert response.status_code == 404
    assert "meera&#39;s script" not in client.get("/account").get_data(as_text=True)
    assert client.get("/api/v1/tokens", headers=bearer(token)).status_code == 200


def test_a_token_name_that_is_too_long_is_a_form_error(client, make_user):
    sign_in(client, make_user("ravi"))
    response = client.post(
        "/account/tokens",
        data={"token-csrf_token": csrf(client, "/account"), "token-name": "n" * 81},
    )
    assert response.status_code == 400 and "Use at most 80 characters." in response.text


# ---- API tokens over the API --------------------------------------------------------------------


def test_list_and_revoke_tokens_over_the_api(client, app, make_user):
    ravi, meera = make_user("ravi"), make_user("meera")
    with app.app_context():
        first = issue_token(ravi, "laptop")
        second = issue_token(ravi, "phone")
        theirs = issue_token(meera, "meera")
    listed = client.get("/api/v1/tokens", headers=bearer(first))
    assert listed.status_code == 200
    tokens = listed.get_json()["tokens"]
    assert [t["name"] for t in tokens] == ["phone", "laptop"]
    assert all(set(t) == {"id", "name", "created_at", "last_used_at", "revoked_at"} for t in tokens)
    assert first not in listed.text and second not in listed.text
    assert tokens[1]["last_used_at"] is not None and tokens[1]["created_at"].endswith("+00:00")

    phone_id = tokens[0]["id"]
    revoked = client.delete(f"/api/v1/tokens/{phone_id}", headers=bearer(first))
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"]
    # At once: the very next request with it is refused.
    refused = client.get("/api/v1/tokens", headers=bearer(second))
    assert refused.status_code == 401 and refused.get_json()["error"] == "Unauthorized"
    # Revoking again changes nothing.
    again = client.delete(f"/api/v1/tokens/{phone_id}", headers=bearer(first))
    assert again.get_json()["revoked_at"] == revoked.get_json()["revoked_at"]

    with app.app_context():
        their_id = db.session.query(ApiToken).filter_by(name="meera").one().id
    assert client.delete(f"/api/v1/tokens/{their_id}", headers=bearer(first)).status_code == 404
    assert client.delete("/api/v1/tokens/999999", headers=bearer(first)).status_code == 404
    assert client.get("/api/v1/tokens", headers=bearer(theirs)).status_code == 200


def test_a_token_can_revoke_itself(client, app, make_user):
    with app.app_context():
        token = issue_token(make_user("ravi"), "one-off")
    own_id = client.get("/api/v1/tokens", headers=bearer(token)).get_json()["tokens"][0]["id"]
    assert client.delete(f"/api/v1/tokens/{own_id}", headers=bearer(token)).status_code == 200
    assert client.get("/api/v1/tokens", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/v1/tokens"), ("delete", "/api/v1/tokens/1")],
)
def test_token_routes_need_a_token(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 401 and response.get_json()["error"] == "Unauthorized"


def test_last_used_is_written_at_most_once_a_minute(client, app, make_user, clock):
    with app.app_context():
        token = issue_token(make_user("ravi"), "script")

    def last_used():
        with app.app_context():
            return db.session.query(ApiToken).one().last_used_at

    client.get("/api/v1/tokens", headers=bearer(token))
    first = last_used()
    clock.advance(30)
    client.get("/api/v1/tokens", headers=bearer(token))
    assert last_used() == first
    clock.advance(31)
    client.get("/api/v1/tokens", headers=bearer(token))
    assert last_used() > first


# ---- Admins make accounts -----------------------------------------------------------------------


def test_an_admin_makes_a_teacher_account(client, app, make_user):
    sign_in(client, make_user("root", role="admin"))
    page = client.get("/account").get_data(as_text=True)
    assert "Make an account (admins)" in page
    data = {
        "user-csrf_token": csrf(client, "/account"),
        "user-username": "guru",
        "user-password": PASSWORD,
        "user-role": "teacher",
    }
    response = client.post("/account/users", data=data)
    assert response.status_code == 302
    assert user_row(app, "guru").role == "teacher"
    assert "Account guru created (Teacher)." in client.get("/account").get_data(as_text=True)
    again = client.post("/account/users", data={**data, "user-username": "GURU"})
    assert again.status_code == 400 and "That username is taken" in again.text
    odd = client.post("/account/users", data={**data, "user-role": "wizard"})
    assert odd.status_code == 400


@pytest.mark.parametrize("role", ["learner", "teacher"])
def test_only_admins_make_accounts(client, app, make_user, role):
    sign_in(client, make_user("ravi", role=role))
    assert "Make an account (admins)" not in client.get("/account").get_data(as_text=True)
    response = client.post(
        "/account/users",
        data={
            "user-csrf_token": csrf(client, "/account"),
            "user-username": "sneaky",
            "user-password": PASSWORD,
            "user-role": "admin",
        },
    )
    assert response.status_code == 403 and user_row(app, "sneaky") is None


# ---- The header ---------------------------------------------------------------------------------


def test_header_links_for_guests_and_users(client, make_user):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/login?next=/"' in home and 'href="/signup"' in home
    sign_in(client, make_user("ravi"))
    home = client.get("/").get_data(as_text=True)
    assert 'href="/account"' in home and 'action="/logout"' in home
    assert 'href="/signup"' not in home


def test_cached_reader_pages_carry_nothing_personal(client, app, make_user):
    reader = f"/passages/{SLUG}"
    anonymous = client.get(reader).get_data(as_text=True)
    assert 'href="/signup"' in anonymous
    signed_in = app.test_client()
    sign_in(signed_in, make_user("zqxw-reader"))
    page = signed_in.get(reader).get_data(as_text=True)
    assert 'href="/account"' in page and 'href="/logout"' in page
    assert "csrf_token" not in page and "zqxw-reader" not in page
    # ... and the anonymous version is still served to anonymous visitors.
    assert 'href="/signup"' in app.test_client().get(reader).get_data(as_text=True)


def test_create_user_cli_makes_an_admin_who_can_sign_in(client, db_path):
    made = run_flask(
        "create-user",
        "--role",
        "admin",
        "--username",
        "boss",
        "--password",
        PASSWORD,
        db_path=db_path,
    )
    assert made.returncode == 0, made.stderr
    assert login(client, "boss").status_code == 302
    assert "Make an account (admins)" in client.get("/account").get_data(as_text=True)
