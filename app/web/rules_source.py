"""Where the public side gets the rules it serves.

The questionnaire and the API ask `RulesSource.book()` on every request, so a newly published
rule set takes effect without a restart. `FixedRules` serves one loaded book (the bundled rules,
or whatever a test hands it); the staff editor replaces it with a source that follows the
published versions in the database (`app/web/staff/`).
"""

from __future__ import annotations

from typing import Optional, Protocol

from app.engine import RuleBook


class RulesSource(Protocol):
    def book(self) -> RuleBook:
        """The published rules right now."""
        ...


class FixedRules:
    def __init__(self, book: Optional[RuleBook]):
        self._book = book

    @classmethod
    def pending(cls) -> "FixedRules":
        """A placeholder while `create_app` decides where the rules come from (never served)."""
        return cls(None)

    def book(self) -> RuleBook:
        if self._book is None:
            raise RuntimeError("the app's rules were not set up (create_app sets them)")
        return self._book
