"""What a refused sign-in or sign-up tells the person, in the interface language, in seconds or
minutes as the wait is long."""

import math

from flask_babel import ngettext


def throttle_message(seconds: int) -> str:
    """Why a sign-in was refused and when to try again, in seconds or minutes."""
    if seconds < 60:
        return ngettext(
            "Too many failed sign-ins for this account. Try again in %(num)d second.",
            "Too many failed sign-ins for this account. Try again in %(num)d seconds.",
            seconds,
        )
    return ngettext(
        "Too many failed sign-ins for this account. Try again in %(num)d minute.",
        "Too many failed sign-ins for this account. Try again in %(num)d minutes.",
        math.ceil(seconds / 60),
    )


def signup_throttle_message(seconds: int) -> str:
    """Why a sign-up was refused and when to try again."""
    if seconds < 60:
        return ngettext(
            "Many accounts were made from here just now. Try again in %(num)d second.",
            "Many accounts were made from here just now. Try again in %(num)d seconds.",
            seconds,
        )
    return ngettext(
        "Many accounts were made from here just now. Try again in %(num)d minute.",
        "Many accounts were made from here just now. Try again in %(num)d minutes.",
        math.ceil(seconds / 60),
    )
