"""The case: everything the forms ask for, on top of the engine's `Situation`.

A `Case` *is* a `Situation` (the engine decides eligibility from the same object), extended with
the parties, the people to protect, the incidents and the relief asked for. It is validated with
Pydantic like the situation, so a bad case file fails with the field's path (`incidents.2.date`).

Nothing here is stored: the questionnaire builds a Case in memory, the packet is streamed, the
Case is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import date
from enum import Enum
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.engine.situation import Situation
from app.engine.vocabulary import EvidenceKind

Sex = Literal["female", "male", "nonbinary"]
Text = Field(default=None, max_length=200)
LongText = Field(default=None, max_length=20_000)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Part(BaseModel):
    """Base of the case's parts: unknown keys are errors (a typo must not silently drop an answer);
    control characters (other than tab and newline) are removed from every text."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, v: object) -> object:
        if isinstance(v, str):
            return _CONTROL.sub("", v.replace("\r\n", "\n").replace("\r", "\n"))
        return v


class Address(Part):
    street: Optional[str] = Text
    city: Optional[str] = Text
    state: Optional[str] = Field(default=None, max_length=40)
    zip: Optional[str] = Field(default=None, max_length=20)

    @property
    def block(self) -> str:
        """Street on one line, then city, state and ZIP: an envelope's address block."""
        last = ", ".join(p for p in (self.city, " ".join(q for q in (self.state, self.zip) if q)) if p)
        return "\n".join(p for p in (self.street, last) if p)

    @property
    def one_line(self) -> str:
        """Street, city, state and ZIP on one line."""
        return ", ".join(p for p in (self.street, self.city, " ".join(q for q in (self.state, self.zip) if q)) if p)


class Description(Part):
    """What the respondent looks like: courts and police use it to serve the order."""

    sex: Optional[Sex] = None
    race: Optional[str] = Field(default=None, max_length=80)
    height: Optional[str] = Field(default=None, max_length=20)
    weight: Optional[str] = Field(default=None, max_length=20)
    hair: Optional[str] = Field(default=None, max_length=40)
    eyes: Optional[str] = Field(default=None, max_length=40)
    marks: Optional[str] = Text


class Petitioner(Part):
    name: str = Field(min_length=1, max_length=200)
    other_names: tuple[str, ...] = ()
    date_of_birth: Optional[date] = None
    sex: Optional[Sex] = None
    race: Optional[str] = Field(default=None, max_length=80)
    address: Optional[Address] = None
    #: The person's home address stays off every form the other side sees; the packet routes it
    #: to the state's confidential form (where the rules name one) or leaves it blank.
    keep_address_confidential: bool = False
    mailing_address: Optional[Address] = None
    phone: Optional[str] = Field(default=None, max_length=40)
    email: Optional[str] = Field(default=None, max_length=200)
    language: Optional[str] = Field(default=None, max_length=60)
    needs_interpreter: bool = False
    attorney: Optional[str] = Text

    @property
    def interpreter_language(self) -> Optional[str]:
        """The language to ask an interpreter for (only when one is needed)."""
        return self.language if self.needs_interpreter else None

    @property
    def contact_address(self) -> Optional[Address]:
        """The address that may go on the petition: the mailing address, or the home address
        only when it is not confidential."""
        if self.mailing_address is not None:
            return self.mailing_address
        return None if self.keep_address_confidential else self.address


class Respondent(Part):
    name: str = Field(min_length=1, max_length=200)
    other_names: tuple[str, ...] = ()
    date_of_birth: Optional[date] = None
    age: Optional[int] = Field(default=None, ge=0, le=130)
    description: Description = Description()
    address: Optional[Address] = None
    phone: Optional[str] = Field(default=None, max_length=40)
    employer: Optional[str] = Text
    employer_address: Optional[Address] = None
    vehicle: Optional[str] = Text
    has_firearms: Optional[bool] = None
    firearms: Optional[str] = Field(default=None, max_length=2000)

    @property
    def name_and_address(self) -> str:
        """Name, then the address block when known."""
        return "\n".join(p for p in (self.name, self.address.block if self.address else None) if p)

    @property
    def employer_line(self) -> Optional[str]:
        """Employer and its address on one line."""
        parts = [self.employer, self.employer_address.one_line if self.employer_address else None]
        return ", ".join(p for p in parts if p) or None


