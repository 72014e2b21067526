"""Pages of a live lesson: the teacher's projector view and a learner's phone."""

from flask import Blueprint

bp = Blueprint("live", __name__)
