"""Users, Argon2id hashes, look-alike usernames and API tokens over real requests."""

import pytest

from quizapp.auth.models import ApiToken, User
from quizapp.auth.services import (
    InvalidCredentials,
    UserExists,
    authenticate,
    create_user,
    issue_token,
    user_for_token,
    username_key,
)
from quizapp.exceptions import DomainError
from quizapp.extensions import db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Asha", "asha"),
        ("asha", "as\u200bha"),  # zero-width space
        ("asha", "\u202easha"),  # bidi override
        ("asha", "ａｓｈａ"),  # full-width letters
        ("आशा", "आशा\u200d"),  # ZWJ
        ("Straße", "strasse"),
    ],
)
def test_look_alike_usernames_share_a_key(a, b):
    assert username_key(a) == username_key(b)


def test_usernames_that_differ_keep_different_keys():
    assert username_key("asha") != username_key("usha")
    assert username_key("कम") != username_key("काम")


@pytest.mark.production_hashes  # the app's own parameters (other tests hash cheaply)
def test_create_user_hashes_with_argon2id(app_ctx):
    user = create_user("teacher1", "correct horse", "teacher")
    assert user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash
    assert authenticate("TEACHER1", "correct horse").id == user.id


def test_look_alike_cannot_register_twice(app_ctx):
    create_user("asha", "kite river 42")
    with pytest.raises(UserExists):
        create_user("ASHA\u200b", "kite river 42")
    assert db.session.query(User).filter(User.username_key == "asha").count() == 1


@pytest.mark.parametrize(
    ("username", "password", "role"),
    [
        ("ab", "kite river 42", "learner"),
        ("ok-name", "short", "learner"),
        ("ok-name", "kite river 42", "wizard"),
        ("bad name!", "kite river 42", "learner"),
    ],
)
def test_create_user_rejects_bad_input_clearly(app_ctx, username, password, role):
    with pytest.raises(DomainError) as error:
        create_user(username, password, role)
    assert error.value.message


def test_wrong_password_and_unknown_user_look_the_same(app_ctx):
    create_user("ravi", "kite river 42")
    with pytest.raises(InvalidCredentials) as wrong:
        authenticate("ravi", "nope")
    with pytest.raises(InvalidCredentials) as unknown:
        authenticate("nobody", "nope")
    assert wrong.value.message == unknown.value.message


def test_tokens_are_stored_hashed_and_can_be_revoked(app_ctx):
    user = create_user("meera", "kite river 42", "teacher")
    token = issue_token(user, "script")
    stored = db.session.query(ApiToken).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert user_for_token(token).id == user.id
    stored.revoked_at = stored.created_at
    db.session.commit()
    assert user_for_token(token) is None
    assert user_for_token("") is None and user_for_token("x" * 10_000) is None


def test_token_endpoint(client, app):
    with app.app_context():
        create_user("kavya", "kite river 42", "teacher")
    response = client.post(
        "/api/v1/tokens", json={"username": "kavya", "password": "kite river 42"}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["token"].startswith("qz_")
    listed = client.get(
        "/api/v1/question-sets", headers={"Authorization": f"Bearer {body['token']}"}
    )
    assert listed.status_code == 200


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"username": "kavya", "password": "wrong"}}, 401),
        ({"json": {"username": "nobody", "password": "kite river 42"}}, 401),
        ({"json": {"username": "kavya"}}, 400),
        ({"json": {"username": 5, "password": ["x"]}}, 400),
        ({"json": ["kavya", "kite river 42"]}, 400),
        ({"data": "username=kavya", "content_type": "application/x-www-form-urlencoded"}, 400),
        ({"data": b"\xff\xfe{", "content_type": "application/json"}, 400),
        ({"json": {"username": "k" * 5000, "password": "p"}}, 400),
        ({"json": {"username": "kavya\x00", "password": "kite river 42"}}, 401),
    ],
)
def test_token_endpoint_bad_input_is_4xx_json(client, app, kwargs, status):
    with app.app_context():
        create_user("kavya", "kite river 42", "teacher")
    response = client.post("/api/v1/tokens", **kwargs)
    assert response.status_code == status
    assert set(response.get_json()) >= {"error", "message"}


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer ", "Basic abc", "Bearer " + "x" * 500])
def test_bad_bearer_tokens_are_401(client, header):
    response = client.get("/api/v1/question-sets", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.get_json()["error"] == "Unauthorized"
