"""The person's answers as they travel in the sealed page token, and how they become the
engine's `Situation` and the paperwork's `Case`.

Answers are a plain JSON dict (small, so each page stays light). Nothing here touches the
server's disk, database or logs.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Optional

from pydantic import ValidationError

from app.engine import Situation
from app.paperwork.case import Case

#: "When did it last happen?" choices, in days before today (the middle of each range).
WHEN_DAYS = {"days_0_1": 0, "week": 4, "month": 18, "months_1_3": 60, "months_3_12": 180, "over_year": 500}


def fresh(lang: str) -> dict[str, Any]:
    return {"lang": lang, "history": [], "asked": [], "incidents": [], "details": {}}


def _opt_date(value: Any) -> Optional[date]:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def last_incident(answers: dict[str, Any], today: date) -> Optional[date]:
    exact = _opt_date(answers.get("last_incident_on"))
    if exact:
        return exact
    days = WHEN_DAYS.get(answers.get("when") or "")
    return today - timedelta(days=days) if days is not None else None


def situation_fields(answers: dict[str, Any], today: date) -> dict[str, Any]:
    """The engine's facts from the answers (unknowns stay None)."""
    lived = answers.get("lived_together")
    return {
        "state": answers.get("state"),
        "petitioner_role": answers.get("role") or "self",
        "relationships": answers.get("relationships") or None,
        "lived_together": {"yes": True, "no": False}.get(lived) if lived else None,
        "relationship_ended_on": _opt_date(answers.get("relationship_ended_on")),
        "conduct": answers.get("conduct") or None,
        "last_incident_on": last_incident(answers, today),
        "incident_count": answers.get("incident_count"),
        "petitioner_age": answers.get("petitioner_age"),
        "respondent_age": answers.get("respondent_age"),
        "county": answers.get("county") or None,
        "children_involved": answers.get("children_involved"),
        "respondent_has_firearms": answers.get("respondent_has_firearms"),
        "in_danger_now": answers.get("danger"),
    }


def situation(answers: dict[str, Any], today: date) -> Situation:
    """The Situation; answers that no longer validate (they are checked page by page) are dropped."""
    fields = situation_fields(answers, today)
    try:
        return Situation(**fields)
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
        return Situation(**{k: v for k, v in fields.items() if k not in bad or k == "state"})


def case(answers: dict[str, Any], today: date) -> Case:
    """The Case for the packet; raises pydantic's ValidationError naming what is missing."""
    details = answers.get("details") or {}
    fields = situation_fields(answers, today)
    fields = {k: v for k, v in fields.items() if v is not None}
    return Case(
        **fields,
        order_type=answers.get("order_type"),
        language=answers.get("lang", "en"),
        petitioner=details.get("petitioner") or {},
        respondent=details.get("respondent") or {},
        protected_people=details.get("protected_people") or (),
        incidents=answers.get("incidents") or (),
        relief=details.get("relief") or {},
    )