class ProtectedPerson(Part):
    """A child or household member the order should also protect."""

    name: str = Field(min_length=1, max_length=200)
    relationship: str = Field(min_length=1, max_length=80, description="to you, in your words: daughter, mother…")
    date_of_birth: Optional[date] = None
    age: Optional[int] = Field(default=None, ge=0, le=130)
    sex: Optional[Sex] = None
    race: Optional[str] = Field(default=None, max_length=80)
    lives_with_you: Optional[bool] = None
    child_of_respondent: Optional[bool] = None

    @property
    def sex_code(self) -> Optional[str]:
        """M, F or X: the one-letter box on California's forms."""
        return {"male": "M", "female": "F", "nonbinary": "X"}.get(self.sex or "")


class EvidenceItem(Part):
    description: str = Field(min_length=1, max_length=2000)
    kind: EvidenceKind = EvidenceKind.OTHER


class Incident(Part):
    """One thing that happened. A date, or an approximate date in words ("around March 2025")."""

    date: Optional[dt.date] = None
    approximate_date: Optional[str] = Field(default=None, max_length=100)
    place: Optional[str] = Field(default=None, max_length=500)
    what_happened: str = Field(min_length=1, max_length=20_000)
    injuries: Optional[str] = Field(default=None, max_length=5000)
    weapons: Optional[str] = Field(default=None, max_length=2000)
    police_called: Optional[bool] = None
    police_report_number: Optional[str] = Field(default=None, max_length=80)
    medical_care: Optional[str] = Field(default=None, max_length=2000)
    witnesses: tuple[str, ...] = ()
    evidence: tuple[EvidenceItem, ...] = ()

    @model_validator(mode="after")
    def _when(self) -> "Incident":
        if self.date is None and not self.approximate_date:
            raise ValueError("give the date, or an approximate date in words (approximate_date)")
        return self

    @property
    def sort_date(self) -> Optional[date]:
        """The date, or a best guess from the words of an approximate date ("early August 2026",
        "summer 2025") so the declaration can keep its story in order; None when there is no year."""
        if self.date:
            return self.date
        return approximate_to_date(self.approximate_date or "")

    @property
    def when(self) -> str:
        """The date as the forms print it: MM/DD/YYYY, or the approximate date in words."""
        return self.date.strftime("%m/%d/%Y") if self.date else f"about {self.approximate_date}"


class Relief(Part):
    """What the person asks the court to order."""

    no_abuse: bool = True
    stay_away: bool = True
    stay_away_distance_yards: Optional[int] = Field(default=None, ge=1, le=10_000)
    no_contact: bool = True
    move_out: bool = False
    firearms_surrender: bool = False
    temporary_custody: bool = False
    visitation: Optional[str] = Field(default=None, max_length=2000)
    pets: tuple[str, ...] = ()
    property: Optional[str] = Field(default=None, max_length=2000)
    other: Optional[str] = Field(default=None, max_length=5000)


class CaseKind(str, Enum):
    RESTRAINING_ORDER = "restraining_order"
    CUSTODY = "custody"
    DIVORCE = "divorce"
    JUVENILE = "juvenile"
    GUARDIANSHIP = "guardianship"
    CRIMINAL = "criminal"
    OTHER = "other"


class ExistingCase(Part):
    kind: CaseKind
    description: Optional[str] = Text
    court: Optional[str] = Text
    case_number: Optional[str] = Field(default=None, max_length=80)
    filed_on: Optional[date] = None
    status: Optional[str] = Field(default=None, max_length=200)


