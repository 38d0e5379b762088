"""Checking a draft exactly as the public side would load it: the engine's loader and
validator on the rules text, then the state's cases run against the result.

A draft is `ok` only when both texts load and every case passes; that is the only kind of
draft the repository will keep (`Versions.save_draft` refuses anything else).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from app.engine import Problem, RuleBook, RuleFileError
from app.engine.cases import parse_cases, run_case
from app.engine.coverage import missing_cases

from .books import cases_file, derive_book


@dataclass(frozen=True)
class CaseResult:
    """One worked example and what did not match (empty when it passed)."""

    name: str
    line: int
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class DraftCheck:
    """The outcome of checking one state's rules and cases texts."""

    state: str
    rules_text: str
    cases_text: str
    problems: list[Problem] = field(default_factory=list)
    cases: list[CaseResult] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    book: Optional[RuleBook] = None

    @property
    def loads(self) -> bool:
        """The rules text itself loads (so an impact preview can be made)."""
        return self.book is not None and self.state in self.book.states

    @property
    def failed_cases(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]

    @property
    def ok(self) -> bool:
        return self.loads and not self.problems and bool(self.cases) and not self.failed_cases


def check_draft(published: RuleBook, state: str, rules_text: str, cases_text: str) -> DraftCheck:
    """Parse, validate and run the cases of a draft against the published vocabulary."""
    rules_text = _normalise(rules_text)
    cases_text = _normalise(cases_text)
    check = DraftCheck(state=state, rules_text=rules_text, cases_text=cases_text)
    book = derive_book(published, {state: rules_text})
    if state in book.broken:
        check.problems.extend(book.broken[state].problems)
        return check
    check.book = book
    try:
        loaded = parse_cases(cases_text, cases_file(state), book.states[state])
    except RuleFileError as exc:
        check.problems.extend(exc.problems)
        return check
    compiled = book.compiled[state]
    check.cases = [CaseResult(lc.case.name, lc.line, tuple(run_case(lc, compiled))) for lc in loaded]
    check.missing = missing_cases(book.states[state], loaded)
    return check


def _normalise(text: str) -> str:
    """Browsers send textarea lines ending in CRLF; files use LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") or not text else text + "\n"
