"""What a state's cases leave untested.

A rule is only as good as the examples that pin it. For each order type we want at least two
cases where it is available and two where it is not, and for every boundary the rules draw
(an age limit, a look-back window, a date a change takes effect) a case on each side of it.
"""

from __future__ import annotations

from datetime import date, timedelta

from .cases import LoadedCase
from .conditions import AgeBounds, Condition, Window
from .rules import StateRules
from .validation import walk

MIN_EACH_WAY = 2


def missing_cases(rules: StateRules, cases: list[LoadedCase]) -> list[str]:
    """Sentences naming each missing case; empty when coverage is complete."""
    out: list[str] = []
    for order in rules.order_types:
        expects = [(lc, lc.case.expect.options.get(order.id)) for lc in cases]
        about = [(lc, e) for lc, e in expects if e is not None]
        yes = sum(1 for _, e in about if e.get("eligible") is True)
        no = sum(1 for _, e in about if e.get("eligible") is False)
        if yes < MIN_EACH_WAY:
            out.append(f"{order.id}: {yes} case(s) where it is available; write at least {MIN_EACH_WAY}")
        if no < MIN_EACH_WAY:
            out.append(f"{order.id}: {no} case(s) where it is not available; write at least {MIN_EACH_WAY}")
        situations = [lc for lc, _ in about]
        for field, bound in _age_bounds(order):
            for limit in (bound.at_least, bound.under):
                if limit is None:
                    continue
                for age in (limit, limit - 1):
                    if not any(getattr(lc.situation, field) == age for lc in situations):
                        out.append(f"{order.id}: no case with {field} {age} (the boundary at {limit})")
        for p in order.petitioners:
            limit = p.minor_alone_from_age
            if limit:
                for age in (limit, limit - 1):
                    if not any(lc.situation.petitioner_age == age for lc in situations):
                        out.append(f"{order.id}: no case with petitioner_age {age} (minors may file alone from {limit})")
        for field, window in _windows(order):
            inside = outside = False
            for lc in situations:
                value = getattr(lc.situation, field)
                if value is None:
                    continue
                first = window.earliest(lc.case.on)
                inside |= value == first
                outside |= value == first - timedelta(days=1)
            if not inside:
                out.append(f"{order.id}: no case with {field} on the last day inside the {window.describe()} window")
            if not outside:
                out.append(f"{order.id}: no case with {field} on the first day outside the {window.describe()} window")
    out.extend(_effective_dates(rules, cases))
    return out


def _age_bounds(order) -> list[tuple[str, AgeBounds]]:
    found = []
    for _, obj in walk(order):
        if isinstance(obj, Condition):
            if obj.petitioner_age is not None:
                found.append(("petitioner_age", obj.petitioner_age))
            if obj.respondent_age is not None:
                found.append(("respondent_age", obj.respondent_age))
    return found


def _windows(order) -> list[tuple[str, Window]]:
    found = []
    for _, obj in walk(order):
        if isinstance(obj, Condition):
            if obj.relationship_ended_within is not None:
                found.append(("relationship_ended_on", obj.relationship_ended_within))
            if obj.last_incident_within is not None:
                found.append(("last_incident_on", obj.last_incident_within))
    return found


def _effective_dates(rules: StateRules, cases: list[LoadedCase]) -> list[str]:
    starts: set[date] = set()
    for _, obj in walk(rules):
        eff = getattr(obj, "effective", None)
        if eff is not None and hasattr(eff, "from_"):
            starts.add(eff.from_)
            if eff.to is not None:
                starts.add(eff.to)
    if not starts:
        return []
    first = min(starts)
    days = {lc.case.on for lc in cases}
    out = []
    for d in sorted(starts):
        if d == first:
            continue
        for day, what in ((d - timedelta(days=1), "the day before"), (d, "the day")):
            if day not in days:
                out.append(f"no case on {day} ({what} a change takes effect on {d})")
    return out
