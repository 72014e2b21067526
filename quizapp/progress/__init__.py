"""The learner's progress page and its API: score history, skills, mastery, streak, time."""
