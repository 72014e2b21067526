"""40 learners at once, each starting an attempt, saving 20 answers and submitting, against
gunicorn on SQLite or PostgreSQL: no error, every acknowledged answer stored, every score
right."""

import pytest

from bench.class_of_40 import QUESTION_COUNT, Http, json_column, read_db, run_class, same_json


@pytest.mark.slow
def test_class_of_40_loses_nothing(server, live_db, set_id, class_tokens):
    # All start together, answer at a (compressed) human pace, and press submit together.
    run = run_class(server.url, set_id, class_tokens, think=(0.0, 0.05), submit_together=True)
    print()
    print(run.report())

    assert run.failures == [], f"{len(run.failures)} failures, first: {run.failures[:5]}"
    assert len({r.attempt_id for r in run.learners}) == 40
    for learner in run.learners:
        assert learner.start_status == 201, (learner.username, learner.start_status)
        assert len(learner.acked) == QUESTION_COUNT
        submit = learner.submit
        assert submit["state"] == "submitted"
        assert submit["id"] == learner.attempt_id
        assert submit["score"] == learner.expected_score, (learner.username, submit["score"])
        assert submit["max_score"] == QUESTION_COUNT
        assert len(submit["results"]) == QUESTION_COUNT

    # Through the API: every acknowledged answer, as acknowledged, and the same score.
    submit_times = {r.attempt_id: r.submit["submitted_at"] for r in run.learners}
    for learner, (_name, token) in zip(run.learners, class_tokens, strict=True):
        reply = Http(server.url, token).request("GET", f"/api/v1/attempts/{learner.attempt_id}")
        assert reply.status == 200, reply.body[:300]
        stored = reply.data
        assert stored["state"] == "submitted"
        assert stored["score"] == learner.expected_score
        assert len(stored["results"]) == QUESTION_COUNT
        assert stored["submitted_at"] == submit_times[learner.attempt_id]
        assert set(stored["answers"]) == {str(q) for q in learner.acked}
        for question_id, value in learner.acked.items():
            assert same_json(stored["answers"][str(question_id)], value), (
                learner.username,
                question_id,
                stored["answers"][str(question_id)],
                value,
            )

    # Straight from the database.
    attempts = {
        row[0]: row[1:]
        for row in read_db(
            live_db,
            "SELECT id, state, score, max_score FROM attempt WHERE question_set_id = ?",
            (set_id,),
        )
    }
    assert len(attempts) == 40
    answers = read_db(
        live_db,
        "SELECT attempt_id, question_id, value FROM answer WHERE attempt_id IN "
        f"({','.join('?' * len(attempts))})",
        list(attempts),
    )
    by_attempt: dict[int, dict[int, object]] = {}
    for attempt_id, question_id, value in answers:
        by_attempt.setdefault(attempt_id, {})[question_id] = json_column(value)
    for learner in run.learners:
        state, score, max_score = attempts[learner.attempt_id]
        assert (state, score, max_score) == ("submitted", learner.expected_score, QUESTION_COUNT)
        saved = by_attempt.get(learner.attempt_id, {})
        assert saved.keys() == learner.acked.keys(), learner.username
        for question_id, value in learner.acked.items():
            assert same_json(saved[question_id], value), (learner.username, question_id)
