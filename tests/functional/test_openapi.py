"""The generated OpenAPI document: valid, a fresh copy per call, enums from the registry, and a
checker (tests/openapi_check.py) that really fails a response the document does not describe."""

import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from quizapp.api import routes as api_routes
from quizapp.api.openapi import openapi_document
from quizapp.api.schemas import AnswerRequest, TokenRequest
from quizapp.attempts.models import Answer
from quizapp.auth.models import ApiToken
from quizapp.auth.services import create_user, issue_token
from quizapp.core.grading import QUESTION_TYPES
from quizapp.extensions import db
from quizapp.questions.models import SKILLS, QuestionSet
from tests.conftest import SLUG
from tests.openapi_check import OpenAPICheckingClient, response_problems

SUBMIT = "/api/v1/attempts/{id}/submit"
PASSWORD = "kite river 42"


def _bearer(app, username: str, role: str = "learner") -> dict:
    with app.app_context():
        return {
            "Authorization": f"Bearer {issue_token(create_user(username, 'kite river 42', role))}"
        }


@pytest.fixture
def learner(app):
    return _bearer(app, "learner1")


def _start(client, app, learner) -> dict:
    with app.app_context():
        set_id = db.session.query(QuestionSet).filter_by(status="published").first().id
    started = client.post(f"/api/v1/question-sets/{set_id}/attempts", headers=learner)
    assert started.status_code == 201
    return started.get_json()


def _schema(document: dict, name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}", "components": document["components"]}


# ---- The document ------------------------------------------------------------------------------


def test_document_is_valid_openapi_3_1():
    document = openapi_document()
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "/api/v1"}]
    assert openapi_document(server_url="https://example.org/api/v1")["servers"] == [
        {"url": "https://example.org/api/v1"}
    ]


def test_each_call_returns_an_independent_copy():
    first = openapi_document()
    first["paths"].clear()
    first["components"]["schemas"]["Attempt"]["required"].append("mutated")
    first["info"]["title"] = "changed"
    second = openapi_document()
    assert "/passages" in second["paths"]
    assert "mutated" not in second["components"]["schemas"]["Attempt"]["required"]
    assert second["info"]["title"] == "quizapp API"
    assert second == openapi_document()


def test_enums_come_from_the_registry():
    schemas = openapi_document()["components"]["schemas"]
    assert schemas["LearnerQuestion"]["properties"]["type"]["enum"] == list(QUESTION_TYPES)
    assert schemas["SkillStat"]["properties"]["skill"]["enum"] == list(SKILLS)


def test_submit_is_described_without_questions_and_get_with_them():
    document = openapi_document()
    submit = document["paths"]["/attempts/{attempt_id}/submit"]["post"]["responses"]["200"]
    schema = submit["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "questions" not in document["components"]["schemas"][schema]["properties"]
    get = document["paths"]["/attempts/{attempt_id}"]["get"]["responses"]["200"]
    assert get["content"]["application/json"]["schema"]["$ref"].endswith("/Attempt")
    assert "questions" in document["components"]["schemas"]["Attempt"]["required"]


def test_request_bodies_are_the_models_the_routes_parse():
    paths = openapi_document()["paths"]
    body = paths["/attempts/{attempt_id}/answers/{question_id}"]["put"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["$ref"].endswith("/AnswerRequest")
    token = paths["/tokens"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert token["$ref"].endswith("/TokenRequest")
    assert AnswerRequest.model_validate({"answer": [2, 0, 1]}).answer == [2, 0, 1]
    assert TokenRequest.model_validate({"username": "a", "password": "b"}).name == "api"


# ---- Responses as the API sends them -----------------------------------------------------------


def test_the_test_client_checks_api_responses(client):
    assert isinstance(client, OpenAPICheckingClient)


def test_submit_response_validates(client, app, learner):
    attempt = _start(client, app, learner)
    question = attempt["questions"][0]
    saved = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}",
        json={"answer": None},
        headers=learner,
    )
    assert saved.status_code == 200
    done = client.post(SUBMIT.format(id=attempt["id"]), headers=learner)
    again = client.post(SUBMIT.format(id=attempt["id"]), headers=learner)
    document = openapi_document()
    for response in (done, again):
        assert response.status_code == 200
        body = response.get_json()
        assert "questions" not in body and body["state"] == "submitted"
        errors = list(Draft202012Validator(_schema(document, "AttemptResult")).iter_errors(body))
        assert not errors, errors[:3]
    reread = client.get(f"/api/v1/attempts/{attempt['id']}", headers=learner).get_json()
    assert reread["questions"] and reread["score"] == done.get_json()["score"]


def test_a_wrong_response_fails_the_test_that_made_it(client, monkeypatch):
    """The wiring in conftest: a serializer that drifts from the document breaks its tests."""
    monkeypatch.setattr(api_routes, "passage_summary", lambda passage: {"slug": passage.slug})
    with pytest.raises(AssertionError, match="GET /api/v1/passages -> 200"):
        client.get("/api/v1/passages")


# ---- The checker itself ------------------------------------------------------------------------

RESULT = {
    "id": 7,
    "state": "submitted",
    "question_set_id": 1,
    "retry_of": None,
    "started_at": "2025-01-02T10:00:00+00:00",
    "deadline_at": None,
    "submitted_at": "2025-01-02T10:05:00+00:00",
    "finished_by": "submitted",
    "answers": {"3": 1},
    "score": 1.0,
    "max_score": 2.0,
    "results": None,
}


def _problems(app, body, *, method="POST", path="/api/v1/attempts/7/submit", status=200):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return response_problems(app.url_map, method, path, status, "application/json", raw)


def test_checker_passes_a_response_as_documented(app):
    assert _problems(app, RESULT) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"score": "1"}, "score: '1' is not of type 'number'"),
        ({"state": "in_progress"}, "state: 'submitted' was expected"),
        ({"submitted_at": "yesterday"}, "submitted_at"),
        ({"max_score": None}, "max_score: None is not of type 'number'"),
        ({"questions": []}, "'questions' was unexpected"),
        ({"undocumented": 1}, "'undocumented' was unexpected"),
    ],
)
def test_checker_catches_a_wrong_body(app, change, expected):
    problems = _problems(app, {**RESULT, **change})
    assert any(expected in problem for problem in problems), problems


