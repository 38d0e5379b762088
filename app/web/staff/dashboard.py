"""One line per jurisdiction for the staff dashboard: review, doubt, tests and forms.

Running a state's cases takes a few milliseconds, 51 states a fraction of a second, so the
results are kept per version id (a version's text never changes) and computed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

from app.engine import RuleBook, RuleFileError, StateRules
from app.engine.cases import parse_cases, run_case
from app.engine.rules import Dated
from app.engine.validation import walk
from app.paperwork.library import FormsLibrary, FormStatus

from .books import cases_file
from .tables import RuleVersion


@dataclass(frozen=True)
class CaseSummary:
    """A published version's cases: how many, how many fail, or why they do not load."""

    count: int
    failed: int
    problem: str = ""


@dataclass(frozen=True)
class StateRow:
    code: str
    name: str
    version_id: Optional[int]
    review_status: str
    reviewed_on: Optional[date]
    reviewed_by: Optional[str]
    published_at: Optional[datetime]
    published_by: Optional[str]
    unverified: int
    cases: CaseSummary
    drafts: int
    forms: str


def unverified_count(rules: StateRules) -> int:
    """Facts marked `unverified: true` (the sources disagreed or could not be confirmed)."""
    return sum(1 for _, node in walk(rules) if isinstance(node, Dated) and node.unverified)


def case_summary(rules: StateRules, book: RuleBook, cases_text: str) -> CaseSummary:
    try:
        loaded = parse_cases(cases_text, cases_file(rules.state), rules)
    except RuleFileError as exc:
        return CaseSummary(0, 0, f"{len(exc.problems)} problem(s) in the cases file")
    failed = sum(1 for lc in loaded if run_case(lc, book.compiled[rules.state]))
    return CaseSummary(len(loaded), failed)


def form_drift(rules: StateRules, library: FormsLibrary) -> str:
    """The state's installed court forms against their field maps."""
    ids = sorted({f.id for order in rules.order_types for f in order.forms if f.id in library.maps})
    statuses = {fid: library.status(fid) for fid in ids}
    installed = {fid: s for fid, s in statuses.items() if s is not FormStatus.NOT_INSTALLED}
    if not installed:
        return f"no form installed ({len(ids)} mapped)" if ids else "no form maps"
    drifted = [fid for fid, s in installed.items() if s is not FormStatus.READY]
    if drifted:
        return "drift: " + ", ".join(drifted)
    return f"{len(installed)} installed, all match their maps"


def state_rows(book: RuleBook, loaded: dict[str, int], versions: dict[int, RuleVersion], drafts: dict[str, int],
               library: FormsLibrary, summaries: dict[int, CaseSummary]) -> list[StateRow]:
    """Every served state, by code. `summaries` caches case results by version id."""
    rows = []
    for code in sorted(book.states):
        rules = book.states[code]
        vid = loaded.get(code)
        version = versions.get(vid) if vid else None
        if vid is not None and vid not in summaries and version is not None:
            summaries[vid] = case_summary(rules, book, version.cases_text)
        rows.append(StateRow(code=code, name=rules.name, version_id=vid, review_status=rules.review.status.value,
                             reviewed_on=rules.review.reviewed_on, reviewed_by=rules.review.reviewed_by,
                             published_at=version.published_at if version else None,
                             published_by=version.reviewer if version else None,
                             unverified=unverified_count(rules),
                             cases=summaries.get(vid, CaseSummary(0, 0, "not loaded")) if vid else CaseSummary(0, 0, "not loaded"),
                             drafts=drafts.get(code, 0), forms=form_drift(rules, library)))
    return rows
