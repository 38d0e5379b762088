"""Where the public side gets the rules it serves.

The questionnaire and the API ask `RulesSource.book()` on every request, so a newly published
rule set takes effect without a restart. `FixedRules` serves one loaded book (the bundled rules,
or whatever a test hands it); the staff editor replaces it with a source that follows the
published versions in the database (`app/web/staff/`).
"""

from __future__ import annotations

from typing import Protocol

from app.engine import RuleBook


class RulesSource(Protocol):
    def book(self) -> RuleBook:
        """The published rules right now."""
        ...


class FixedRules:
    def __init__(self, book: RuleBook):
        self._book = book

    def book(self) -> RuleBook:
        return self._book
