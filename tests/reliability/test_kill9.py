"""Every autosave acknowledged with a 2xx survives a SIGKILL of the whole gunicorn process
group, taken while other saves are in flight."""

import threading
import time
from dataclasses import dataclass

import pytest

from bench.class_of_40 import (
    NETWORK_ERRORS,
    TYPES,
    Http,
    answer_value,
    json_column,
    question_index,
    read_db,
    same_json,
)

MISSING = object()


def varying(question: dict, round_number: int) -> object:
    """A valid answer that changes from one round of saves to the next."""
    i = question_index(question)
    kind = TYPES[i % len(TYPES)]
    if kind == "mcq":
        return round_number % len(question["options"])
    if kind == "true_false":
        return round_number % 2 == 0
    if kind == "numeric":
        return 1000 * round_number + i
    return f"save {round_number} of q{i}"


@dataclass
class Slot:
    """One (attempt, question): the last value acknowledged, and the one lost in the kill."""

    attempt_id: int
    question_id: int
    acked: object = MISSING
    unanswered: object = MISSING  # sent, but the server died before it replied
    saves: int = 0


@pytest.mark.slow
def test_acknowledged_autosaves_survive_kill_9(server, live_db, set_id, spare_token):
    tokens = [spare_token(n) for n in range(5)]
    attempts = []
    for token in tokens:
        reply = Http(server.url, token).request("POST", f"/api/v1/question-sets/{set_id}/attempts")
        assert reply.status == 201, reply.body[:300]
        attempts.append(reply.data)

    # Learner 0 saves from four threads (a tab and a retry queue, say); four classmates save too.
    jobs = []
    first = attempts[0]
    for t in range(4):
        jobs.append((tokens[0], first, first["questions"][t::4]))
    for token, attempt in zip(tokens[1:], attempts[1:], strict=True):
        jobs.append((token, attempt, attempt["questions"]))

    slots: dict[tuple[int, int], Slot] = {}
    for _token, attempt, questions in jobs:
        for question in questions:
            slots[attempt["id"], question["id"]] = Slot(attempt["id"], question["id"])
    lock = threading.Lock()
    acked_count = 0
    unexpected: list[tuple] = []
    in_flight = set()
    stop = threading.Event()

    def writer(token: str, attempt: dict, questions: list[dict]) -> None:
        nonlocal acked_count
        client = Http(server.url, token, timeout=10)
        round_number = 0
        while not stop.is_set():
            round_number += 1
            for question in questions:
                slot = slots[attempt["id"], question["id"]]
                value = varying(question, round_number)
                path = f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}"
                with lock:
                    in_flight.add((slot.attempt_id, slot.question_id))
                try:
                    reply = client.request("PUT", path, {"answer": value})
                except NETWORK_ERRORS:
                    slot.unanswered = value
                    return
                with lock:
                    in_flight.discard((slot.attempt_id, slot.question_id))
                    if reply.status == 200:
                        slot.acked = value
                        slot.saves += 1
                        acked_count += 1
                    else:
                        unexpected.append((path, value, reply.status, reply.body[:200]))
                if stop.is_set():
                    return

    threads = [threading.Thread(target=writer, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while acked_count < 300 and time.monotonic() < deadline and not unexpected:
        time.sleep(0.01)
    with lock:
        pending_at_kill = len(in_flight)
        acked_at_kill = acked_count
    server.kill()  # SIGKILL to master and workers alike
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    lost_in_flight = sum(slot.unanswered is not MISSING for slot in slots.values())
    print(
        f"\nkilled after {acked_at_kill} acknowledged saves; {pending_at_kill} requests in flight"
        f" at the kill, {lost_in_flight} saves never answered"
    )
    assert unexpected == [], unexpected[:5]
    assert acked_at_kill >= 300, "the saves were too slow to reach the kill"
    assert pending_at_kill > 0, "no save was in flight when the server was killed"

    def check(stored_answers: dict, where: str) -> None:
        for (attempt_id, question_id), slot in slots.items():
            stored = stored_answers.get((attempt_id, question_id), MISSING)
            allowed = [v for v in (slot.acked, slot.unanswered) if v is not MISSING]
            if slot.acked is MISSING:
                allowed.append(MISSING)  # never acknowledged: may or may not be there
            ok = any(
                (stored is MISSING and v is MISSING)
                or (stored is not MISSING and v is not MISSING and same_json(stored, v))
                for v in allowed
            )
            assert ok, (
                f"{where}: attempt {attempt_id} question {question_id}: stored "
                f"{'nothing' if stored is MISSING else repr(stored)}, acknowledged "
                f"{'nothing' if slot.acked is MISSING else repr(slot.acked)}"
                f" (unanswered {'-' if slot.unanswered is MISSING else repr(slot.unanswered)})"
            )

    server.start()  # same file, same port
    from_api = {}
    for token, attempt in zip(tokens, attempts, strict=True):
        reply = Http(server.url, token).request("GET", f"/api/v1/attempts/{attempt['id']}")
        assert reply.status == 200, reply.body[:300]
        assert reply.data["state"] == "in_progress"
        for question_id, value in reply.data["answers"].items():
            from_api[attempt["id"], int(question_id)] = value
    check(from_api, "API after restart")
    committed_unacked = sum(
        slot.unanswered is not MISSING
        and (slot.attempt_id, slot.question_id) in from_api
        and same_json(from_api[slot.attempt_id, slot.question_id], slot.unanswered)
        and not (slot.acked is not MISSING and same_json(slot.acked, slot.unanswered))
        for slot in slots.values()
    )
    print(
        f"after restart: every acknowledged save present; {committed_unacked} of the"
        f" {lost_in_flight} unanswered saves had been committed before the kill"
    )

    # The attempt still works after the crash: a save, then a submit.
    client = Http(server.url, tokens[0])
    question = first["questions"][0]
    path = f"/api/v1/attempts/{first['id']}/answers/{question['id']}"
    assert client.request("PUT", path, {"answer": answer_value(question, True)}).status == 200
    slots[first["id"], question["id"]].acked = answer_value(question, True)
    slots[first["id"], question["id"]].unanswered = MISSING
    submitted = client.request("POST", f"/api/v1/attempts/{first['id']}/submit")
    assert submitted.status == 200, submitted.body[:300]
    assert submitted.data["state"] == "submitted"

    server.stop()
    ids = [a["id"] for a in attempts]
    rows = read_db(
        live_db,
        f"SELECT attempt_id, question_id, value FROM answer WHERE attempt_id IN "
        f"({','.join('?' * len(ids))})",
        ids,
    )
    check({(a, q): json_column(v) for a, q, v in rows}, "the database")
