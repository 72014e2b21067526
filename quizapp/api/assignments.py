"""The assignments and gradebook API, on the API blueprint (create_app imports this module
before registering the blueprint)."""

from quizapp.api.routes import bp  # noqa: F401
