"""Autosave and submit throughput as a ratio of a bare Flask route, and a class of 40's latency.

    .venv/bin/python -m bench.attempts [--seconds 10] [--workers 2] [--rounds 3]
    .venv/bin/python -m bench.attempts --database postgresql    # a throwaway PostgreSQL cluster

Targets (PRODUCT.md): autosave and submit serve at least 0.30x the bare route's requests per
second; a class of 40 submitting a 20-question quiz at once: no error, p99 < 100 ms.

quizapp and the bare "hello" app are served by gunicorn with the same settings, side by side.
What is measured:

- autosave: wrk sending ``PUT /api/v1/attempts/<id>/answers/<qid>`` round-robin over every
  question of many in-progress attempts (one learner each), values alternating so every save
  really changes the row;
- submit, repeated: wrk sending ``POST /api/v1/attempts/<id>/submit`` to attempts already
  submitted: the idempotent path a double tap or a retry takes;
- submit, first: a Python client submitting fresh, fully answered attempts (each graded and
  finished once), against the same client fetching the bare route, for a like-for-like ratio;
- the class of 40 (bench.class_of_40.run_class, the same code as the reliability test).

``--database postgresql`` runs the same measurements on a throwaway PostgreSQL cluster
(scripts/postgres.sh, with PostgreSQL's production settings: every commit flushed to disk);
``--database postgresql+psycopg://…`` on an existing, empty database. The bare route is the
same either way, so the ratios compare.
"""

import argparse
import json
import statistics
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.engine import make_url

from bench.class_of_40 import (
    ClassRun,
    Http,
    Server,
    answer_value,
    class_usernames,
    find_set_id,
    learner_gets_right,
    login_all,
    percentile,
    prepare_database,
    question_index,
    read_db,
    run_class,
)
from bench.common import bench_database, cycling_script, frozen_heap, wrk_stats


def lua_script(method: str, entries: Sequence[tuple[str, str, str]], threads: int = 2) -> str:
    """A wrk script cycling through (path, token, body) entries."""
    rows = [(path, "Bearer " + token, body) for path, token, body in entries]
    request = (
        f"wrk.format({json.dumps(method)}, e[1], {{"
        ' ["Authorization"] = e[2], ["Content-Type"] = "application/json",'
        ' ["Accept"] = "application/json" }, e[3])'
    )
    done = (
        "function done(summary, latency, requests)\n"
        f'  io.write("script used: {method} over " .. n .. " entries\\n")\n'
        "end"
    )
    return cycling_script(rows, request, threads, done)


def parallel_map(function, items: Sequence, threads: int) -> list:
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(function, items))


def start_and_answer(base: str, set_id: int, learners: Sequence[tuple[str, str]]) -> list[dict]:
    """Each learner starts an attempt and answers all 20 questions; the attempts, in order."""
    local = threading.local()

    def one(item: tuple[int, tuple[str, str]]) -> dict:
        number, (_name, token) = item
        if not hasattr(local, "client"):
            local.client = Http(base)
        client = local.client
        client.token = token
        reply = client.request("POST", f"/api/v1/question-sets/{set_id}/attempts")
        if reply.status not in (200, 201):
            raise RuntimeError(f"start: {reply.status} {reply.body[:300]!r}")
        attempt = reply.data
        for question in attempt["questions"]:
            value = answer_value(question, learner_gets_right(number, question_index(question)))
            path = f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}"
            saved = client.request("PUT", path, {"answer": value})
            if saved.status != 200:
                raise RuntimeError(f"save: {saved.status} {saved.body[:300]!r}")
        attempt["token"] = token
        attempt["number"] = number
        return attempt

    return parallel_map(one, list(enumerate(learners)), 8)


def autosave_entries(attempts: Sequence[dict]) -> list[tuple[str, str, str]]:
    """Every question of every attempt twice (right, then wrong), attempts interleaved."""
    entries = []
    for right in (True, False):
        for position in range(len(attempts[0]["questions"])):
            for attempt in attempts:
                question = attempt["questions"][position]
                value = answer_value(question, right)
                path = f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}"
                entries.append((path, attempt["token"], json.dumps({"answer": value})))
    return entries


