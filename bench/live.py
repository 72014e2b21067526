"""A live lesson: 40 phones follow a teacher through 5 questions, against a real gunicorn server.

    .venv/bin/python -m bench.live [--phones 40] [--questions 5] [--workers 2]
    .venv/bin/python -m bench.live --database postgresql    # a throwaway PostgreSQL cluster

Targets (PRODUCT.md, issue 14): every phone sees a newly opened question within 1 s; answers
p99 < 100 ms; no errors.

What runs: the "Load test 20" set (bench.class_of_40's bank, imported through the CLI), a class
of 40 learners and its teacher, gunicorn with 2 workers (gthread, 4 threads) as in the other
benchmarks. Each phone is a thread with its own keep-alive connection and bearer token: it polls
``GET /api/v1/live/<id>`` with If-None-Match every 0.8 s (as static/js/live.js does), and answers
each question it sees after a think time of 0.3-3 s (about four in five right). The teacher
opens a question, waits until all 40 have answered (or 6 s), closes it, waits a second and opens
the next. Measured:

- "opened → every phone has seen it": from the moment the teacher sends the open request to the
  moment each phone's poll returns the new question; per phone and question (n = 40 × 5), and
  the slowest phone per question;
- each answer's PUT, and each poll (304 or 200);
- errors: any answer other than 200/304 (and 201 for the start), and any network error.

Then the 304 poll path's throughput (wrk, one phone's token and ETag) against a bare Flask route
served the same way in the same run, as the other benchmarks report their ratios.
"""

import argparse
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from bench.class_of_40 import (
    NETWORK_ERRORS,
    Server,
    answer_value,
    class_usernames,
    database_url,
    find_set_id,
    learner_gets_right,
    login,
    login_all,
    percentile,
    prepare_database,
    question_index,
    read_db,
)
from bench.common import bench_database, frozen_heap, wrk_stats

POLL_SECONDS = 0.8
THINK = (0.3, 3.0)
TEACHER = "live-teacher"


@dataclass
class Result:
    """Everything measured in one lesson."""

    seen: dict[int, list[float]] = field(default_factory=dict)  # question position → delays
    answers: list[float] = field(default_factory=list)
    polls: list[float] = field(default_factory=list)
    polls_304: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


class Client:
    """One keep-alive connection with a bearer token; returns (status, headers, JSON, seconds)."""

    def __init__(self, base: str, token: str):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port, self.token = parts.hostname, parts.port, token
        self.connection: http.client.HTTPConnection | None = None
        self.last_used = 0.0

    def request(self, method: str, path: str, body=None, headers: dict | None = None):
        sent = {"Accept": "application/json", "Authorization": f"Bearer {self.token}"}
        sent.update(headers or {})
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        if self.connection is not None and time.monotonic() - self.last_used > 1.0:
            self.close()  # gunicorn drops idle keep-alive connections after 2 s
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        started = time.perf_counter()
        try:
            self.connection.request(method, path, payload, sent)
            response = self.connection.getresponse()
            raw = response.read()
        except BaseException:
            self.close()
            raise
        seconds = time.perf_counter() - started
        self.last_used = time.monotonic()
        if response.will_close:
            self.close()
        data = json.loads(raw) if raw and response.status != 304 else None
        return response.status, response.headers, data, seconds

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def set_up_class(db, teacher: str, learners: list[str]) -> int:
    """The teacher's account and a class with the learners in it; the class id."""
    from bench.class_of_40 import PASSWORD, SECRET_KEY
    from quizapp import create_app
    from quizapp.auth.models import User
    from quizapp.auth.services import create_user
    from quizapp.classrooms.models import ClassMember, Classroom
    from quizapp.extensions import db as sqla

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(db), "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        owner = create_user(teacher, PASSWORD, "teacher")
        classroom = Classroom(teacher_id=owner.id, name="Bench class", join_code="BCDFGH")
        sqla.session.add(classroom)
        sqla.session.flush()
        ids = sqla.session.query(User.id).filter(User.username.in_(learners)).all()
        for (user_id,) in ids:
            sqla.session.add(ClassMember(class_id=classroom.id, user_id=user_id))
        sqla.session.commit()
        class_id = classroom.id
        sqla.session.remove()
        sqla.engine.dispose()
    return class_id


