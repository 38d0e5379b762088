"""The engine's answer: a stable JSON contract that the questionnaire, the paperwork and
outside scripts read. Field names here are public; change them only with every reader.
"""

from __future__ import annotations

from datetime import date
from typing import Optional, Union

from pydantic import BaseModel, ConfigDict

from .vocabulary import CourtLevel, EvidenceKind, EvidenceLevel, FormRole, OrderKind, PetitionerRole, ResourceKind


class Out(BaseModel):
    """Base of the output models (frozen so cached pieces can be shared between answers)."""

    model_config = ConfigDict(frozen=True)


class CiteOut(Out):
    source: str
    section: str
    url: str
    title: str
    quote: Optional[str] = None
    current_as_of: Optional[date] = None


class Reason(Out):
    """One sentence of why, and the law behind it."""

    text: str
    met: Optional[bool]
    cite: tuple[CiteOut, ...]
    unverified: bool = False


class CourtOut(Out):
    name: str
    level: CourtLevel
    division: Optional[str] = None
    note: Optional[str] = None
    url: Optional[str] = None
    depends: bool = False


class FeeOption(Out):
    amount_usd: Optional[Union[int, float]]
    why: str


class FeeOut(Out):
    """The filing fee; `amount_usd` is None when it depends on facts still unknown
    (`options` then lists the possibilities) or when the rules do not state an amount."""

    amount_usd: Optional[Union[int, float]]
    why: str
    waiver_form: Optional[str] = None
    cite: tuple[CiteOut, ...]
    unverified: bool = False
    options: tuple[FeeOption, ...] = ()


class FormOut(Out):
    id: str
    title: str
    role: FormRole
    mandatory: bool
    url: Optional[str] = None


class EvidenceOut(Out):
    kind: EvidenceKind
    level: EvidenceLevel
    why: str


class TemporaryOut(Out):
    available: bool
    ex_parte: bool
    decided: Optional[str] = None
    lasts: Optional[str] = None
    hearing_within_days: Optional[int] = None
    hearing: Optional[str] = None
    cite: tuple[CiteOut, ...]
    unverified: bool = False


class FinalOut(Out):
    duration: str
    max_years: Optional[float] = None
    renewable: Optional[bool] = None
    renewal: Optional[str] = None
    cite: tuple[CiteOut, ...]
    unverified: bool = False


class PetitionerOut(Out):
    """Who may file, and whether this person must have an adult file for them."""

    roles: tuple[PetitionerRole, ...]
    minor_alone_from_age: Optional[int] = None
    adult_must_file: Optional[bool] = None
    text: Optional[str] = None
    cite: tuple[CiteOut, ...]


class Confirm(Out):
    """A fact the rules could not confirm: the person should check it with the court clerk."""

    about: str
    note: str


class Option(Out):
    """One order type and what it means for this person."""

    id: str
    kind: OrderKind
    name: str
    summary: str
    statute: str
    eligible: Optional[bool]
    unverified: bool
    reasons: tuple[Reason, ...]
    courts: tuple[CourtOut, ...]
    fee: Optional[FeeOut]
    forms: tuple[FormOut, ...]
    evidence: tuple[EvidenceOut, ...]
    temporary_order: Optional[TemporaryOut]
    final_order: Optional[FinalOut]
    petitioner: Optional[PetitionerOut]
    alternative: Optional[str] = None
    needs: tuple[str, ...] = ()
    confirm_with_clerk: tuple[Confirm, ...] = ()
    cite: tuple[CiteOut, ...]


class ResourceOut(Out):
    kind: ResourceKind
    name: str
    phone: Optional[str] = None
    text: Optional[str] = None
    url: Optional[str] = None
    description: Optional[str] = None


class Safety(Out):
    """What to do right now; always present, first in any display."""

    in_danger_now: Optional[bool]
    emergency: str
    firearms: Optional[str] = None
    resources: tuple[ResourceOut, ...]


class Assessment(Out):
    """Every civil order a state offers, judged against one situation on one date."""

    state: str
    on: date
    rules_version: str
    options: tuple[Option, ...]
    needs: tuple[str, ...]
    other_help: tuple[str, ...]
    safety: Safety
