"""Reader throughput as a ratio of a bare Flask route, and the reader's size over the wire.

    .venv/bin/python -m bench.reader [--seconds 10] [--workers 2] [--rounds 3]

Target (PRODUCT.md): the reader serves at least 0.5× the bare route's requests per second.
"""

import argparse
import gzip
import statistics
import urllib.request

import brotli

from bench.common import BENCH_SECRET_KEY, gunicorn, seeded_database, wrk

SLUG = "blinken-lavrov-reykjavik"
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br", "Accept-Language": "en"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    db = seeded_database()
    env = {
        "QUIZAPP_SQLALCHEMY_DATABASE_URI": f"sqlite:///{db}",
        "QUIZAPP_SECRET_KEY": BENCH_SECRET_KEY,
    }
    hello_rates, reader_rates, home_rates, api_rates = [], [], [], []
    with (
        gunicorn("bench.hello_app:app", args.workers) as hello,
        gunicorn("quizapp:create_app()", args.workers, env) as app,
    ):
        reader_url = f"{app}/passages/{SLUG}"
        request = urllib.request.Request(reader_url, headers=BROWSER_HEADERS)
        with urllib.request.urlopen(request) as response:
            coding = response.headers.get("Content-Encoding", "identity")
            wire = response.read()
        html = {"gzip": gzip.decompress, "br": brotli.decompress}.get(coding, bytes)(wire)
        for n in range(args.rounds):
            # Alternate so drift on a noisy machine hits both sides alike.
            hello_rates.append(wrk(hello + "/", args.seconds, args.connections, BROWSER_HEADERS))
            reader_rates.append(wrk(reader_url, args.seconds, args.connections, BROWSER_HEADERS))
            home_rates.append(wrk(app + "/", args.seconds, args.connections, BROWSER_HEADERS))
            api_rates.append(
                wrk(
                    f"{app}/api/v1/passages/{SLUG}", args.seconds, args.connections, BROWSER_HEADERS
                )
            )
            print(
                f"round {n + 1}: hello {hello_rates[-1]:.0f}/s, reader {reader_rates[-1]:.0f}/s,"
                f" home {home_rates[-1]:.0f}/s, passage API {api_rates[-1]:.0f}/s"
            )

    hello_rate = statistics.median(hello_rates)
    print()
    print(
        f"workers={args.workers} (gunicorn sync), wrk -t2 -c{args.connections} "
        f"-d{args.seconds}s, median of {args.rounds} rounds"
    )
    print(f"bare Flask hello     {hello_rate:8.0f} req/s   1.00")
    for name, rates in [
        ("reader page", reader_rates),
        ("home page", home_rates),
        ("passage API (JSON)", api_rates),
    ]:
        rate = statistics.median(rates)
        print(f"{name:<20} {rate:8.0f} req/s   {rate / hello_rate:.2f}")
    print(
        f"reader HTML: {len(wire) / 1024:.1f} KB over the wire ({coding}), "
        f"{len(html) / 1024:.1f} KB uncompressed; target < 60 KB, ratio target >= 0.50"
    )


if __name__ == "__main__":
    main()
