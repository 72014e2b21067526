"""Pages of assignments and the gradebook: what a class has to do, and how each learner did."""

from flask import Blueprint

bp = Blueprint("assignments", __name__)
