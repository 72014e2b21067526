"""Local settings for this machine. Copy to instance/config.py (scripts/run-app.sh does it).

Anything here overrides quizapp/config.py; QUIZAPP_* environment variables override this file.
"""

# Required in production: a long random string, e.g. from
#   python -c 'import secrets; print(secrets.token_hex(32))'
SECRET_KEY = "change-me"

# The database. Default: SQLite in this folder (one machine). For several machines, PostgreSQL
# 15 or newer through the same setting, with psycopg 3 installed: pip install -e '.[postgres]'
# then `flask --app quizapp init-db` once. (postgres:// and postgresql:// URLs get psycopg 3.)
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://quizapp:secret@db.example.org:5432/quizapp"
#
# Engine options are chosen per database (quizapp/config.py: a 10 s busy timeout on SQLite; on
# PostgreSQL a pool of 4 + 4 connections per process, sessions in UTC). Anything set here wins,
# connect_args key by key, e.g. fewer connections per process, or TLS to the database:
# SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 2, "connect_args": {"sslmode": "require"}}
