#!/usr/bin/env bash
# Create .venv (if needed) and install quizapp into it. Used by run-app.sh and run-tests.sh.
#   bash scripts/setup.sh          runtime only
#   bash scripts/setup.sh dev      with the test and lint tools and psycopg (PostgreSQL tests)
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "quizapp needs Python 3.11 or newer (found: $("$python" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating .venv"
  "$python" -m venv .venv || {
    echo "Could not create a virtual environment: on Debian/Ubuntu, apt-get install python3-venv" >&2
    exit 1
  }
fi
extra=""
[ "${1:-}" = "dev" ] && extra="[dev,postgres]"
echo "==> Installing quizapp$extra into .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extra"
