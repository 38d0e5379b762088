"""Declarative conditions: the only logic a rule file may contain.

Staff edit rule files in a browser, so a condition is data, never an expression: a mapping
with exactly one key, either a combinator (`all`, `any`, `not`) or a test of one fact of the
situation. Facts may be unknown, so every test answers True, False or None (unknown), and the
combinators follow Kleene's three-valued logic: an unknown fact only makes the answer unknown
when it could change it. What stayed unknown is reported as `needs`, which the questionnaire
asks next.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .vocabulary import (
    ENDED_RELATIONSHIPS,
    Conduct,
    PetitionerRole,
    Relationship,
)

if TYPE_CHECKING:  # pragma: no cover
    from .situation import Situation

#: The answer of a condition: True, False or None (depends on facts still unknown).
Verdict = Optional[bool]
#: A compiled condition: (situation, on, eligibility of other options) -> (verdict, needs).
Compiled = Callable[["Situation", date, dict[str, Verdict]], tuple[Verdict, tuple[str, ...]]]


class Strict(BaseModel):
    """Base of every rules model: unknown keys are errors and loaded rules are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AgeBounds(Strict):
    """An age range in whole years: `at_least` is inclusive, `under` exclusive."""

    at_least: Optional[int] = Field(default=None, ge=0, le=130)
    under: Optional[int] = Field(default=None, ge=1, le=131)

    @model_validator(mode="after")
    def _some_bound(self) -> "AgeBounds":
        if self.at_least is None and self.under is None:
            raise ValueError("give at_least, under or both")
        if self.at_least is not None and self.under is not None and self.under <= self.at_least:
            raise ValueError("under must be greater than at_least")
        return self


class Window(Strict):
    """A look-back window counted back from the assessment date; the boundary day counts."""

    days: Optional[int] = Field(default=None, ge=1)
    months: Optional[int] = Field(default=None, ge=1)
    years: Optional[int] = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_unit(self) -> "Window":
        if sum(v is not None for v in (self.days, self.months, self.years)) != 1:
            raise ValueError("give exactly one of days, months or years")
        return self

    def earliest(self, on: date) -> date:
        """The first day still inside the window that ends on `on`."""
        if self.days is not None:
            return date.fromordinal(on.toordinal() - self.days)
        months = self.months if self.months is not None else 12 * (self.years or 0)
        return _months_before(on, months)

    def describe(self) -> str:
        """The window in words, for reasons and tables."""
        for n, unit in ((self.days, "day"), (self.months, "month"), (self.years, "year")):
            if n is not None:
                return f"{n} {unit}{'s' if n != 1 else ''}"
        return ""  # pragma: no cover - validator guarantees a unit


