"""quizapp: a bilingual Hindi/English reading-comprehension quiz app. create_app() wires it."""

import os
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l

from quizapp import cli, compression, errors, i18n, json_input, security, templating
from quizapp.api import analysis as api_analysis  # noqa: F401 (its routes join api_bp)
from quizapp.api import assignments as api_assignments  # noqa: F401 (its routes join api_bp)
from quizapp.api import authoring as api_authoring  # noqa: F401 (its routes join api_bp)
from quizapp.api import classrooms as api_classrooms  # noqa: F401 (its routes join api_bp)
from quizapp.api import live as api_live  # noqa: F401 (its routes join api_bp)
from quizapp.api.routes import bp as api_bp
from quizapp.attempts.routes import bp as attempts_bp
from quizapp.auth.routes import bp as auth_bp
from quizapp.auth.routes import redirect_to_login
from quizapp.auth.services import load_user
from quizapp.authoring.editor_routes import bp as editor_bp
from quizapp.authoring.routes import bp as authoring_bp
from quizapp.classrooms.analysis_routes import bp as analysis_bp
from quizapp.classrooms.assignment_routes import bp as assignments_bp
from quizapp.classrooms.live_routes import bp as live_bp
from quizapp.classrooms.routes import bp as classrooms_bp
from quizapp.config import DefaultConfig, check_secret_key, database_settings, sqlite_uri
from quizapp.content.routes import bp as content_bp
from quizapp.database import close_read_connection, configure_engine
from quizapp.extensions import csrf, db, login_manager, migrate
from quizapp.main.routes import bp as main_bp
from quizapp.progress.routes import bp as progress_bp
from quizapp.words.routes import bp as words_bp

MIGRATIONS_DIR = os.fspath(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config: dict | None = None) -> Flask:
    """Build the app: defaults, instance/config.py, QUIZAPP_* variables, then ``config``."""
    app = Flask(__name__, instance_relative_config=True)
    json_input.init_app(app)
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("QUIZAPP")
    if config:
        app.config.update(config)
    check_secret_key(app.config, app.debug, app.testing)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = sqlite_uri(app.instance_path)
    app.config.update(database_settings(app.config))
    if app.debug or app.testing:
        app.config["SESSION_COOKIE_SECURE"] = False

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.unauthorized_handler(redirect_to_login)
    i18n.init_app(app)
    templating.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    app.teardown_appcontext(close_read_connection)
    security.init_app(app)  # before the blueprints: their routes take its id converter

    app.register_blueprint(main_bp)
    app.register_blueprint(content_bp)
    app.register_blueprint(attempts_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(words_bp)
    app.register_blueprint(authoring_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(editor_bp)
    app.register_blueprint(classrooms_bp)
    app.register_blueprint(assignments_bp)
    app.register_blueprint(live_bp)
    app.register_blueprint(analysis_bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)
    errors.init_app(app)
    compression.init_app(app)
    cli.init_app(app)
    return app
