"""Domain exceptions: each carries a message fit to show the user (Chinese) and maps to a 4xx (or a
503 when the server lacks something an administrator must install)."""


class DomainError(Exception):
    status = 400

    def __init__(self, message, **details):
        self.message = message
        self.details = details
        super().__init__(message)


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class InvalidState(DomainError):
    status = 409


class Unavailable(DomainError):
    status = 503
