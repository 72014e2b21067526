"""Domain errors raised by services; errors.py turns each into a 4xx with its message."""


class DomainError(Exception):
    """A request that cannot be carried out as asked; the message is shown to the user."""

    status = 400

    def __init__(self, message: str, *, details: list | None = None):
        super().__init__(message)
        self.message = message
        #: Extra structured detail for API clients (e.g. line-numbered import errors).
        self.details = details or []


class NotAllowed(DomainError):
    """The user may not do this."""

    status = 403


class SignInRequired(NotAllowed):
    """A guest may not do this; an account may."""


class NotFound(DomainError):
    """No such thing (or none this user may see)."""

    status = 404


class Conflict(DomainError):
    """The thing is in a state that forbids this (already finished, already taken)."""

    status = 409
