"""The engine: a pure function of (situation, rules, date) to an `Assessment`.

No clock, no environment, no I/O: the caller passes the date (`on`) and the loaded rules.
Rules are compiled once per state (conditions become closures, citations become output
objects) and filtered once per date, so answering a situation is a walk over small lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Optional

from .assessment import (
    Assessment,
    CiteOut,
    Confirm,
    CourtOut,
    EvidenceOut,
    FeeOption,
    FeeOut,
    FinalOut,
    FormOut,
    Option,
    PetitionerOut,
    Reason,
    ResourceOut,
    Safety,
    TemporaryOut,
)
from .conditions import Compiled, Verdict
from .errors import AegisError
from .rules import Cite, Dated, Effective, OrderType, Resource, Source, StateRules
from .situation import ASKABLE_FACTS, Situation
from .validation import dependency_order
from .vocabulary import PetitionerRole

if TYPE_CHECKING:  # pragma: no cover
    from .loader import NationalRules, RuleBook, Vocabulary

_NEED_ORDER = {name: i for i, name in enumerate(ASKABLE_FACTS)}


def _cites(cites: tuple[Cite, ...], sources: dict[str, Source]) -> tuple[CiteOut, ...]:
    out = []
    for c in cites:
        s = sources[c.source]
        out.append(CiteOut(source=c.source, section=c.section, url=str(s.url), title=s.title,
                           quote=c.quote, current_as_of=s.current_as_of))
    return tuple(out)


def _compile(cond) -> Optional[Compiled]:
    return cond.compile() if cond is not None else None


@dataclass(frozen=True)
class _Entry:
    """A dated rule entry with its compiled `when`/`test` and prebuilt output pieces."""

    rule: Any
    effective: Effective
    test: Optional[Compiled]
    cite: tuple[CiteOut, ...]
    out: Any = None


@dataclass
class _Order:
    rule: OrderType
    cite: tuple[CiteOut, ...]
    petitioners: list[_Entry]
    eligibility: list[_Entry]
    courts: list[_Entry]
    fees: list[_Entry]
    forms: list[_Entry]
    evidence: list[_Entry]
    temporary: list[_Entry]
    final: list[_Entry]


class CompiledState:
    """One state's rules made ready to answer quickly; built once per loaded file."""

    def __init__(self, rules: StateRules, version: str, vocabulary: "Vocabulary", national: "NationalRules"):
        self.rules = rules
        self.version = version
        self.vocabulary = vocabulary
        src = rules.sources
        self.orders = [self._order(rules.order_types[i], src) for i in dependency_order(rules)]
        self.resources = [_Entry(r, r.effective, None, _cites(r.cite, src), _resource_out(r)) for r in rules.resources]
        nsrc = national.sources
        self.national_resources = [_Entry(r, r.effective, None, _cites(r.cite, nsrc), _resource_out(r)) for r in national.resources]
        self.emergency = [_Entry(e, e.effective, None, _cites(e.cite, nsrc)) for e in national.emergency]
        self.firearms = [_Entry(e, e.effective, None, _cites(e.cite, nsrc)) for e in national.firearms]
        self.other_help = [_Entry(e, e.effective, None, _cites(e.cite, nsrc)) for e in national.other_help]
        self._views: dict[date, list[tuple[_Order, dict[str, list[_Entry]]]]] = {}

    @staticmethod
    def _order(o: OrderType, src: dict[str, Source]) -> _Order:
        def entries(items, test_attr=None, make_out=None):
            return [
                _Entry(r, r.effective, _compile(getattr(r, test_attr)) if test_attr else None,
                       _cites(r.cite, src), make_out(r, _cites(r.cite, src)) if make_out else None)
                for r in items
            ]

        return _Order(
            rule=o,
            cite=_cites(o.cite, src),
            petitioners=entries(o.petitioners),
            eligibility=entries(o.eligibility, "test"),
            courts=entries(o.courts, "when"),
            fees=entries(o.fees, "when"),
            forms=entries(o.forms, "when", lambda r, c: FormOut(id=r.id, title=r.title, role=r.role, mandatory=r.mandatory,
                                                                url=str(r.url) if r.url else None)),
            evidence=entries(o.evidence, "when", lambda r, c: EvidenceOut(kind=r.kind, level=r.level, why=r.why)),
            temporary=entries(o.temporary_order, None, lambda r, c: TemporaryOut(
                available=r.available, ex_parte=r.ex_parte, decided=r.decided, lasts=r.lasts,
                hearing_within_days=r.hearing_within_days, hearing=r.hearing, cite=c, unverified=r.unverified)),
            final=entries(o.final_order, None, lambda r, c: FinalOut(
                duration=r.duration, max_years=r.max_years, renewable=r.renewable, renewal=r.renewal,
                cite=c, unverified=r.unverified)),
        )

    def view(self, on: date) -> list[tuple[_Order, dict[str, list[_Entry]]]]:
        """The order types and entries in force on `on` (cached per date)."""
        cached = self._views.get(on)
        if cached is not None:
            return cached
        out = []
        for order in self.orders:
            if not order.rule.effective.covers(on):
                continue
            parts = {
                name: [e for e in getattr(order, name) if e.effective.covers(on)]
                for name in ("petitioners", "eligibility", "courts", "fees", "forms", "evidence", "temporary", "final")
            }
            out.append((order, parts))
        if len(self._views) > 256:
            self._views.clear()
        self._views[on] = out
        return out


