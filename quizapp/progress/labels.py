"""Translatable words the progress page shows for computed codes (mastery levels, durations)."""

from flask_babel import gettext as _
from flask_babel import pgettext


def level_labels() -> dict[str, str]:
    """Mastery level code → its name in the interface language (with a context: "Good" is
    also a word-review rating)."""
    return {
        "not_started": pgettext("mastery level", "Not started"),
        "learning": pgettext("mastery level", "Learning"),
        "good": pgettext("mastery level", "Good"),
        "mastered": pgettext("mastery level", "Mastered"),
    }


def duration_text(minutes: float) -> str:
    """Minutes as "45 min" or "3 h 05 min", in the interface language."""
    total = round(minutes)
    hours, rest = divmod(total, 60)
    if not hours:
        return _("%(minutes)d min", minutes=rest)
    return _("%(hours)d h %(minutes)02d min", hours=hours, minutes=rest)
