#!/usr/bin/env bash
# Refresh the interface catalogs after changing UI text:
#   bash scripts/i18n.sh        extract, merge into en and hi, compile
# Then translate the new or fuzzy entries in quizapp/translations/hi/LC_MESSAGES/messages.po
# (and copy msgid to msgstr in en), and run it again to compile. Both catalogs are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
"$py" -m babel.messages.frontend extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location \
  --sort-output --project quizapp -o quizapp/translations/messages.pot .
"$py" -m babel.messages.frontend update -i quizapp/translations/messages.pot \
  -d quizapp/translations --no-wrap
"$py" -m babel.messages.frontend compile -d quizapp/translations --statistics
