"""Details for the forms: the parties, other protected people, what to ask the judge for, and
the incidents, one at a time. Readers fill `answers["details"]` in the shape of the
paperwork's `Case` (names checked again by `Case` itself before any PDF is made).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from starlette.datastructures import FormData

from app.engine.vocabulary import EvidenceKind

from .steps import Errors, _age, _date, _one, _yes_no

MAX_PROTECTED = 3
MAX_INCIDENTS = 30
#: All incidents' words together. The answers travel in the page (see `sealed.py`), so they must
#: stay far below the sealed token's limit; this is still about 40 typed pages.
MAX_INCIDENT_TEXT = 60_000


def _address(form: FormData, prefix: str) -> Optional[dict[str, str]]:
    parts = {k: _one(form, f"{prefix}_{k}", 200) for k in ("street", "city", "state", "zip")}
    parts = {k: v for k, v in parts.items() if v}
    return parts or None


def _lines(form: FormData, name: str, limit: int = 20) -> list[str]:
    text = form.get(name)
    if not isinstance(text, str):
        return []
    return [line.strip()[:500] for line in text.splitlines() if line.strip()][:limit]


def read_you(form, answers, today) -> Errors:
    errors: Errors = {}
    name = _one(form, "name")
    if not name:
        errors["name"] = "error.name"
    born = _date(form, "date_of_birth", errors, today)
    petitioner: dict[str, Any] = {"name": name or "-", "address": _address(form, "address"),
                                  "keep_address_confidential": form.get("confidential") == "yes",
                                  "mailing_address": _address(form, "mailing"),
                                  "phone": _one(form, "phone", 40) or None, "email": _one(form, "email") or None,
                                  "language": _one(form, "language", 60) or None,
                                  "needs_interpreter": form.get("interpreter") == "yes"}
    if born:
        petitioner["date_of_birth"] = born
    county = _one(form, "county", 100)
    if not errors:
        answers["details"]["petitioner"] = {k: v for k, v in petitioner.items() if v is not None}
        if county:
            answers["county"] = county
    return errors


def read_them(form, answers, today) -> Errors:
    errors: Errors = {}
    name = _one(form, "name")
    if not name:
        errors["name"] = "error.name"
    age = _age(form, "age", errors)
    description = {k: _one(form, k, 80) for k in ("race", "height", "weight", "hair", "eyes")}
    sex = _one(form, "sex")
    if sex in {"female", "male", "nonbinary"}:
        description["sex"] = sex
    description["marks"] = _one(form, "marks", 500)
    guns = _yes_no(_one(form, "has_firearms"))
    respondent: dict[str, Any] = {"name": name or "-", "age": age, "address": _address(form, "address"),
                                  "phone": _one(form, "phone", 40) or None, "employer": _one(form, "employer", 200) or None,
                                  "vehicle": _one(form, "vehicle", 200) or None, "has_firearms": guns,
                                  "firearms": _one(form, "firearms", 2000) or None,
                                  "description": {k: v for k, v in description.items() if v}}
    if not errors:
        answers["details"]["respondent"] = {k: v for k, v in respondent.items() if v is not None}
        if age is not None:
            answers["respondent_age"] = age
        if guns is not None:
            answers["respondent_has_firearms"] = guns
    return errors


def read_children(form, answers, today) -> Errors:
    errors: Errors = {}
    people = []
    for i in range(MAX_PROTECTED):
        name = _one(form, f"p{i}_name")
        relation = _one(form, f"p{i}_relationship", 80)
        age = _age(form, f"p{i}_age", errors)
        if not name and not relation:
            continue
        if not name:
            errors[f"p{i}_name"] = "error.name"
        if not relation:
            errors[f"p{i}_relationship"] = "error.relationship"
        person: dict[str, Any] = {"name": name or "-", "relationship": relation or "-",
                                  "lives_with_you": _yes_no(_one(form, f"p{i}_lives"))}
        if age is not None:
            person["age"] = age
        people.append({k: v for k, v in person.items() if v is not None})
    if not errors:
        answers["details"]["protected_people"] = people
        if people and any(p.get("age", 99) < 18 for p in people):
            answers["children_involved"] = True
    return errors


def read_relief(form, answers, today) -> Errors:
    errors: Errors = {}
    relief: dict[str, Any] = {k: form.get(k) == "yes" for k in
                              ("no_abuse", "no_contact", "stay_away", "move_out", "firearms_surrender", "temporary_custody")}
    yards = _one(form, "stay_away_distance_yards", 6)
    if yards:
        if yards.isdigit() and 1 <= int(yards) <= 10_000:
            relief["stay_away_distance_yards"] = int(yards)
        else:
            errors["stay_away_distance_yards"] = "error.number"
    other = form.get("other")
    if isinstance(other, str) and other.strip():
        relief["other"] = other.strip()[:5000]
    if not errors:
        answers["details"]["relief"] = relief
    return errors


def read_incident(form, answers, today) -> Errors:
    """Add one incident (the "add" button); the list itself is kept in `answers["incidents"]`."""
    errors: Errors = {}
    when = _date(form, "date", errors, today)
    about = _one(form, "approximate_date", 100)
    what = form.get("what_happened")
    what = what.strip()[:20_000] if isinstance(what, str) else ""
    if not what:
        errors["what_happened"] = "error.what_happened"
    if not when and not about and "date" not in errors:
        errors["date"] = "error.incident_date"
    if len(answers.get("incidents") or ()) >= MAX_INCIDENTS:
        errors["what_happened"] = "error.too_many"
    written = sum(len(i.get("what_happened", "")) + len(i.get("injuries", "")) for i in answers.get("incidents") or ())
    if written + len(what) > MAX_INCIDENT_TEXT:
        errors["what_happened"] = "error.too_much_text"
    if errors:
        return errors
    evidence_kind = _one(form, "evidence_kind")
    kind = evidence_kind if evidence_kind in {k.value for k in EvidenceKind} else "other"
    incident: dict[str, Any] = {
        "date": when, "approximate_date": None if when else about, "place": _one(form, "place", 500) or None,
        "what_happened": what, "injuries": _one(form, "injuries", 5000) or None,
        "police_called": _yes_no(_one(form, "police_called")),
        "police_report_number": _one(form, "police_report_number", 80) or None,
        "witnesses": _lines(form, "witnesses"),
        "evidence": [{"description": line, "kind": kind} for line in _lines(form, "evidence")],
    }
    answers.setdefault("incidents", []).append({k: v for k, v in incident.items() if v not in (None, [], "")})
    return {}


def remove_incident(answers: dict, index: int) -> None:
    incidents = answers.get("incidents") or []
    if 0 <= index < len(incidents):
        incidents.pop(index)


DETAIL_READERS = {"you": read_you, "them": read_them, "children": read_children, "relief": read_relief}
