"""What the person tells us: the engine's input.

Everything but `state` may be unknown (null). The engine answers with what it can decide and
lists in `needs` the unknown facts that would change the answer, so the questionnaire asks
only those.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .rules import STATE_CODES
from .vocabulary import Conduct, PetitionerRole, Relationship

#: Situation fields that `needs` may name, in the order a questionnaire would ask them.
ASKABLE_FACTS = (
    "petitioner_role",
    "relationships",
    "lived_together",
    "relationship_ended_on",
    "conduct",
    "last_incident_on",
    "incident_count",
    "petitioner_age",
    "respondent_age",
    "county",
    "children_involved",
    "respondent_has_firearms",
)


class Situation(BaseModel):
    """A person's situation, as far as it is known.

    `petitioner_age` is the age of the person who needs protection; when a parent files for a
    child, `petitioner_role` is `parent_or_guardian_of_minor` and the age is the child's.
    `petitioner_role` defaults to `self` (the person is asking for themselves).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    state: str = Field(description="Two-letter state code, DC included.")
    petitioner_role: Optional[PetitionerRole] = PetitionerRole.SELF
    relationships: Optional[frozenset[Relationship]] = None
    lived_together: Optional[bool] = None
    relationship_ended_on: Optional[date] = None
    last_incident_on: Optional[date] = None
    incident_count: Optional[int] = Field(default=None, ge=0, le=10_000)
    conduct: Optional[frozenset[Conduct]] = None
    petitioner_age: Optional[int] = Field(default=None, ge=0, le=130)
    respondent_age: Optional[int] = Field(default=None, ge=0, le=130)
    county: Optional[str] = Field(default=None, max_length=100)
    children_involved: Optional[bool] = None
    respondent_has_firearms: Optional[bool] = None
    in_danger_now: Optional[bool] = None

    @field_validator("state", mode="before")
    @classmethod
    def _state_code(cls, v: object) -> object:
        if isinstance(v, str):
            code = v.strip().upper()
            if code not in STATE_CODES:
                raise ValueError(f"'{v}' is not a US state code (two letters, DC included)")
            return code
        return v
