"""Quiz and home page throughput as ratios of a bare Flask route, for guests and learners.

    .venv/bin/python -m bench.pages [--seconds 8] [--rounds 3] [--learners 40]
                                    [--database sqlite|postgresql|URL]

Target (PRODUCT.md): reader and quiz pages at least 0.5× the bare route's requests per second;
the home page the same (issue: "a fast quiz page"). What is measured, each as a browser sends
it (cookies, Accept-Encoding: gzip, deflate, br; Accept-Language: en):

- quiz page, guests: 40 guests, each on a fresh attempt of their own at the seeded set
  "Understanding the meeting" (matching and ordering shuffled per attempt), requests cycling
  through all 40;
- quiz page, learners: 40 signed-in learners, each with half of the questions answered (their
  own answers, saved through the page's autosave), cycling through all 40;
- home page, guest: the same page for every guest;
- home page, learners: the 40 learners, each with a finished attempt (their own best score).

Both servers run under gunicorn with the same settings (2 sync workers by default) in the same
run; the rounds alternate so drift on a noisy machine hits every side alike.
"""

import argparse
import http.cookiejar
import json
import re
import statistics
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench.class_of_40 import PASSWORD, SECRET_KEY, class_usernames, database_url, prepare_database
from bench.common import bench_database, cycling_script, gunicorn, wrk_stats

SET_TITLE = "Understanding the meeting"
BROWSER = {"Accept-Encoding": "gzip, deflate, br", "Accept-Language": "en"}
TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """A cookie-keeping client, to set up what a visitor's browser would hold."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path) as response:
            return response.geturl(), response.read().decode("utf-8")

    def post(self, path: str, data: dict) -> str:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        with self.opener.open(self.base + path, data=body) as response:
            return response.geturl()

    def post_json(self, path: str, payload: dict, token: str) -> None:
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )
        self.opener.open(request).read()

    def token(self, path: str = "/") -> str:
        return TOKEN.search(self.get(path)[1]).group(1)

    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def set_id(base: str) -> int:
    sets = json.load(urllib.request.urlopen(base + "/api/v1/question-sets"))["question_sets"]
    return next(s["id"] for s in sets if s["title"]["en"] == SET_TITLE)


def guest_on_a_fresh_attempt(base: str, quiz: int) -> tuple[str, str]:
    browser = Browser(base)
    url = browser.post(f"/sets/{quiz}/start", {"csrf_token": browser.token()})
    return urllib.parse.urlsplit(url).path, browser.cookie()


def learner_half_done(base: str, quiz: int, username: str) -> tuple[str, str]:
    """Sign in, start, answer half the questions through the page's autosave, finish one
    attempt (for a best score on the home page) and start another, answered half-way."""
    browser = Browser(base)
    browser.post("/login", {"csrf_token": browser.token("/login"), "username": username,
                            "password": PASSWORD})  # fmt: skip
    for finish in (True, False):
        url = browser.post(f"/sets/{quiz}/start", {"csrf_token": browser.token()})
        path = urllib.parse.urlsplit(url).path
        page = browser.get(path)[1]
        token = TOKEN.search(page).group(1)
        questions = re.findall(r'data-qid="(\d+)" data-type="(\w+)"', page)
        simple = [(qid, kind) for qid, kind in questions if kind in ANSWERS]
        for qid, kind in simple[: len(questions) // 2]:
            browser.post_json(f"{path}/answers/{qid}", {"answer": ANSWERS[kind]}, token)
        if finish:
            browser.post(f"{path}/submit", {"csrf_token": token})
    return path, browser.cookie()


#: An answer of the right shape for the types whose shape does not depend on the question
#: (right or wrong does not matter here).
ANSWERS = {
    "mcq": 0,
    "multi": [0],
    "true_false": True,
    "numeric": "3",
    "short_answer": "रेक्जाविक",
    "translation": "The two ministers met in Reykjavik.",
}


def lua(entries: list[tuple[str, str]]) -> str:
    """A wrk script cycling through (path, cookie) entries, sent as a browser sends them."""
    request = (
        'wrk.format("GET", e[1], { ["Cookie"] = e[2],'
        ' ["Accept-Encoding"] = "gzip, deflate, br", ["Accept-Language"] = "en" })'
    )
    return cycling_script(entries, request)


def rate(url: str, seconds: int, script: str | None = None) -> float:
    result = wrk_stats(url, seconds, 16, script)
    if result["non_2xx"] or result["socket_errors"]:
        raise SystemExit(f"{url}: {result['non_2xx']} non-2xx, {result['socket_errors']} errors")
    return result["rate"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()
    learners = class_usernames(args.learners, prefix="pages")
    with bench_database(args.database, "pages") as db:
        prepare_database(db, learners)
        env = {
            "QUIZAPP_SQLALCHEMY_DATABASE_URI": database_url(db),
            "QUIZAPP_SECRET_KEY": SECRET_KEY,
            # Plain HTTP on loopback: a Secure cookie would never come back.
            "QUIZAPP_SESSION_COOKIE_SECURE": "false",
        }
        with (
            gunicorn("bench.hello_app:app", args.workers) as hello,
            gunicorn("quizapp:create_app()", args.workers, env) as app,
        ):
            quiz = set_id(app)
            with ThreadPoolExecutor(8) as pool:
                guests = list(pool.map(lambda _n: guest_on_a_fresh_attempt(app, quiz), learners))
                signed_in = list(pool.map(lambda u: learner_half_done(app, quiz, u), learners))
            measures = {
                "quiz page, guests": (app + "/", lua(guests)),
                "quiz page, learners": (app + "/", lua(signed_in)),
                "home page, guest": (app + "/", lua([("/", "")])),
                "home page, learners": (app + "/", lua([("/", c) for _p, c in signed_in])),
            }
            rates: dict[str, list[float]] = {"bare Flask hello": []} | {m: [] for m in measures}
            for n in range(args.rounds):
                rates["bare Flask hello"].append(rate(hello + "/", args.seconds))
                for name, (url, script) in measures.items():
                    rates[name].append(rate(url, args.seconds, script))
                print(
                    f"round {n + 1}: " + ", ".join(f"{k} {v[-1]:.0f}/s" for k, v in rates.items())
                )
    hello_rate = statistics.median(rates["bare Flask hello"])
    print()
    print(
        f"{args.database}, workers={args.workers} (gunicorn sync), wrk -t2 -c16 "
        f"-d{args.seconds}s, median of {args.rounds} rounds; target >= 0.50"
    )
    for name, values in rates.items():
        median = statistics.median(values)
        spread = f"({min(values) / hello_rate:.2f}–{max(values) / hello_rate:.2f})"
        print(f"{name:<22} {median:8.0f} req/s   {median / hello_rate:.2f} {spread}")


if __name__ == "__main__":
    main()
