"""The impact preview: which answers a draft changes, in words staff can check at a glance.

A grid of situations (every relationship × every kind of conduct × four age bands) is judged
with the published rules and with the draft, on the same date. Differences in eligibility and
in the filing fee are reported one line per situation and order, e.g. "Neighbor, stalking,
adult: no longer eligible for Civil Harassment Restraining Order". The grid leaves the other
facts unknown, as a person who has only just started the questionnaire would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from app.engine import Assessment, RuleBook, Situation, assess
from app.engine.vocabulary import Conduct, Relationship

#: (label, the protected person's age) for each band of the grid.
AGE_BANDS = (("child", 9), ("teenager", 15), ("adult", 30), ("adult 65 or older", 70))
RESPONDENT_AGE = 35


@dataclass(frozen=True)
class Change:
    """One answer that differs between the published rules and the draft."""

    situation: str
    order: str
    text: str

    def __str__(self) -> str:
        return f"{self.situation}: {self.text}"


@dataclass(frozen=True)
class Impact:
    """The changes, and how many situations were compared."""

    changes: tuple[Change, ...]
    situations: int


def grid(state: str) -> list[tuple[tuple[str, str, str], Situation]]:
    """The situations compared, with (relationship, conduct, age band) for naming them."""
    out = []
    for relationship in Relationship:
        for conduct in Conduct:
            for band, age in AGE_BANDS:
                s = Situation(state=state, relationships=frozenset({relationship}), conduct=frozenset({conduct}),
                              petitioner_age=age, respondent_age=RESPONDENT_AGE)
                out.append(((relationship.value, conduct.value, band), s))
    return out


def published_answers(state: str, published: RuleBook, on: date, cache: dict) -> list[Optional[Assessment]]:
    """The published rules' answers over the grid, kept in `cache` by rules version and date
    (they only change when a new version is published, and every "Check" needs them)."""
    if state not in published.compiled:
        return [None] * len(grid(state))
    key = (published.versions[state], on)
    if key not in cache:
        cache.clear()
        cache[key] = [assess(s, published, on) for _, s in grid(state)]
    return cache[key]


def impact(state: str, published: RuleBook, draft: RuleBook, on: date, cache: Optional[dict] = None) -> Impact:
    """Compare the draft with the published rules over the grid."""
    found: dict[tuple[str, str, str, str], list[str]] = {}
    situations = grid(state)
    answers = published_answers(state, published, on, {} if cache is None else cache)
    for ((relationship, conduct, band), s), before in zip(situations, answers):
        after = assess(s, draft, on)
        for order, text in _differences(before, after):
            found.setdefault((relationship, conduct, order, text), []).append(band)
    changes = []
    for (relationship, conduct, order, text), bands in found.items():
        ages = "any age" if len(bands) == len(AGE_BANDS) else " or ".join(bands)
        changes.append(Change(f"{_words(relationship).capitalize()}, {_words(conduct)}, {ages}", order, text))
    return Impact(tuple(changes), len(situations))


def _words(term: str) -> str:
    """A vocabulary id as words ("former_dating" -> "former dating"), as staff know the terms."""
    return term.replace("_", " ")


def _differences(before: Optional[Assessment], after: Assessment) -> list[tuple[str, str]]:
    old = {o.id: o for o in before.options} if before else {}
    new = {o.id: o for o in after.options}
    out: list[tuple[str, str]] = []
    for oid, option in new.items():
        was = old.get(oid)
        if was is None:
            if option.eligible:
                out.append((oid, f"newly offered and eligible for {option.name}"))
            continue
        if was.eligible != option.eligible:
            out.append((oid, f"{_eligibility(option.eligible)} for {option.name}"))
        elif option.eligible is not False and _fee(was) != _fee(option):
            out.append((oid, f"filing fee for {option.name} changes from {_fee(was)} to {_fee(option)}"))
    for oid, was in old.items():
        if oid not in new and was.eligible:
            out.append((oid, f"{was.name} is no longer offered (was eligible)"))
    return out


def _eligibility(eligible: Optional[bool]) -> str:
    if eligible is True:
        return "now eligible"
    if eligible is False:
        return "no longer eligible"
    return "eligibility now depends on facts not yet asked"


def _fee(option) -> str:
    fee = option.fee
    if fee is None:
        return "not stated"
    if fee.amount_usd is not None:
        return f"${fee.amount_usd:,}"
    if fee.options:
        return " or ".join(f"${o.amount_usd:,}" if o.amount_usd is not None else "unknown" for o in fee.options)
    return "not stated"