def python_rate(base: str, calls: Sequence[tuple[str, str, str | None]], threads: int) -> dict:
    """(method, path, token) calls from ``threads`` keep-alive clients: rate, latencies, errors."""
    local = threading.local()
    latencies: list[float] = []
    errors: list = []

    def one(call: tuple[str, str, str | None]) -> None:
        method, path, token = call
        if not hasattr(local, "client"):
            local.client = Http(base)
        client = local.client
        client.token = token
        reply = client.request(method, path)
        latencies.append(reply.seconds)
        if not reply.ok:
            errors.append((path, reply.status, reply.body[:200]))

    with frozen_heap():
        started = time.perf_counter()
        parallel_map(one, calls, threads)
        seconds = time.perf_counter() - started
    return {"rate": len(calls) / seconds, "latencies": latencies, "errors": errors}


def check(name: str, result: dict, scripted: bool = False) -> None:
    """Say so loudly when a wrk run had errors, and refuse one that did not run its script."""
    if scripted and "script used:" not in result["output"]:
        raise RuntimeError(f"wrk did not run the Lua script for {name}:\n{result['output']}")
    if result["non_2xx"] or result["socket_errors"]:
        print(
            f"  !! {name}: {result['non_2xx']} non-2xx responses, "
            f"{result['socket_errors']} socket errors of {result['requests']} requests"
        )


def ms(values: Sequence[float]) -> str:
    return "  ".join(f"p{p} {percentile(values, p) * 1000:6.1f} ms" for p in (50, 95, 99))


def database_name(db) -> str:
    """ "SQLite" or "PostgreSQL <version>" for the report."""
    if not isinstance(db, str):
        return "SQLite"
    version = read_db(db, "SHOW server_version")[0][0].split()[0]
    durable = read_db(db, "SHOW synchronous_commit")[0][0] == "on"
    commits = "every commit flushed" if durable else "commits not waited for"
    return f"PostgreSQL {version} ({commits})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--learners", type=int, default=100, help="attempts under wrk load")
    parser.add_argument("--fresh-rounds", type=int, default=5, help="first submits: x learners")
    parser.add_argument("--submit-threads", type=int, default=8)
    parser.add_argument("--class-size", type=int, default=40)
    parser.add_argument(
        "--think-ms", type=float, default=1000, help="class of 40, paced: max pause per answer"
    )
    parser.add_argument(
        "--database",
        default="sqlite",
        help="sqlite, postgresql (a throwaway cluster) or the URL of an empty PostgreSQL database",
    )
    args = parser.parse_args()
    with bench_database(args.database, "attempts") as db:
        measure(args, db)