class Case(Situation):
    """A Situation plus what the court forms ask for."""

    order_type: Optional[str] = Field(default=None, max_length=80, description="the order to ask for (an id in the state's rules); default: the first one you can get")
    language: Literal["en", "es"] = "en"
    case_number: Optional[str] = Field(default=None, max_length=80)
    petitioner: Petitioner
    respondent: Respondent
    protected_people: tuple[ProtectedPerson, ...] = ()
    why_protect_others: Optional[str] = Field(default=None, max_length=5000)
    incidents: tuple[Incident, ...] = Field(default=(), max_length=200)
    relief: Relief = Relief()
    existing_cases: tuple[ExistingCase, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> "Case":
        if self.relief.temporary_custody and not self.protected_people:
            raise ValueError("relief.temporary_custody: name the children in protected_people")
        return self

    @property
    def incidents_by_date(self) -> tuple[Incident, ...]:
        """Incidents oldest first (a declaration tells the story in order); undated ones keep their place at the end."""
        dated = sorted((i for i in self.incidents if i.sort_date), key=lambda i: i.sort_date)  # type: ignore[arg-type, return-value]
        return tuple(dated) + tuple(i for i in self.incidents if not i.sort_date)

    @property
    def incidents_newest_first(self) -> tuple[Incident, ...]:
        """Most recent first, as petitions ask ("the most recent abuse", then the one before)."""
        dated = sorted((i for i in self.incidents if i.sort_date), key=lambda i: i.sort_date, reverse=True)  # type: ignore[arg-type, return-value]
        return tuple(dated) + tuple(i for i in self.incidents if not i.sort_date)

    @property
    def more_than_three_incidents(self) -> bool:
        return len(self.incidents) > 3

    @property
    def relation(self) -> "RelationFacts":
        return RelationFacts.of(self)

    @property
    def existing(self) -> "ExistingSummary":
        return ExistingSummary.of(self.existing_cases)

    @property
    def relationship_text(self) -> Optional[str]:
        """The relationships in words ("former dating, child in common"), for forms that ask in a sentence."""
        words = sorted(r.value.replace("_", " ") for r in (self.relationships or ()))
        return ", ".join(words) or None

    @property
    def petitioner_is_adult(self) -> Optional[bool]:
        """18 or older, as forms ask it (None when the age is not known)."""
        return None if self.petitioner_age is None else self.petitioner_age >= 18

    @property
    def respondent_is_adult(self) -> Optional[bool]:
        return None if self.respondent_age is None else self.respondent_age >= 18

    @property
    def has_minor_children(self) -> bool:
        """A child under 18 among the people to protect."""
        return any(p.age is not None and p.age < 18 for p in self.protected_people)

    @property
    def existing_cases_text(self) -> Optional[str]:
        """Other cases, one per line: kind, court, year, number, status."""
        lines = []
        for c in self.existing_cases:
            bits = [c.kind.value.replace("_", " "), c.description, c.court, str(c.filed_on.year) if c.filed_on else None, c.case_number, c.status]
            lines.append(", ".join(b for b in bits if b))
        return "\n".join(lines) or None

    @property
    def statement_text(self) -> Optional[str]:
        """Every incident, oldest first, one paragraph each: the body of an affidavit."""
        out = []
        for i in self.incidents_by_date:
            parts = [f"On {i.when}" + (f", at {i.place}" if i.place else "") + ": " + " ".join(i.what_happened.split())]
            for label, value in (("Injuries", i.injuries), ("Weapons", i.weapons), ("Medical care", i.medical_care)):
                if value:
                    parts.append(f"{label}: {value}")
            if i.police_called:
                parts.append("The police were called" + (f" (report {i.police_report_number})." if i.police_report_number else "."))
            if i.witnesses:
                parts.append("Witnesses: " + ", ".join(i.witnesses))
            out.append(" ".join(p if p.endswith(".") else p + "." for p in parts))
        return "\n\n".join(out) or None

    @property
    def earlier_incidents_text(self) -> Optional[str]:
        """Every incident but the most recent, newest first, one paragraph each."""
        rest = self.incidents_newest_first[1:]
        return "\n".join(f"{i.when}: {' '.join(i.what_happened.split())}" for i in rest) or None

    @property
    def children_together(self) -> tuple[ProtectedPerson, ...]:
        return tuple(p for p in self.protected_people if p.child_of_respondent)

    @property
    def children_together_names(self) -> Optional[str]:
        return ", ".join(p.name for p in self.children_together) or None

    @property
    def exhibits(self) -> tuple[tuple[str, Incident, EvidenceItem], ...]:
        """Every evidence item with its exhibit letter (A, B, … Z, AA, AB …), in the order of the declaration."""
        out = []
        for incident in self.incidents_by_date:
            for item in incident.evidence:
                out.append((exhibit_letter(len(out)), incident, item))
        return tuple(out)

    def with_facts_from_details(self, on: date) -> "Case":
        """Fill engine facts the details already answer (ages from dates of birth, the latest
        incident, children): the person should not be asked twice."""
        update: dict[str, object] = {}
        if self.petitioner_age is None and self.petitioner.date_of_birth:
            update["petitioner_age"] = age_on(self.petitioner.date_of_birth, on)
        if self.respondent_age is None:
            if self.respondent.age is not None:
                update["respondent_age"] = self.respondent.age
            elif self.respondent.date_of_birth:
                update["respondent_age"] = age_on(self.respondent.date_of_birth, on)
        dated = [i.date for i in self.incidents if i.date]
        if self.last_incident_on is None and dated:
            update["last_incident_on"] = max(dated)
        if self.incident_count is None and self.incidents:
            update["incident_count"] = len(self.incidents)
        if self.respondent_has_firearms is None and self.respondent.has_firearms is not None:
            update["respondent_has_firearms"] = self.respondent.has_firearms
        return self.model_copy(update=update) if update else self


_MONTHS = {name: n for n, names in enumerate((
    ("january", "jan", "enero"), ("february", "feb", "febrero"), ("march", "mar", "marzo"), ("april", "apr", "abril"),
    ("may", "mayo"), ("june", "jun", "junio"), ("july", "jul", "julio"), ("august", "aug", "agosto"),
    ("september", "sep", "sept", "septiembre"), ("october", "oct", "octubre"), ("november", "nov", "noviembre"),
    ("december", "dec", "diciembre")), start=1) for name in names}
_SEASONS = {"winter": 1, "invierno": 1, "spring": 4, "primavera": 4, "summer": 7, "verano": 7, "fall": 10, "autumn": 10, "otoño": 10}


def approximate_to_date(words: str) -> Optional[date]:
    """A sortable date for "early August 2026", "summer of 2025", "2024": only for ordering, never printed."""
    text = words.lower()
    year = re.search(r"\b(19|20)\d\d\b", text)
    if not year:
        return None
    tokens = re.findall(r"[a-zñ]+", text)
    month = next((_MONTHS[t] for t in tokens if t in _MONTHS), None) or next((_SEASONS[t] for t in tokens if t in _SEASONS), 6)
    day = 5 if ("early" in tokens or "principios" in tokens) else 25 if ("late" in tokens or "finales" in tokens) else 15
    return date(int(year.group(0)), month, day)


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def exhibit_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the way courts letter exhibits."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class RelationFacts(BaseModel):
    """How the two people are related, in the groupings court forms print (one checkbox may
    cover several vocabulary terms, e.g. "married or registered domestic partners")."""

    model_config = ConfigDict(frozen=True)

    married: bool = False
    formerly_married: bool = False
    dating: bool = False
    engaged: bool = False
    children_together: bool = False
    related: bool = False
    parent: bool = False
    sibling: bool = False
    child: bool = False
    grandparent: bool = False
    grandchild: bool = False
    in_law: bool = False
    household: bool = False
    lived_together: bool = False

    @classmethod
    def of(cls, case: "Case") -> "RelationFacts":
        r = {x.value for x in (case.relationships or ())}
        family = {"parent", "stepparent", "child", "stepchild", "sibling", "grandparent", "grandchild",
                  "other_relative_blood", "relative_by_marriage", "in_law"}
        return cls(
            married=bool(r & {"spouse", "registered_partner"}),
            formerly_married=bool(r & {"former_spouse", "former_registered_partner"}),
            dating=bool(r & {"dating", "former_dating"}),
            engaged=bool(r & {"engaged", "former_engaged"}),
            children_together=bool(r & {"child_in_common"}) or any(p.child_of_respondent for p in case.protected_people),
            related=bool(r & family),
            parent=bool(r & {"parent", "stepparent"}),
            sibling="sibling" in r,
            child=bool(r & {"child", "stepchild"}),
            grandparent="grandparent" in r,
            grandchild="grandchild" in r,
            in_law=bool(r & {"in_law", "relative_by_marriage"}),
            household=bool(r & {"household_member", "former_household_member", "cohabitant", "former_cohabitant", "roommate"}),
            lived_together=bool(case.lived_together) or bool(r & {"cohabitant", "former_cohabitant", "household_member", "former_household_member"}),
        )


class ExistingSummary(BaseModel):
    """Other cases between the parties, one line per kind ("Alameda County, 2024, FL-1234")."""

    model_config = ConfigDict(frozen=True)

    restraining_order: Optional[str] = None
    custody: Optional[str] = None
    divorce: Optional[str] = None
    juvenile: Optional[str] = None
    guardianship: Optional[str] = None
    criminal: Optional[str] = None
    other: Optional[str] = None

    @classmethod
    def of(cls, cases: tuple[ExistingCase, ...]) -> "ExistingSummary":
        lines: dict[str, list[str]] = {}
        for c in cases:
            bits = [c.description, c.court, str(c.filed_on.year) if c.filed_on else None, c.case_number, c.status]
            lines.setdefault(c.kind.value, []).append(", ".join(b for b in bits if b) or c.kind.value)
        return cls(**{k: "; ".join(v) for k, v in lines.items()})


def parse_case(text: str, file: str) -> Case:
    """A case file (YAML or JSON) as a Case; every problem names the file, line and field."""
    from app.engine.validation import parse_as

    return parse_as(Case, text, file)[0]
