#!/usr/bin/env bash
# Set up everything the tests need and run the whole suite: unit, functional, browser (Debian's
# Chromium through Playwright) and the slow server tests, on SQLite; then the service, API and
# reliability tests again on PostgreSQL, in a throwaway cluster (scripts/postgres.sh) stopped on
# exit. Fails if either pass fails. Extra arguments go to pytest (both passes), e.g.
#   bash scripts/run-tests.sh -m "not browser"
#   QUIZAPP_TEST_POSTGRES=0 bash scripts/run-tests.sh    # SQLite only
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need+=(fonts-noto-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> Installing ${need[*]} (Debian packages, for the browser tests)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

bash scripts/setup.sh dev

postgres=${QUIZAPP_TEST_POSTGRES:-1}
if [ "$postgres" = "1" ]; then
  echo "==> Starting a throwaway PostgreSQL cluster"
  exports=$(bash scripts/postgres.sh start)  # (a failure stops here; eval would hide it)
  eval "$exports"
  trap 'bash scripts/postgres.sh stop "$QUIZAPP_PG_DIR"' EXIT
fi

# Python may keep compiled bytecode (__pycache__, ignored by git) even where the environment
# says not to: each pytest worker and each of the ~40 commands and servers the tests start
# would otherwise compile the app and the tests again (4 s of a worker's 8 s collection).
unset PYTHONDONTWRITEBYTECODE

# Two workers: the machines CI runs on have two cores.
echo "==> Running the tests on SQLite"
started=$SECONDS
sqlite_status=0
env -u QUIZAPP_TEST_DATABASE_URL .venv/bin/python -m pytest -n 2 "$@" || sqlite_status=$?
echo "==> SQLite pass: $((SECONDS - started)) s, exit status $sqlite_status"
[ "$postgres" = "1" ] || exit "$sqlite_status"

echo "==> Running the service, API and reliability tests on PostgreSQL"
started=$SECONDS
postgres_status=0
QUIZAPP_TEST_DATABASE_URL=$QUIZAPP_TEST_DATABASE_URL .venv/bin/python -m pytest -n 2 "$@" \
  tests/unit/services tests/functional tests/reliability || postgres_status=$?
# No test left after the caller's selection (say -m browser) is not a failure here.
[ "$postgres_status" -ne 5 ] || postgres_status=0
echo "==> PostgreSQL pass: $((SECONDS - started)) s, exit status $postgres_status"
if [ "$sqlite_status" -ne 0 ]; then exit "$sqlite_status"; fi
exit "$postgres_status"
