#!/usr/bin/env bash
# Set up everything the tests need and run the whole suite: unit, functional, browser (Debian's
# Chromium through Playwright) and the slow server tests. Extra arguments go to pytest, e.g.
#   bash scripts/run-tests.sh -m "not browser"
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

echo "==> Running the tests"
# Two workers: the machines CI runs on have two cores.
exec .venv/bin/python -m pytest -n 2 "$@"
