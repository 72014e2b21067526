"""Error responses: HTML pages for people, JSON {"error", "message"} under /api."""

from flask import Flask, jsonify, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from quizapp.exceptions import DomainError
from quizapp.extensions import db


def wants_json() -> bool:
    """The one rule for JSON errors: the API, and scripts on our pages (quiz.js autosave) that
    send JSON or ask for it; browsers navigating get pages."""
    return (
        request.path.startswith("/api/")
        or request.is_json
        or request.accept_mimetypes.best == "application/json"
    )


def localized_message(error: DomainError) -> str:
    """The service's message, in the interface language when it gave one in ``details``."""
    language = str(get_locale() or "en")
    for detail in error.details:
        if isinstance(detail, dict) and isinstance(detail.get(language), str):
            return detail[language]
    return error.message


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Please check what you sent."),
        403: _("You are not allowed to see this page."),
        404: _("We could not find that page."),
        405: _("That action is not available here."),
        409: _("This has already been finished and cannot be changed."),
        413: _("That upload is too large."),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Nothing you entered was lost."),
    }


def error_response(error: HTTPException):
    """Render ``error`` as JSON or HTML with its status code."""
    code = error.code or 500
    message = _messages().get(code, error.description or "")
    # The error's own headers (a 405's Allow, which RFC 9110 requires; a 401's
    # WWW-Authenticate), without its Content-Type: the body here is ours.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if wants_json():
        detail = error.description if code != 500 else message
        return jsonify(error=error.name, message=detail or message), code, headers
    page = render_template("errors/error.html", code=code, title=error.name, message=message)
    return page, code, headers


def domain_error_response(error: DomainError):
    """A service said no: its status and message, as JSON or a page."""
    db.session.rollback()
    # A throttled request says when to come back (LoginThrottled.retry_after).
    retry_after = getattr(error, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    if wants_json():
        body = {"error": type(error).__name__, "message": localized_message(error)}
        if error.details:
            body["details"] = error.details
        return jsonify(body), error.status, headers
    return (
        render_template(
            "errors/error.html", code=error.status, title=error.message, message=error.message
        ),
        error.status,
        headers,
    )


def init_app(app: Flask) -> None:
    """Register the handlers."""

    app.register_error_handler(DomainError, domain_error_response)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        return error_response(error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return error_response(InternalServerError())
