"""The engine: a pure function of (situation, rules, date) to an `Assessment`.

No clock, no environment, no I/O: the caller passes the date (`on`) and the loaded rules.
Everything that does not depend on the person was built when the rules were loaded
(`compiled.py`); answering walks small lists and picks prebuilt pieces.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Optional

from .assessment import Assessment, CourtOut, FeeOption, FeeOut, Option, Reason, Safety
from .compiled import CompiledState, Entry, Plan
from .conditions import Verdict
from .errors import AegisError
from .situation import ASKABLE_FACTS, Situation
from .vocabulary import PetitionerRole

if TYPE_CHECKING:  # pragma: no cover
    from .loader import RuleBook

_NEED_ORDER = {name: i for i, name in enumerate(ASKABLE_FACTS)}


def assess(situation: Situation, book: "RuleBook", on: date) -> Assessment:
    """Judge every civil order of the situation's state on date `on`.

    Raises `AegisError` when the state has no rules loaded (unknown or broken file).
    """
    compiled = book.compiled.get(situation.state)
    if compiled is None:
        if situation.state in book.broken:
            raise AegisError(f"state: the rules for {situation.state} are being fixed and cannot be used right now")
        raise AegisError(f"state: there are no rules for {situation.state} yet")
    return _assess(situation, compiled, on)


def _assess(s: Situation, cs: CompiledState, on: date) -> Assessment:
    verdicts: dict[str, Verdict] = {}
    option_needs: dict[str, tuple[str, ...]] = {}
    options: list[Option] = []
    all_needs: dict[str, None] = {}
    day = cs.view(on)
    for plan in day.plans:
        option, eligibility_needs = _option(s, on, plan, verdicts, option_needs, cs)
        verdicts[plan.rule.id] = option.eligible
        option_needs[plan.rule.id] = eligibility_needs
        options.append(option)
        if option.eligible is not False and option.needs:
            all_needs.update(dict.fromkeys(option.needs))
    options.sort(key=lambda o: cs.position[o.id])
    safety = Safety(
        in_danger_now=s.in_danger_now,
        emergency=day.emergency,
        firearms=day.firearms if s.respondent_has_firearms else None,
        resources=day.resources,
    )
    return Assessment(
        state=s.state,
        on=on,
        rules_version=cs.version,
        options=tuple(options),
        needs=_ordered(all_needs),
        other_help=day.other_help,
        safety=safety,
    )


def _ordered(needs) -> tuple[str, ...]:
    if not needs:
        return ()
    return tuple(sorted(needs, key=lambda n: _NEED_ORDER.get(n, 99)))


def _option(s: Situation, on: date, plan: Plan, verdicts, option_needs, cs: CompiledState) -> tuple[Option, tuple[str, ...]]:
    """Judge one order type. Returns the option and the facts its *eligibility* waits on
    (what a fallback order that depends on it inherits)."""
    rule = plan.rule
    reasons: list[Reason] = []
    needs: dict[str, None] = {}
    eligible: Verdict = True

    petitioner = None
    if plan.petitioner is not None:
        verdict, petitioner, reason = _petitioner(s, plan.petitioner, cs)
        if verdict is None:
            needs["petitioner_role"] = None
            eligible = None
        elif verdict is False:
            eligible = False
        if reason is not None:
            reasons.append(reason)

    for entry in plan.eligibility:
        verdict, why = entry.test(s, on, verdicts)
        if verdict is False:
            eligible = False
        elif verdict is None:
            if eligible is True:
                eligible = None
            for n in why:
                if n.startswith("option:"):
                    needs.update(dict.fromkeys(option_needs.get(n[7:], ())))
                else:
                    needs[n] = None
        reasons.append(entry.extra[verdict])

    if eligible is not None:
        needs.clear()
    eligibility_needs = _ordered(needs)

    court_entries, court_needs = _first_match(plan.courts, s, on, verdicts)
    fee_entries, fee_needs = _first_match(plan.fees, s, on, verdicts)
    if eligible is not False and (court_needs or fee_needs):
        needs.update(dict.fromkeys(court_needs))
        needs.update(dict.fromkeys(fee_needs))

    forms = plan.static_forms
    if plan.when_forms:  # keep the file's order: the petition first, as staff wrote it
        forms = [e for e in plan.forms if e.test is None or e.test(s, on, verdicts)[0] is not False]
    evidence = plan.static_evidence
    if plan.when_evidence:
        evidence = evidence + tuple(e.out for e in plan.when_evidence if e.test(s, on, verdicts)[0] is not False)
    confirm = plan.static_confirm
    if plan.dynamic_confirm:
        dynamic = [e.confirm for e in (*court_entries, *fee_entries, *forms) if e.confirm is not None]
        if dynamic:
            confirm = tuple(dict.fromkeys((*confirm, *dynamic)))
    option = Option(
        id=rule.id,
        kind=rule.kind,
        name=rule.name,
        summary=rule.summary,
        statute=rule.statute,
        eligible=eligible,
        unverified=bool(confirm),
        reasons=tuple(reasons),
        courts=_courts(court_entries, bool(court_needs)),
        fee=_fee(fee_entries),
        forms=tuple(e.out for e in forms),
        evidence=evidence,
        temporary_order=plan.temporary.out if plan.temporary else None,
        final_order=plan.final.out if plan.final else None,
        petitioner=petitioner,
        alternative=rule.if_not_eligible if eligible is False else None,
        needs=_ordered(needs),
        confirm_with_clerk=confirm,
        cite=plan.order.cite,
    )
    return option, eligibility_needs


def _first_match(entries: list[Entry], s, on, verdicts) -> tuple[list[Entry], list[str]]:
    """Walk an ordered list to the first entry that applies. Entries whose `when` is unknown
    stay as possibilities, with the facts that would decide them."""
    if len(entries) == 1 and entries[0].test is None:
        return entries, []
    out: list[Entry] = []
    needs: list[str] = []
    for entry in entries:
        if entry.test is None:
            out.append(entry)
            return out, needs
        verdict, why = entry.test(s, on, verdicts)
        if verdict is True:
            out.append(entry)
            return out, needs
        if verdict is None:
            out.append(entry)
            needs.extend(n for n in why if not n.startswith("option:"))
    return out, needs


def _courts(entries: list[Entry], depends: bool) -> tuple[CourtOut, ...]:
    """The possible courts, each once; all marked `depends` while facts are missing."""
    if len(entries) == 1:
        return entries[0].extra[depends]
    seen: set[tuple] = set()
    out = []
    for e in entries:
        for c in e.extra[depends]:
            key = (c.name, c.level, c.division)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return tuple(out)


def _fee(entries: list[Entry]) -> Optional[FeeOut]:
    if not entries:
        return None
    if len(entries) == 1:
        return entries[0].out
    return FeeOut(
        amount_usd=None,
        why="The fee depends on facts not known yet: " + " / ".join(e.rule.why for e in entries),
        waiver_form=next((e.rule.waiver_form for e in entries if e.rule.waiver_form), None),
        cite=tuple(dict.fromkeys(c for e in entries for c in e.cite)),
        unverified=any(e.rule.unverified for e in entries),
        options=tuple(FeeOption(amount_usd=e.rule.amount_usd, why=e.rule.why) for e in entries),
    )


def _petitioner(s: Situation, entry: Entry, cs: CompiledState):
    """Who files: a role the law does not allow makes the order unavailable; a minor who may
    not file alone can still get the order, through an adult."""
    p = entry.rule
    role = s.petitioner_role
    if role is None:
        text = _roles_sentence(p, cs, "It depends on who is asking.")
        return None, entry.extra[None], Reason(text=text, met=None, cite=entry.cite, unverified=p.unverified)
    if role not in p.roles:
        text = _roles_sentence(p, cs, "You cannot ask for this order in the role you chose.")
        return False, entry.extra[None], Reason(text=text, met=False, cite=entry.cite, unverified=p.unverified)
    if role is not PetitionerRole.SELF or s.petitioner_age is None:
        return True, entry.extra[None], None
    if s.petitioner_age >= p.adult_age:
        return True, entry.extra[False], None
    if p.minor_alone_from_age is not None and s.petitioner_age >= p.minor_alone_from_age:
        text = f"At {s.petitioner_age}, you can ask for this order yourself."
        return True, entry.extra[False], Reason(text=text, met=True, cite=entry.cite, unverified=p.unverified)
    limit = p.minor_alone_from_age if p.minor_alone_from_age is not None else p.adult_age
    text = p.for_younger or f"Because you are under {limit}, a parent, guardian or other adult must ask for you."
    return True, entry.extra[True], Reason(text=text, met=True, cite=entry.cite, unverified=p.unverified)


def _roles_sentence(p, cs: CompiledState, lead: str) -> str:
    labels = [cs.vocabulary.label("petitioner_role", r.value) for r in p.roles]
    return f"{lead} Who can ask: {', '.join(labels)}."
