"""The rule file format: these models *are* the schema of `rules/states/<st>.yaml`.

Every legal fact is a *dated entry*: it carries `cite` (at least one source and section) and
`effective` (a half-open date range), and may say `unverified: true` with a `note` when the
sources disagree or could not be confirmed. A change in the law closes the old entry (`to:`)
and adds a new one, so past answers stay reproducible. `rules/schema.json` is generated from
these models (`aegis rules schema`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Optional, Union

from pydantic import Field, HttpUrl, field_validator, model_validator

from .conditions import Condition, Strict
from .vocabulary import (
    CourtLevel,
    EvidenceKind,
    EvidenceLevel,
    FormRole,
    OrderKind,
    PetitionerRole,
    ResourceKind,
    ReviewStatus,
)

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
FORM_ID_PATTERN = r"^[A-Z]{2}/[A-Za-z0-9][A-Za-z0-9._-]*$"
STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()


class Effective(Strict):
    """When a fact is law: `from` inclusive, `to` exclusive (None = still in force).

    Half-open ranges let a change take effect on its own date: the old entry's `to` equals
    the new entry's `from`, and no day is covered twice or missed.
    """

    from_: date = Field(alias="from")
    to: Optional[date] = None

    model_config = Strict.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _ordered(self) -> "Effective":
        if self.to is not None and self.to <= self.from_:
            raise ValueError(f"to ({self.to}) must be after from ({self.from_})")
        return self

    def covers(self, on: date) -> bool:
        """True when `on` falls inside the range."""
        return self.from_ <= on and (self.to is None or on < self.to)

    def overlaps(self, other: "Effective") -> bool:
        """True when the two ranges share at least one day."""
        a_end = self.to or date.max
        b_end = other.to or date.max
        return self.from_ < b_end and other.from_ < a_end


class Cite(Strict):
    """Where a fact comes from: a source id from the file's registry and a pinpoint section."""

    source: str = Field(pattern=ID_PATTERN)
    section: str = Field(min_length=1, max_length=200)
    quote: Optional[str] = Field(default=None, max_length=600)


class Source(Strict):
    """One page or statute read to write the rules."""

    title: str = Field(min_length=1)
    url: HttpUrl
    retrieved_on: date
    current_as_of: Optional[date] = None
    note: Optional[str] = None


class Dated(Strict):
    """Base of every legal fact: cited, dated, and honest about doubt."""

    cite: tuple[Cite, ...] = Field(min_length=1)
    effective: Effective
    unverified: bool = False
    note: Optional[str] = None

    @model_validator(mode="after")
    def _unverified_has_note(self) -> "Dated":
        if self.unverified and not (self.note and self.note.strip()):
            raise ValueError("an unverified fact needs a note saying what could not be confirmed")
        return self


class Review(Strict):
    """Where the file stands with legal-aid review."""

    status: ReviewStatus = ReviewStatus.DRAFT
    reviewed_on: Optional[date] = None
    reviewed_by: Optional[str] = None
    note: Optional[str] = None


class Requirement(Dated):
    """One condition of eligibility, with the plain-language reason for each outcome.

    An order type is available when every requirement in effect is met. Entries that share an
    `id` are successive versions of the same requirement and must not overlap in time.
    """

    id: str = Field(pattern=ID_PATTERN)
    test: Condition
    met: str = Field(min_length=1)
    not_met: str = Field(min_length=1)
    unknown: Optional[str] = None


class Petitioners(Dated):
    """Who may file, and from what age a minor may file alone."""

    roles: tuple[PetitionerRole, ...] = Field(min_length=1)
    minor_alone_from_age: Optional[int] = Field(default=None, ge=0, le=18)
    adult_age: int = Field(default=18, ge=14, le=21)
    for_younger: Optional[str] = None
    text: Optional[str] = None


