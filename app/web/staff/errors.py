"""The staff editor's errors: all `StaffError`, itself an `AegisError`, so callers catch one
family and show its message (written for the person who has to act on it)."""

from __future__ import annotations

from app.engine import AegisError


class StaffError(AegisError):
    """A staff action that cannot be done; the message says why and what to do instead."""


class AccountError(StaffError):
    """A staff account cannot be created or used as asked."""


class StaleDraftError(StaffError):
    """Someone saved a newer version of the state after this editor started (optimistic lock)."""


class ReviewError(StaffError):
    """A publication that the review rules do not allow."""


class NotFound(StaffError):
    """No such state or version."""
