"""Races a real class produces: a start button tapped twenty times at once, and a submit sent
twice in parallel (then once more), against gunicorn on SQLite or PostgreSQL."""

import threading

import pytest

from bench.class_of_40 import (
    Http,
    answer_value,
    expected_score,
    json_column,
    learner_gets_right,
    read_db,
)
from bench.class_of_40 import question_index as index_of


def parallel(count: int, call) -> list:
    """``call(n)`` in ``count`` threads released together by a barrier; results in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(n: int) -> None:
        barrier.wait()
        try:
            results[n] = call(n)
        except Exception as error:  # reported by the assertions, not lost in a thread
            results[n] = error

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def user_id(db, username: str) -> int:
    return read_db(db, 'SELECT id FROM "user" WHERE username = ?', (username,))[0][0]


@pytest.mark.slow
def test_twenty_parallel_starts_make_one_attempt(server, live_db, set_id, spare_token):
    token = spare_token(5)
    path = f"/api/v1/question-sets/{set_id}/attempts"
    replies = parallel(20, lambda _n: Http(server.url, token).request("POST", path))

    errors = [r for r in replies if not hasattr(r, "status")]
    assert errors == []
    statuses = sorted(r.status for r in replies)
    print(f"\n20 parallel starts: statuses {statuses}")
    assert set(statuses) <= {200, 201}, [(r.status, r.body[:200]) for r in replies]
    assert statuses.count(201) == 1, statuses
    assert len({r.data["id"] for r in replies}) == 1
    assert all(r.data["state"] == "in_progress" for r in replies)

    rows = read_db(
        live_db,
        "SELECT id, state FROM attempt WHERE user_id = ? AND question_set_id = ?",
        (user_id(live_db, "spare-005"), set_id),
    )
    assert rows == [(replies[0].data["id"], "in_progress")]


@pytest.mark.slow
def test_double_submit_scores_once_and_a_finished_attempt_refuses_writes(
    server, live_db, set_id, spare_token
):
    token = spare_token(6)
    plan = 6  # follows learner plan 6 of the class: a known score below full marks
    client = Http(server.url, token)
    started = client.request("POST", f"/api/v1/question-sets/{set_id}/attempts")
    assert started.status == 201, started.body[:300]
    attempt = started.data
    for question in attempt["questions"]:
        value = answer_value(question, learner_gets_right(plan, index_of(question)))
        reply = client.request(
            "PUT", f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}", {"answer": value}
        )
        assert reply.status == 200, reply.body[:300]

    submit = f"/api/v1/attempts/{attempt['id']}/submit"
    pair = parallel(2, lambda _n: Http(server.url, token).request("POST", submit))
    assert [r.status for r in pair] == [200, 200], [(r.status, r.body[:200]) for r in pair]
    row_sql = "SELECT state, score, max_score, submitted_at FROM attempt WHERE id = ?"
    after_pair = read_db(live_db, row_sql, (attempt["id"],))
    answers_sql = "SELECT question_id, value, score, result FROM answer WHERE attempt_id = ?"
    answers_after_pair = read_db(live_db, answers_sql, (attempt["id"],))
    state_after_pair = client.request("GET", f"/api/v1/attempts/{attempt['id']}").data

    third = client.request("POST", submit)
    assert third.status == 200, third.body[:300]
    assert pair[0].data == pair[1].data == third.data
    assert third.data["state"] == "submitted"
    assert third.data["score"] == expected_score(plan) < third.data["max_score"]

    assert read_db(live_db, row_sql, (attempt["id"],)) == after_pair
    assert after_pair[0][:2] == ("submitted", expected_score(plan))
    assert after_pair[0][3] is not None  # submitted_at, unchanged by the third submit
    assert read_db(live_db, answers_sql, (attempt["id"],)) == answers_after_pair
    state = client.request("GET", f"/api/v1/attempts/{attempt['id']}").data
    assert state == state_after_pair
    if "submitted_at" in state:
        assert state["submitted_at"] is not None

    # A save after the submit: 409, and the stored answer stays as it was.
    question = attempt["questions"][2]
    before = state["answers"][str(question["id"])]
    other = answer_value(question, not learner_gets_right(plan, index_of(question)))
    assert other != before
    late = client.request(
        "PUT", f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}", {"answer": other}
    )
    assert late.status == 409, (late.status, late.body[:300])
    assert client.request("GET", f"/api/v1/attempts/{attempt['id']}").data == state
    stored = read_db(
        live_db,
        "SELECT value FROM answer WHERE attempt_id = ? AND question_id = ?",
        (attempt["id"], question["id"]),
    )
    assert [json_column(v) for (v,) in stored] == [before]
    assert read_db(live_db, answers_sql, (attempt["id"],)) == answers_after_pair
