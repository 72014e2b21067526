"""Pages of classes: a teacher's classes, join codes, rosters, assignments and the gradebook;
a learner's joining."""

from flask import Blueprint

from quizapp.classrooms import models  # noqa: F401  (the tables join the metadata)

bp = Blueprint("classrooms", __name__)
