"""Pure logic: no Flask, SQLAlchemy, WTForms or other quizapp packages may be imported here."""