def _months_before(on: date, months: int) -> date:
    """`on` moved back a number of calendar months; the 31st falls back to the month's last day."""
    total = on.year * 12 + (on.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    for day in (on.day, 30, 29, 28):
        try:
            return date(year, month, min(on.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


class Condition(Strict):
    """One test, or a combination of tests, of the person's situation.

    Exactly one key is set. See `rules/README.md` for what each key means.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        json_schema_extra={"minProperties": 1, "maxProperties": 1},
    )

    all_: Optional[tuple["Condition", ...]] = Field(default=None, alias="all", min_length=1)
    any_: Optional[tuple["Condition", ...]] = Field(default=None, alias="any", min_length=1)
    not_: Optional["Condition"] = Field(default=None, alias="not")
    relationship_in: Optional[tuple[Relationship, ...]] = Field(default=None, min_length=1)
    conduct_any: Optional[tuple[Conduct, ...]] = Field(default=None, min_length=1)
    petitioner_role_in: Optional[tuple[PetitionerRole, ...]] = Field(default=None, min_length=1)
    lived_together: Optional[bool] = None
    children_involved: Optional[bool] = None
    respondent_has_firearms: Optional[bool] = None
    petitioner_age: Optional[AgeBounds] = None
    respondent_age: Optional[AgeBounds] = None
    relationship_ended_within: Optional[Window] = None
    last_incident_within: Optional[Window] = None
    incidents_at_least: Optional[int] = Field(default=None, ge=1)
    county_in: Optional[tuple[str, ...]] = Field(default=None, min_length=1)
    not_eligible_for: Optional[tuple[str, ...]] = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _exactly_one_key(self) -> "Condition":
        keys = self.keys_set()
        if len(keys) != 1:
            raise ValueError(
                "a condition has exactly one key, e.g. {relationship_in: [spouse]} or {all: [...]}; "
                f"found {', '.join(keys) if keys else 'none'}"
            )
        return self

    def keys_set(self) -> list[str]:
        """The YAML keys this condition sets (normally exactly one)."""
        out = []
        for name, info in type(self).model_fields.items():
            if getattr(self, name) is not None:
                out.append(info.alias or name)
        return out

    def referenced_options(self) -> set[str]:
        """Ids of other order types this condition depends on (`not_eligible_for`)."""
        found: set[str] = set(self.not_eligible_for or ())
        for child in (*(self.all_ or ()), *(self.any_ or ()), *((self.not_,) if self.not_ else ())):
            found |= child.referenced_options()
        return found

    def compile(self) -> Compiled:
        """Turn the condition into a fast closure; done once at load time."""
        return _compile(self)

    def describe(self) -> str:
        """The condition in short words, for tables and the staff editor."""
        return _describe(self)


def _compile(c: Condition) -> Compiled:  # noqa: C901 - one branch per key, by design
    if c.all_ is not None:
        parts = [_compile(x) for x in c.all_]

        def all_(s, on, others):
            unknown: list[str] = []
            saw_none = False
            for p in parts:
                v, needs = p(s, on, others)
                if v is False:
                    return False, ()
                if v is None:
                    saw_none = True
                    unknown.extend(needs)
            return (None, tuple(dict.fromkeys(unknown))) if saw_none else (True, ())

        return all_
    if c.any_ is not None:
        parts = [_compile(x) for x in c.any_]

        def any_(s, on, others):
            unknown: list[str] = []
            saw_none = False
            for p in parts:
                v, needs = p(s, on, others)
                if v is True:
                    return True, ()
                if v is None:
                    saw_none = True
                    unknown.extend(needs)
            return (None, tuple(dict.fromkeys(unknown))) if saw_none else (False, ())

        return any_
    if c.not_ is not None:
        inner = _compile(c.not_)

        def not_(s, on, others):
            v, needs = inner(s, on, others)
            return (None, needs) if v is None else (not v, ())

        return not_
    if c.relationship_in is not None:
        wanted = frozenset(c.relationship_in)
        return _fact("relationships", lambda s: s.relationships, lambda v: not wanted.isdisjoint(v))
    if c.conduct_any is not None:
        wanted_c = frozenset(c.conduct_any)
        return _fact("conduct", lambda s: s.conduct, lambda v: not wanted_c.isdisjoint(v))
    if c.petitioner_role_in is not None:
        roles = frozenset(c.petitioner_role_in)
        return _fact("petitioner_role", lambda s: s.petitioner_role, lambda v: v in roles)
    for name in ("lived_together", "children_involved", "respondent_has_firearms"):
        wanted_b = getattr(c, name)
        if wanted_b is not None:
            return _fact(name, _getter(name), lambda v, w=wanted_b: v is w)
    if c.petitioner_age is not None:
        return _fact("petitioner_age", lambda s: s.petitioner_age, _in_bounds(c.petitioner_age))
    if c.respondent_age is not None:
        return _fact("respondent_age", lambda s: s.respondent_age, _in_bounds(c.respondent_age))
    if c.relationship_ended_within is not None:
        return _ended_within(c.relationship_ended_within)
    if c.last_incident_within is not None:
        window = c.last_incident_within

        def incident(s, on, others):
            if s.last_incident_on is None:
                return None, ("last_incident_on",)
            return s.last_incident_on >= window.earliest(on), ()

        return incident
    if c.incidents_at_least is not None:
        n = c.incidents_at_least
        return _fact("incident_count", lambda s: s.incident_count, lambda v: v >= n)
    if c.county_in is not None:
        counties = frozenset(_county_key(x) for x in c.county_in)
        return _fact("county", lambda s: s.county, lambda v: _county_key(v) in counties)
    if c.not_eligible_for is not None:
        ids = c.not_eligible_for

        def fallback(s, on, others):
            verdicts = [others.get(i) for i in ids]
            if any(v is True for v in verdicts):
                return False, ()
            if any(v is None for v in verdicts):
                return None, tuple(f"option:{i}" for i, v in zip(ids, verdicts) if v is None)
            return True, ()

        return fallback
    raise AssertionError("a validated condition always has one key")  # pragma: no cover


def _getter(name: str) -> Callable[[Any], Any]:
    return lambda s: getattr(s, name)


def _fact(field: str, get: Callable[[Any], Any], test: Callable[[Any], bool]) -> Compiled:
    needs = (field,)

    def check(s, on, others):
        value = get(s)
        if value is None:
            return None, needs
        return bool(test(value)), ()

    return check


def _in_bounds(b: AgeBounds) -> Callable[[int], bool]:
    low = b.at_least if b.at_least is not None else -1
    high = b.under if b.under is not None else 10_000
    return lambda age: low <= age < high


def _ended_within(window: Window) -> Compiled:
    """Was the relationship still going on, or did it end inside the window?

    A relationship that is not over (no `former_*` term named) is inside any window.
    """

    def check(s, on, others):
        if s.relationship_ended_on is not None:
            return s.relationship_ended_on >= window.earliest(on), ()
        if s.relationships is None:
            return None, ("relationships",)
        if ENDED_RELATIONSHIPS.isdisjoint(s.relationships):
            return True, ()
        return None, ("relationship_ended_on",)

    return check


def _county_key(name: str) -> str:
    """Counties compare without case, spaces or a trailing 'County'."""
    key = name.strip().lower()
    if key.endswith(" county"):
        key = key[: -len(" county")]
    return " ".join(key.split())


def _describe(c: Condition) -> str:
    if c.all_ is not None:
        return "(" + " and ".join(_describe(x) for x in c.all_) + ")"
    if c.any_ is not None:
        return "(" + " or ".join(_describe(x) for x in c.any_) + ")"
    if c.not_ is not None:
        return "not " + _describe(c.not_)
    key = c.keys_set()[0]
    value = getattr(c, {"all": "all_", "any": "any_", "not": "not_"}.get(key, key))
    if isinstance(value, tuple):
        return f"{key} {', '.join(str(v.value if hasattr(v, 'value') else v) for v in value)}"
    if isinstance(value, AgeBounds):
        parts = []
        if value.at_least is not None:
            parts.append(f">= {value.at_least}")
        if value.under is not None:
            parts.append(f"< {value.under}")
        return f"{key} {' and '.join(parts)}"
    if isinstance(value, Window):
        return f"{key} {value.describe()}"
    return f"{key} = {value}"