class CourtInfo(Strict):
    """A court, as a person would look for it."""

    name: str = Field(min_length=1)
    level: CourtLevel
    division: Optional[str] = None
    note: Optional[str] = None
    url: Optional[HttpUrl] = None


class CourtRule(Dated):
    """Which court hears the petition when `when` holds; the first matching entry wins."""

    when: Optional[Condition] = None
    court: CourtInfo
    alternatives: tuple[CourtInfo, ...] = ()


class FeeRule(Dated):
    """The filing fee when `when` holds; the first matching entry wins."""

    when: Optional[Condition] = None
    amount_usd: Optional[Union[int, float]] = Field(default=None, ge=0)
    why: str = Field(min_length=1)
    waiver_form: Optional[str] = None


class FormRef(Dated):
    """A court form used for this order."""

    id: str = Field(pattern=FORM_ID_PATTERN)
    title: str = Field(min_length=1)
    role: FormRole = FormRole.PETITION
    mandatory: bool = True
    url: Optional[HttpUrl] = None
    when: Optional[Condition] = None


class EvidenceRule(Dated):
    """Evidence that the court needs or that helps."""

    kind: EvidenceKind
    level: EvidenceLevel = EvidenceLevel.HELPFUL
    why: str = Field(min_length=1)
    when: Optional[Condition] = None


class TemporaryOrder(Dated):
    """The emergency/temporary order and how soon the hearing comes."""

    available: bool
    ex_parte: bool = True
    decided: Optional[str] = None
    lasts: Optional[str] = None
    hearing_within_days: Optional[int] = Field(default=None, ge=0)
    hearing: Optional[str] = None


class FinalOrder(Dated):
    """How long the order lasts after the hearing and whether it can be renewed."""

    duration: str = Field(min_length=1)
    max_years: Optional[float] = Field(default=None, gt=0)
    renewable: Optional[bool] = None
    renewal: Optional[str] = None


class OrderType(Strict):
    """One civil protective order the state offers."""

    id: str = Field(pattern=ID_PATTERN)
    kind: OrderKind
    name: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    statute: str = Field(min_length=1)
    cite: tuple[Cite, ...] = Field(min_length=1)
    effective: Effective
    if_not_eligible: Optional[str] = None
    note: Optional[str] = None
    petitioners: tuple[Petitioners, ...] = Field(min_length=1)
    eligibility: tuple[Requirement, ...] = Field(min_length=1)
    courts: tuple[CourtRule, ...] = Field(min_length=1)
    fees: tuple[FeeRule, ...] = Field(min_length=1)
    forms: tuple[FormRef, ...] = ()
    evidence: tuple[EvidenceRule, ...] = ()
    temporary_order: tuple[TemporaryOrder, ...] = ()
    final_order: tuple[FinalOrder, ...] = ()


class Resource(Dated):
    """Help outside the courts: hotlines, the coalition, self-help centres, legal aid."""

    kind: ResourceKind
    name: str = Field(min_length=1)
    phone: Optional[str] = None
    text: Optional[str] = None
    url: Optional[HttpUrl] = None
    description: Optional[str] = None


class StateRules(Strict):
    """A whole `rules/states/<st>.yaml` file."""

    state: str
    name: str = Field(min_length=1)
    review: Review = Review()
    sources: dict[str, Source] = Field(min_length=1)
    resources: tuple[Resource, ...] = ()
    order_types: tuple[OrderType, ...] = Field(min_length=1)

    @field_validator("state")
    @classmethod
    def _known_state(cls, v: str) -> str:
        if v not in STATE_CODES:
            raise ValueError(f"'{v}' is not a two-letter state code (50 states and DC, upper case)")
        return v

    @field_validator("sources")
    @classmethod
    def _source_ids(cls, v: dict[str, Source]) -> dict[str, Source]:
        for key in v:
            if not re.match(ID_PATTERN, key):
                raise ValueError(f"source id '{key}' must be snake_case")
        return v