def run_lesson(base: str, run_id: int, teacher_token: str, tokens: list[str], questions: int):
    result = Result()
    opened_at: dict[int, float] = {}  # position → perf_counter when the open was sent
    stop = threading.Event()
    everyone_ready = threading.Barrier(len(tokens) + 1)
    path = f"/api/v1/live/{run_id}"

    def phone(number: int, token: str) -> None:
        client = Client(base, token)
        rng = random.Random(number)
        etag = ""
        seen: set[int] = set()
        answer_due: tuple[float, dict] | None = None
        next_poll = time.perf_counter()
        first = True
        while not stop.is_set():
            now = time.perf_counter()
            if answer_due is not None and now >= answer_due[0]:
                question = answer_due[1]
                answer_due = None
                right = learner_gets_right(number, question_index(question))
                body = {"question_id": question["id"], "answer": answer_value(question, right)}
                try:
                    status, _h, data, seconds = client.request("PUT", path + "/answer", body)
                except NETWORK_ERRORS as error:
                    result.error(f"answer: {error!r}")
                    continue
                with result.lock:
                    result.answers.append(seconds)
                if status != 200:
                    result.error(f"answer {status}: {data}")
                continue
            if now < next_poll:
                wake = next_poll if answer_due is None else min(next_poll, answer_due[0])
                time.sleep(max(0.0, wake - now))
                continue
            next_poll = now + POLL_SECONDS
            try:
                headers = {"If-None-Match": etag} if etag else {}
                status, reply_headers, data, seconds = client.request("GET", path, None, headers)
            except NETWORK_ERRORS as error:
                result.error(f"poll: {error!r}")
                continue
            arrived = time.perf_counter()
            with result.lock:
                result.polls.append(seconds)
                result.polls_304 += status == 304
            if status == 304:
                continue
            if status != 200:
                result.error(f"poll {status}: {data}")
                continue
            etag = reply_headers.get("ETag", "")
            if first:
                first = False
                everyone_ready.wait()
                # Phones poll out of step with each other, as real ones do.
                next_poll = time.perf_counter() + rng.uniform(0, POLL_SECONDS)
            index = data.get("index")
            if data["state"] == "open" and index not in seen and index in opened_at:
                seen.add(index)
                with result.lock:
                    result.seen.setdefault(index, []).append(arrived - opened_at[index])
                answer_due = (arrived + rng.uniform(*THINK), data["question"])
        client.close()

    threads = [threading.Thread(target=phone, args=(n, t)) for n, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    everyone_ready.wait()  # every phone has its seat
    teacher = Client(base, teacher_token)
    time.sleep(1.0)
    for position in range(questions):
        opened_at[position] = time.perf_counter()
        status, _h, data, _s = teacher.request("POST", f"{path}/open", {})
        if status != 200:
            result.error(f"open {status}: {data}")
        deadline = time.perf_counter() + 6.0
        while time.perf_counter() < deadline:
            status, _h, data, _s = teacher.request("GET", path)
            if status == 200 and data.get("answered") == len(tokens):
                break
            time.sleep(0.25)
        status, _h, data, _s = teacher.request("POST", f"{path}/close")
        if status != 200:
            result.error(f"close {status}: {data}")
        time.sleep(1.0)
    teacher.request("POST", f"{path}/finish")
    time.sleep(POLL_SECONDS * 2)
    stop.set()
    for thread in threads:
        thread.join()
    return result


def milliseconds(values: list[float]) -> str:
    return (
        " ".join(f"p{p}={percentile(values, p) * 1000:.0f}ms" for p in (50, 95, 99))
        + f" max={max(values, default=0) * 1000:.0f}ms n={len(values)}"
    )


def report(result: Result, phones: int, questions: int) -> str:
    delays = [d for values in result.seen.values() for d in values]
    slowest = [max(values) for values in result.seen.values()]
    missed = sum(phones - len(result.seen.get(p, [])) for p in range(questions))
    lines = [
        f"opened → seen, per phone: {milliseconds(delays)}",
        f"opened → every phone has seen it (slowest phone per question): {milliseconds(slowest)}"
        f"; phones that never saw a question: {missed}",
        f"answer PUT: {milliseconds(result.answers)}",
        f"poll GET: {milliseconds(result.polls)} ({result.polls_304} were 304)",
        f"errors: {len(result.errors)}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=40)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=5, help="each wrk run")
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()

    names = class_usernames(args.phones, prefix="phone")
    with bench_database(args.database, "live") as db:
        prepare_database(db, names)
        class_id = set_up_class(db, TEACHER, names)
        with Server(db, args.workers, "gthread") as server, frozen_heap():
            tokens = login_all(server.url, names)
            teacher_token = login(server.url, TEACHER)
            set_id = find_set_id(server.url, teacher_token)
            started = Client(server.url, teacher_token).request(
                "POST", f"/api/v1/classes/{class_id}/live", {"question_set_id": set_id}
            )
            if started[0] != 201:
                raise SystemExit(f"could not start the lesson: {started[0]} {started[2]}")
            run_id = started[2]["id"]
            result = run_lesson(server.url, run_id, teacher_token, tokens, args.questions)
            print(f"database: {args.database}; {args.phones} phones, {args.questions} questions")
            print(report(result, args.phones, args.questions))
            stored = read_db(db, "SELECT count(*) FROM live_answer WHERE run_id = ?", (run_id,))
            print(
                f"answers stored: {stored[0][0]} of {len(result.answers)} sent"
                f" (one row per phone and question: {args.phones * args.questions})"
            )
            for error in result.errors[:10]:
                print("  error:", error, file=sys.stderr)

            # The 304 path's throughput against a bare Flask route, served the same way.
            client = Client(server.url, tokens[0])
            _status, headers, _data, _s = client.request("GET", f"/api/v1/live/{run_id}")
            poll_headers = {
                "Authorization": f"Bearer {tokens[0]}",
                "If-None-Match": headers["ETag"],
            }
            live = wrk_stats_with_headers(
                f"{server.url}/api/v1/live/{run_id}", args.seconds, poll_headers
            )
        with Server(
            db, args.workers, "gthread", app="bench.hello_app:app", ready_path="/"
        ) as hello:
            bare = wrk_stats(hello.url + "/", args.seconds, 40)
        print(
            f"poll 304 path: {live['rate']:.0f}/s vs bare Flask {bare['rate']:.0f}/s"
            f" = {live['rate'] / bare['rate']:.2f}x (wrk, 40 connections,"
            f" {live['non_2xx']} non-2xx/3xx, {live['socket_errors']} socket errors)"
        )


def wrk_stats_with_headers(url: str, seconds: int, headers: dict) -> dict:
    """wrk_stats for a GET with fixed headers (a one-entry Lua script)."""
    lua = (
        "wrk.headers = "
        + "{"
        + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
        + "}\n"
    )
    return wrk_stats(url, seconds, 40, script=lua)


if __name__ == "__main__":
    main()
