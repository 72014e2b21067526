"""Local settings for this machine. Copy to instance/config.py (scripts/run-app.sh does it).

Anything here overrides quizapp/config.py; QUIZAPP_* environment variables override this file.
"""

# Required in production: a long random string, e.g. from
#   python -c 'import secrets; print(secrets.token_hex(32))'
SECRET_KEY = "change-me"

# The database. Default: SQLite in this folder. PostgreSQL works through the same setting:
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://quizapp:secret@localhost/quizapp"