def measure(args: argparse.Namespace, db) -> None:
    """Every measurement on ``db`` (a SQLite file or a PostgreSQL URL), then the report."""
    bench_names = class_usernames(args.learners, prefix="bench")
    class_names = class_usernames(args.class_size)
    where = db if not isinstance(db, str) else make_url(db).render_as_string()
    print(f"preparing {where} ({args.learners} + {args.class_size} learners)...", flush=True)
    prepare_database(db, bench_names + class_names)

    hello_rates: list[float] = []
    save_rates: list[float] = []
    repeat_rates: list[float] = []
    with (
        Server(
            db, args.workers, args.worker_class, app="bench.hello_app:app", ready_path="/"
        ) as hello,
        Server(db, args.workers, args.worker_class) as app,
    ):
        tokens = login_all(app.url, bench_names + class_names)
        learners = list(zip(bench_names, tokens[: args.learners], strict=True))
        set_id = find_set_id(app.url, tokens[0])

        attempts = start_and_answer(app.url, set_id, learners)
        saves = lua_script("PUT", autosave_entries(attempts))
        for n in range(args.rounds):
            hello_result = wrk_stats(hello.url + "/", args.seconds, args.connections)
            save_result = wrk_stats(app.url + "/", args.seconds, args.connections, saves)
            check("hello", hello_result)
            check("autosave", save_result, scripted=True)
            hello_rates.append(hello_result["rate"])
            save_rates.append(save_result["rate"])
            print(
                f"round {n + 1}: hello {hello_rates[-1]:.0f}/s, autosave {save_rates[-1]:.0f}/s",
                flush=True,
            )

        # First submits: fresh, fully answered attempts, each graded and finished once.
        first: list[float] = []
        first_hello: list[float] = []
        first_latencies: list[float] = []
        first_errors: list = []
        submitted = []
        for n in range(args.fresh_rounds):
            if n:
                attempts = start_and_answer(app.url, set_id, learners)
            calls = [("POST", f"/api/v1/attempts/{a['id']}/submit", a["token"]) for a in attempts]
            # The bare route by the same client just before each round: a ratio per round, so
            # the machine's drift between rounds (large on a shared VM) cancels out.
            hello_calls = [("GET", "/", None)] * (4 * len(calls))
            first_hello.append(python_rate(hello.url, hello_calls, args.submit_threads)["rate"])
            result = python_rate(app.url, calls, args.submit_threads)
            first.append(result["rate"])
            first_latencies += result["latencies"]
            first_errors += result["errors"]
            submitted += attempts

        # Repeated submits of finished attempts: the idempotent path.
        repeats = lua_script(
            "POST",
            [(f"/api/v1/attempts/{a['id']}/submit", a["token"], "") for a in submitted],
        )
        for n in range(args.rounds):
            hello_result = wrk_stats(hello.url + "/", args.seconds, args.connections)
            repeat_result = wrk_stats(app.url + "/", args.seconds, args.connections, repeats)
            check("hello", hello_result)
            check("repeat submit", repeat_result, scripted=True)
            hello_rates.append(hello_result["rate"])
            repeat_rates.append(repeat_result["rate"])
            print(
                f"round {n + 1}: hello {hello_rates[-1]:.0f}/s, "
                f"repeat submit {repeat_rates[-1]:.0f}/s",
                flush=True,
            )

        # The class of 40, twice over the same accounts (the second run starts new attempts):
        # back to back with no pause at all (the worst case), then at a compressed human pace
        # (a pause of up to --think-ms before each answer) with every submit at the same moment.
        class_learners = list(zip(class_names, tokens[args.learners :], strict=True))
        class_runs: dict[str, ClassRun] = {
            "burst, no pauses": run_class(app.url, set_id, class_learners),
            f"paced (0-{args.think_ms:.0f} ms pauses), submits together": run_class(
                app.url, set_id, class_learners, (0, args.think_ms / 1000), submit_together=True
            ),
        }

    hello_rate = statistics.median(hello_rates)
    print()
    print(
        f"{database_name(db)}; workers={args.workers} (gunicorn {args.worker_class}), wrk -t2 "
        f"-c{args.connections} -d{args.seconds}s, median of {args.rounds} rounds; "
        f"{args.learners} attempts under load"
    )
    print(f"bare Flask hello          {hello_rate:8.0f} req/s   1.00")
    for name, rates in [("autosave PUT", save_rates), ("submit, repeated (wrk)", repeat_rates)]:
        rate = statistics.median(rates)
        print(f"{name:<25} {rate:8.0f} req/s   {rate / hello_rate:.2f}   (target >= 0.30)")
    first_rate = statistics.median(first)
    ratios = [rate / hello for rate, hello in zip(first, first_hello, strict=True)]
    print(
        f"submit, first (python, {args.submit_threads} threads, {len(first_latencies)} attempts "
        f"in {args.fresh_rounds} rounds): {first_rate:.0f}/s vs hello by the same client "
        f"{statistics.median(first_hello):.0f}/s; median ratio of the rounds "
        f"{statistics.median(ratios):.2f} (range {min(ratios):.2f}-{max(ratios):.2f}, "
        f"target >= 0.30); {ms(first_latencies)}"
    )
    if first_errors:
        print(f"  !! first submits: {len(first_errors)} errors, first {first_errors[0]}")
    for name, class_run in class_runs.items():
        print()
        print(f"{name}: {class_run.report()}")
        p99 = class_run.percentiles("all")["p99"]
        wrong = [
            r.username
            for r in class_run.learners
            if (r.submit or {}).get("score") != r.expected_score
        ]
        verdict = "meets" if p99 < 100 and not class_run.failures and not wrong else "MISSES"
        print(
            f"  -> p99 {p99:.1f} ms over all requests, {len(class_run.failures)} errors, "
            f"{len(wrong)} wrong scores: {verdict} the target (no error, p99 < 100 ms)"
        )
        for failure in class_run.failures[:5]:
            print("  failure:", failure)


if __name__ == "__main__":
    main()