def _resource_out(r: Resource) -> ResourceOut:
    return ResourceOut(kind=r.kind, name=r.name, phone=r.phone, text=r.text,
                       url=str(r.url) if r.url else None, description=r.description)


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
    for order, parts in cs.view(on):
        option, eligibility_needs = _option(s, on, order, parts, verdicts, option_needs, cs.vocabulary)
        verdicts[order.rule.id] = option.eligible
        option_needs[order.rule.id] = eligibility_needs
        options.append(option)
        if option.eligible is not False:
            all_needs.update(dict.fromkeys(option.needs))
    position = {o.id: i for i, o in enumerate(cs.rules.order_types)}
    options.sort(key=lambda o: position[o.id])
    resources = tuple(e.out for e in cs.resources + cs.national_resources if e.effective.covers(on))
    emergency = next((e.rule.text for e in cs.emergency if e.effective.covers(on)), "If you are in danger right now, call 911.")
    firearms = None
    if s.respondent_has_firearms:
        firearms = next((e.rule.text for e in cs.firearms if e.effective.covers(on)), None)
    return Assessment(
        state=s.state,
        on=on,
        rules_version=cs.version,
        options=tuple(options),
        needs=_ordered(all_needs),
        other_help=tuple(e.rule.text for e in cs.other_help if e.effective.covers(on)),
        safety=Safety(in_danger_now=s.in_danger_now, emergency=emergency, firearms=firearms, resources=resources),
    )


def _ordered(needs) -> tuple[str, ...]:
    return tuple(sorted(needs, key=lambda n: _NEED_ORDER.get(n, 99)))


def _option(s, on, order: _Order, parts, verdicts, option_needs, vocab) -> tuple[Option, tuple[str, ...]]:
    rule = order.rule
    reasons: list[Reason] = []
    needs: dict[str, None] = {}
    confirm: list[Confirm] = []
    used: list[tuple[str, Dated]] = []
    results: list[Verdict] = []

    petitioner = None
    pet = parts["petitioners"][0] if parts["petitioners"] else None
    if pet is not None:
        used.append(("who may file", pet.rule))
        verdict, petitioner, reason = _petitioner(s, pet, vocab)
        results.append(verdict)
        if verdict is None:
            needs["petitioner_role"] = None
        if reason is not None:
            reasons.append(reason)

    for entry in parts["eligibility"]:
        req = entry.rule
        used.append((f"requirement '{req.id}'", req))
        verdict, why = entry.test(s, on, verdicts)
        results.append(verdict)
        if verdict is None:
            for n in why:
                if n.startswith("option:"):
                    needs.update(dict.fromkeys(option_needs.get(n[7:], ())))
                else:
                    needs[n] = None
        text = req.met if verdict else req.not_met if verdict is False else (req.unknown or f"Not known yet whether this applies: {req.met}")
        reasons.append(Reason(text=text, met=verdict, cite=entry.cite, unverified=req.unverified))

    eligible: Verdict = False if False in results else (None if None in results else True)
    if eligible is not None:
        needs.clear()
    eligibility_needs = _ordered(needs)

    courts, court_needs = _first_match(parts["courts"], s, on, verdicts, _court_out)
    courts = _unique_courts(courts)
    fee, fee_needs = _fee(parts["fees"], s, on, verdicts, used)
    for entry in courts_used(parts["courts"], courts):
        used.append(("court", entry.rule))
    if eligible is not False:
        needs.update(dict.fromkeys(court_needs))
        needs.update(dict.fromkeys(fee_needs))

    forms = tuple(e.out for e in parts["forms"] if e.test is None or e.test(s, on, verdicts)[0] is not False)
    evidence = tuple(e.out for e in parts["evidence"] if e.test is None or e.test(s, on, verdicts)[0] is not False)
    temporary = parts["temporary"][0] if parts["temporary"] else None
    final = parts["final"][0] if parts["final"] else None
    for label, entry in (("temporary order", temporary), ("final order", final)):
        if entry is not None:
            used.append((label, entry.rule))
    for e in parts["forms"]:
        if e.rule.unverified:
            used.append((f"form {e.rule.id}", e.rule))

    for about, fact in used:
        if fact.unverified:
            confirm.append(Confirm(about=about, note=fact.note or ""))
    option = Option(
        id=rule.id,
        kind=rule.kind,
        name=rule.name,
        summary=rule.summary,
        statute=rule.statute,
        eligible=eligible,
        unverified=bool(confirm),
        reasons=tuple(reasons),
        courts=tuple(courts),
        fee=fee,
        forms=forms,
        evidence=evidence,
        temporary_order=temporary.out if temporary else None,
        final_order=final.out if final else None,
        petitioner=petitioner,
        alternative=rule.if_not_eligible if eligible is False else None,
        needs=_ordered(needs),
        confirm_with_clerk=tuple(dict.fromkeys(confirm)),
        cite=order.cite,
    )
    return option, eligibility_needs


