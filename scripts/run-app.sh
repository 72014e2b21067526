#!/usr/bin/env bash
# Set up and run quizapp on its embedded SQLite database (instance/quizapp.sqlite3), seeded with
# the article, served by gunicorn with gunicorn.conf.py (workers from the cores, gthread). Safe to
# rerun. HOST (127.0.0.1; 0.0.0.0 for a classroom's network), PORT (5000) and GUNICORN_WORKERS
# may be set; Ctrl+C stops the server. For development: .venv/bin/flask --app quizapp run --debug
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

# gunicorn.conf.py binds to HOST:PORT; the same defaults here, for the address printed below.
export HOST=${HOST:-127.0.0.1} PORT=${PORT:-5000}
echo "==> quizapp is running at http://$HOST:$PORT/  (gunicorn; Ctrl+C to stop)"
# Plain HTTP on this machine: cookies cannot be Secure here (they are in production, over HTTPS).
QUIZAPP_SESSION_COOKIE_SECURE=false exec .venv/bin/gunicorn -c gunicorn.conf.py "quizapp:create_app()"
