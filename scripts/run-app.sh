#!/usr/bin/env bash
# Set up and run quizapp on its embedded SQLite database (instance/quizapp.sqlite3), seeded with
# the article. Safe to rerun. PORT and HOST may be set; Ctrl+C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

mkdir -p instance
if [ ! -f instance/config.py ]; then
  # A random secret key for this machine, kept out of git like the database.
  key=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')
  sed "s/^SECRET_KEY = .*/SECRET_KEY = \"$key\"/" instance/config.example.py > instance/config.py
  echo "==> Wrote instance/config.py with a new secret key"
fi

echo "==> Migrating and seeding the database"
.venv/bin/flask --app quizapp init-db

host=${HOST:-127.0.0.1}
port=${PORT:-5000}
echo "==> quizapp is running at http://$host:$port/  (Ctrl+C to stop)"
# Plain HTTP on this machine: cookies cannot be Secure here (they are in production, over HTTPS).
QUIZAPP_SESSION_COOKIE_SECURE=false exec .venv/bin/flask --app quizapp run --host "$host" --port "$port"