def _unique_courts(courts: list[CourtOut]) -> list[CourtOut]:
    """Each court once, at its first (most specific) mention."""
    seen: set[tuple] = set()
    out = []
    for c in courts:
        key = (c.name, c.level, c.division)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def courts_used(entries: list[_Entry], courts) -> list[_Entry]:
    """The court entries whose facts the answer relied on (for unverified flags)."""
    names = {c.name for c in courts}
    return [e for e in entries if e.rule.court.name in names]


def _court_out(entry: _Entry, depends: bool) -> list[CourtOut]:
    r = entry.rule
    out = [CourtOut(name=r.court.name, level=r.court.level, division=r.court.division, note=r.court.note,
                    url=str(r.court.url) if r.court.url else None, depends=depends)]
    for alt in r.alternatives:
        out.append(CourtOut(name=alt.name, level=alt.level, division=alt.division, note=alt.note,
                            url=str(alt.url) if alt.url else None, depends=depends))
    return out


def _first_match(entries: list[_Entry], s, on, verdicts, make) -> tuple[list, list[str]]:
    """Walk an ordered list: entries whose `when` is unknown are kept as possibilities
    (marked `depends`) until one definitely applies."""
    out: list = []
    needs: list[str] = []
    for entry in entries:
        if entry.test is None:
            out.extend(make(entry, bool(needs)))
            return out, needs
        verdict, why = entry.test(s, on, verdicts)
        if verdict is True:
            out.extend(make(entry, bool(needs)))
            return out, needs
        if verdict is None:
            out.extend(make(entry, True))
            needs.extend(n for n in why if not n.startswith("option:"))
    return out, needs


def _fee(entries: list[_Entry], s, on, verdicts, used) -> tuple[Optional[FeeOut], list[str]]:
    possible, needs = _first_match(entries, s, on, verdicts, lambda e, d: [e])
    if not possible:
        return None, needs
    for e in possible:
        used.append(("fee", e.rule))
    chosen = possible[-1]
    r = chosen.rule
    if len(possible) == 1:
        return FeeOut(amount_usd=r.amount_usd, why=r.why, waiver_form=r.waiver_form, cite=chosen.cite,
                      unverified=r.unverified), needs
    cite = tuple(dict.fromkeys(c for e in possible for c in e.cite))
    return FeeOut(
        amount_usd=None,
        why="The fee depends on facts not known yet: " + " / ".join(e.rule.why for e in possible),
        waiver_form=next((e.rule.waiver_form for e in possible if e.rule.waiver_form), None),
        cite=cite,
        unverified=any(e.rule.unverified for e in possible),
        options=tuple(FeeOption(amount_usd=e.rule.amount_usd, why=e.rule.why) for e in possible),
    ), needs


def _petitioner(s: Situation, entry: _Entry, vocab) -> tuple[Verdict, PetitionerOut, Optional[Reason]]:
    """Who files: a role the law does not allow makes the order unavailable; a minor who may
    not file alone can still get the order, through an adult."""
    p = entry.rule
    role = s.petitioner_role
    reason = None
    adult_must_file = None
    if role is None:
        verdict: Verdict = None
        reason = Reason(text=_roles_sentence(p, vocab, "It depends on who is asking."), met=None, cite=entry.cite,
                        unverified=p.unverified)
    elif role not in p.roles:
        verdict = False
        reason = Reason(text=_roles_sentence(p, vocab, "You cannot ask for this order in the role you chose."),
                        met=False, cite=entry.cite, unverified=p.unverified)
    else:
        verdict = True
        if role is PetitionerRole.SELF and s.petitioner_age is not None:
            if s.petitioner_age >= p.adult_age:
                adult_must_file = False
            elif p.minor_alone_from_age is not None and s.petitioner_age >= p.minor_alone_from_age:
                adult_must_file = False
                reason = Reason(text=f"At {s.petitioner_age}, you can ask for this order yourself.", met=True,
                                cite=entry.cite, unverified=p.unverified)
            else:
                adult_must_file = True
                text = p.for_younger or f"Because you are under {p.minor_alone_from_age or p.adult_age}, " \
                                        "a parent, guardian or other adult must ask for you."
                reason = Reason(text=text, met=True, cite=entry.cite, unverified=p.unverified)
    out = PetitionerOut(roles=p.roles, minor_alone_from_age=p.minor_alone_from_age, adult_must_file=adult_must_file,
                        text=p.text, cite=entry.cite)
    return verdict, out, reason


def _roles_sentence(p, vocab, lead: str) -> str:
    labels = [vocab.label("petitioner_role", r.value) for r in p.roles]
    return f"{lead} Who can ask: {', '.join(labels)}."
