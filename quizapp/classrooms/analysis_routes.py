"""Pages of item analysis and regrading: how each question of a set did, and a teacher's
corrections to scores."""

from flask import Blueprint

bp = Blueprint("analysis", __name__)
