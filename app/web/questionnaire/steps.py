"""The questionnaire's pages: what each one asks and how its answers are read.

One question per page (GOV.UK style). The order is worked out from the answers: after the
basic facts, `further_needs` asks only what the engine's `needs` says would change the answer
for this state. Each reader takes the posted form and returns error message ids by field;
the answers are updated only when there are none.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Optional

from starlette.datastructures import FormData

from app.engine import RuleBook, assess
from app.engine.rules import STATE_CODES
from app.engine.vocabulary import Conduct, Relationship

from .answers import WHEN_DAYS, situation

#: The relationship checklist, grouped as people think of them.
RELATIONSHIP_GROUPS = {
    "partner": ("spouse", "former_spouse", "registered_partner", "former_registered_partner", "dating", "former_dating",
                "engaged", "former_engaged", "child_in_common", "pregnancy_in_common", "cohabitant", "former_cohabitant"),
    "family": ("parent", "child", "stepparent", "stepchild", "sibling", "grandparent", "grandchild",
               "other_relative_blood", "relative_by_marriage", "in_law", "guardian", "caregiver"),
    "home": ("household_member", "former_household_member", "roommate"),
    "other": ("coworker", "employer", "classmate", "neighbor", "acquaintance", "stranger", "other"),
}
#: The conduct checklist: the early warning signs of stalking first, then the rest.
CONDUCT_ORDER = ("following", "unwanted_gifts_or_letters", "loitering_near_me", "surveillance",
                 "interference_with_property", "unwanted_contact", "cyber_harassment", "harassment", "stalking",
                 "threats", "intimidation", "physical_abuse", "strangulation", "sexual_assault", "property_damage",
                 "firearm_threat", "coercive_control", "false_imprisonment", "animal_abuse", "child_abuse",
                 "financial_exploitation", "neglect", "trafficking")
ROLES = ("self", "parent_or_guardian_of_minor", "guardian_of_adult")
#: Facts `needs` may name that have a page of their own here.
FURTHER = ("relationship_ended_on", "incident_count", "county", "children_involved", "respondent_has_firearms",
           "lived_together", "petitioner_age", "respondent_age")
BASIC = ("safety", "state", "role", "who", "lived", "ages", "conduct", "when")
DETAILS = ("you", "them", "children", "relief", "incidents", "review")
#: Progress: the part of the questionnaire each page belongs to.
PART = {"safety": 1, "state": 2, "role": 3, "who": 3, "lived": 3, "ages": 3, "conduct": 4, "when": 4,
        "results": 6, "you": 7, "them": 7, "children": 7, "relief": 7, "incidents": 8, "review": 9}
PARTS = 9

Errors = dict[str, str]


def part_of(step: str, history: tuple[str, ...] = ()) -> int:
    """The part a page belongs to; "save for later" belongs to the page it was opened from."""
    if step == "save" and history:
        step = history[-1]
    return 5 if step.startswith("need_") else PART.get(step, 1)


def _one(form: FormData, name: str, limit: int = 200) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _yes_no(value: str) -> Optional[bool]:
    return {"yes": True, "no": False}.get(value)


def _age(form: FormData, name: str, errors: Errors) -> Optional[int]:
    text = _one(form, name, 10)
    if not text:
        return None
    if not text.isdigit() or not 0 <= int(text) <= 120:
        errors[name] = "error.age"
        return None
    return int(text)


def _date(form: FormData, name: str, errors: Errors, today: date, required: bool = False) -> Optional[str]:
    text = _one(form, name, 20)
    if not text:
        if required:
            errors[name] = "error.date_missing"
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        errors[name] = "error.date"
        return None
    if value > today or value.year < 1900:
        errors[name] = "error.date_future"
        return None
    return value.isoformat()


def read_safety(form, answers, today) -> Errors:
    answers["danger"] = _yes_no(_one(form, "danger"))
    return {}


def read_state(form, answers, today) -> Errors:
    code = _one(form, "state", 2).upper()
    if code not in STATE_CODES:
        return {"state": "error.state"}
    if answers.get("state") != code:
        answers["county"] = None
    answers["state"] = code
    return {}


def read_role(form, answers, today) -> Errors:
    role = _one(form, "role")
    if role not in ROLES:
        return {"role": "error.choose_one"}
    answers["role"] = role
    return {}


def read_who(form, answers, today) -> Errors:
    known = {r.value for r in Relationship}
    chosen = [v for v in form.getlist("relationships") if v in known]
    if not chosen:
        return {"relationships": "error.choose_some"}
    answers["relationships"] = chosen
    return {}


def read_lived(form, answers, today) -> Errors:
    value = _one(form, "lived_together")
    if value not in {"yes", "no", "unsure"}:
        return {"lived_together": "error.choose_one"}
    answers["lived_together"] = None if value == "unsure" else value
    return {}


def read_ages(form, answers, today) -> Errors:
    errors: Errors = {}
    answers["petitioner_age"] = _age(form, "petitioner_age", errors)
    answers["respondent_age"] = _age(form, "respondent_age", errors)
    return errors


def read_conduct(form, answers, today) -> Errors:
    known = {c.value for c in Conduct}
    chosen = [v for v in form.getlist("conduct") if v in known]
    if not chosen:
        return {"conduct": "error.choose_some"}
    answers["conduct"] = chosen
    return {}


def read_when(form, answers, today) -> Errors:
    errors: Errors = {}
    exact = _date(form, "last_incident_on", errors, today)
    choice = _one(form, "when")
    if errors:
        return errors
    if not exact and choice not in WHEN_DAYS:
        return {"when": "error.choose_one"}
    answers["last_incident_on"], answers["when"] = exact, (choice if choice in WHEN_DAYS else None)
    return {}


def read_need(fact: str) -> Callable[[FormData, dict, date], Errors]:
    def read(form, answers, today) -> Errors:
        errors: Errors = {}
        value: Any
        if fact == "relationship_ended_on":
            value = _date(form, fact, errors, today)
        elif fact == "incident_count":
            text = _one(form, fact, 6)
            value = int(text) if text.isdigit() else None
            if text and value is None:
                errors[fact] = "error.number"
        elif fact == "county":
            value = _one(form, fact, 100) or None
        elif fact in ("petitioner_age", "respondent_age"):
            value = _age(form, fact, errors)
        elif fact == "lived_together":
            value = _one(form, fact) if _one(form, fact) in {"yes", "no"} else None
        else:
            value = _yes_no(_one(form, fact))
        if not errors:
            answers[fact] = value
        return errors

    return read


READERS: dict[str, Callable[[FormData, dict, date], Errors]] = {
    "safety": read_safety, "state": read_state, "role": read_role, "who": read_who, "lived": read_lived,
    "ages": read_ages, "conduct": read_conduct, "when": read_when,
}


def further_needs(answers: dict, book: RuleBook, today: date) -> list[str]:
    """Facts still unknown that would change an answer for this state, in asking order."""
    if answers.get("state") not in book.states:
        return []
    result = assess(situation(answers, today), book, today)
    wanted = set(result.needs)
    for option in result.options:
        if option.eligible is not False:
            wanted.update(option.needs)
        if option.eligible and any(c.depends for c in option.courts):
            wanted.add("county")
    asked = set(answers.get("asked") or ())
    return [f for f in FURTHER if f in wanted and f not in asked and answers.get(f) in (None, "")]


def next_step(step: str, answers: dict, book: RuleBook, today: date) -> str:
    """The page after `step`, given the answers so far."""
    if step in BASIC[:-1]:
        return BASIC[BASIC.index(step) + 1]
    if step == "when" or step.startswith("need_"):
        pending = further_needs(answers, book, today)
        return f"need_{pending[0]}" if pending else "results"
    if step == "results":
        return "you"
    if step in DETAILS[:-1]:
        return DETAILS[DETAILS.index(step) + 1]
    return "review"


def known_step(step: str) -> bool:
    return step in READERS or step in DETAILS or step == "results" or (step.startswith("need_") and step[5:] in FURTHER)
