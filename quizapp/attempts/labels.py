"""Translatable labels the quiz pages show for stored codes (skills, feedback timing)."""

from flask_babel import lazy_gettext as _l

from quizapp.core.grading import QUESTION_TYPES, SKILLS

#: Skill code → its label (the registry names them; scripts/i18n.sh extracts them there).
SKILL = {name: _l(label) for name, label in SKILLS.items()}

#: Said on the results page when the set keeps per-question results back for now.
FEEDBACK_LATER = {
    "after_due": _l("The correct answers and feedback will appear here after the due date."),
    "never": _l("Your teacher has chosen not to show the correct answers for this set."),
}

#: Shown on the set page: when the answers are revealed.
FEEDBACK_TIMING = {
    "immediate": _l("Check each answer as you go: its verdict and feedback right away."),
    "after_submit": _l("Correct answers and feedback right after you submit."),
    "after_due": _l("Correct answers and feedback after the due date."),
    "never": _l("Only your score is shown; the correct answers are not."),
}

#: Question types whose form stays answerable as shown (ordering: the shown order is an
#: answer too), so their Save button stays visible with JavaScript, with this label.
KEEP_LABEL = {
    name: _l(qtype.save_label)
    for name, qtype in QUESTION_TYPES.items()
    if getattr(qtype, "save_label", None)
}

#: What the results page calls the key, where "Correct answer" would not fit the type.
KEY_LABEL = {
    name: _l(qtype.key_label)
    for name, qtype in QUESTION_TYPES.items()
    if getattr(qtype, "key_label", None)
}