def test_checker_catches_a_missing_field(app):
    body = {key: value for key, value in RESULT.items() if key != "results"}
    assert any("'results' is a required property" in p for p in _problems(app, body))


def test_checker_catches_an_undocumented_status(app):
    (problem,) = _problems(app, {"error": "I'm a teapot", "message": "No."}, status=418)
    assert "status 418 is not documented" in problem


def test_checker_catches_a_body_that_is_not_json_or_not_json_typed(app):
    assert _problems(app, b"<html>") == ["the body is not JSON"]
    problems = response_problems(
        app.url_map, "POST", "/api/v1/attempts/7/submit", 200, "text/html", b"{}"
    )
    assert "content type 'text/html' is not documented" in problems[0]


def test_checker_knows_routes_and_generic_errors(app):
    error = {"error": "Not Found", "message": "No."}
    assert _problems(app, error, method="GET", path="/api/v1/nope", status=404) == []
    assert _problems(app, {"oops": 1}, method="GET", path="/api/v1/nope", status=404)
    assert _problems(app, error, method="GET", path="/api/v1/nope", status=200)
    not_allowed = {"error": "Method Not Allowed", "message": "No."}
    assert _problems(app, not_allowed, method="DELETE", path="/api/v1/passages", status=405) == []
    passage = f"/api/v1/passages/{SLUG}"
    assert _problems(app, b"", method="GET", path=passage, status=304) == []
    assert _problems(app, b"", method="HEAD", path=passage, status=200) == []


# ---- Bad request bodies ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message", "location"),
    [
        ({"username": 5, "password": PASSWORD}, "as strings", "username"),
        ({"password": PASSWORD}, "Give username and password as strings.", "username"),
        ({"username": "k" * 201, "password": PASSWORD}, "is too long", "username"),
        ({"username": "kavya", "password": "p" * 1001}, "is too long", "password"),
        ({"username": "kavya", "password": PASSWORD, "name": ["x"]}, "as strings", "name"),
    ],
)
def test_bad_token_requests_are_400_with_details_and_issue_nothing(
    client, app, body, message, location
):
    with app.app_context():
        create_user("kavya", PASSWORD)
    response = client.post("/api/v1/tokens", json=body)
    assert response.status_code == 400
    data = response.get_json()
    assert message in data["message"]
    assert location in [detail["location"] for detail in data["details"]]
    assert all(detail["message"] and detail["type"] for detail in data["details"])
    with app.app_context():
        assert db.session.query(ApiToken).count() == 0


@pytest.mark.parametrize("body", [{"wrong": 1}, {"answers": 1}, {}])
def test_an_answer_without_answer_is_400_with_details_and_saves_nothing(client, app, learner, body):
    attempt = _start(client, app, learner)
    question = attempt["questions"][0]
    url = f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}"
    response = client.put(url, json=body, headers=learner)
    assert response.status_code == 400
    data = response.get_json()
    assert data["message"] == 'Give the answer as {"answer": ...}.'
    assert data["details"] == [
        {"location": "answer", "message": "Field required", "type": "missing"}
    ]
    with app.app_context():
        assert db.session.query(Answer).filter_by(attempt_id=attempt["id"]).count() == 0


def test_a_preview_without_answer_is_400_with_details(client, app):
    teacher = _bearer(app, "teacher1", "teacher")
    response = client.post("/api/v1/questions/1/preview", json={"anwser": 1}, headers=teacher)
    assert response.status_code == 400
    assert response.get_json()["details"][0]["location"] == "answer"
