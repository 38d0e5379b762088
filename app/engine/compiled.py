"""A state's rules compiled for answering: done once per loaded file.

Conditions become closures, and every output piece that does not depend on the person
(citations, court and fee answers, the sentence for each outcome of each requirement) is built
here once, so answering a situation only picks prebuilt pieces. Filtering by date is cached per
date, because a deployment answers almost every question on today's date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Optional

from .assessment import (
    CiteOut,
    Confirm,
    CourtOut,
    EvidenceOut,
    FeeOut,
    FinalOut,
    FormOut,
    PetitionerOut,
    Reason,
    ResourceOut,
    TemporaryOut,
)
from .conditions import Compiled
from .rules import Cite, CourtInfo, Effective, OrderType, Resource, Source, StateRules
from .validation import dependency_order

if TYPE_CHECKING:  # pragma: no cover
    from .loader import NationalRules, Vocabulary

def cites(items: tuple[Cite, ...], sources: dict[str, Source]) -> tuple[CiteOut, ...]:
    """Citations with their source's title, URL and date, as the answer shows them."""
    out = []
    for c in items:
        s = sources[c.source]
        out.append(CiteOut(source=c.source, section=c.section, url=str(s.url), title=s.title,
                           quote=c.quote, current_as_of=s.current_as_of))
    return tuple(out)


@dataclass
class Entry:
    """A dated rule entry: its compiled `when`/`test`, citations and prebuilt answer pieces."""

    rule: Any
    effective: Effective
    test: Optional[Compiled]
    cite: tuple[CiteOut, ...]
    out: Any = None
    confirm: Optional[Confirm] = None
    extra: dict[Any, Any] = field(default_factory=dict)


@dataclass
class CompiledOrder:
    """One order type, compiled."""

    rule: OrderType
    cite: tuple[CiteOut, ...]
    petitioners: list[Entry]
    eligibility: list[Entry]
    courts: list[Entry]
    fees: list[Entry]
    forms: list[Entry]
    evidence: list[Entry]
    temporary: list[Entry]
    final: list[Entry]


def _court(c: CourtInfo, depends: bool) -> CourtOut:
    return CourtOut(name=c.name, level=c.level, division=c.division, note=c.note,
                    url=str(c.url) if c.url else None, depends=depends)


def _resource(r: Resource) -> ResourceOut:
    return ResourceOut(kind=r.kind, name=r.name, phone=r.phone, text=r.text,
                       url=str(r.url) if r.url else None, description=r.description)


class CompiledState:
    """One state's rules made ready to answer quickly."""

    def __init__(self, rules: StateRules, version: str, vocabulary: "Vocabulary", national: "NationalRules"):
        self.rules = rules
        self.version = version
        self.vocabulary = vocabulary
        self.position = {o.id: i for i, o in enumerate(rules.order_types)}
        self.orders = [self._order(rules.order_types[i], rules.sources) for i in dependency_order(rules)]
        nsrc = national.sources
        self.resources = [Entry(r, r.effective, None, (), _resource(r)) for r in rules.resources]
        self.resources += [Entry(r, r.effective, None, (), _resource(r)) for r in national.resources]
        self.emergency = [Entry(e, e.effective, None, cites(e.cite, nsrc)) for e in national.emergency]
        self.firearms = [Entry(e, e.effective, None, cites(e.cite, nsrc)) for e in national.firearms]
        self.other_help = [Entry(e, e.effective, None, cites(e.cite, nsrc)) for e in national.other_help]
        self._views: dict[date, DayView] = {}

    def _order(self, o: OrderType, src: dict[str, Source]) -> CompiledOrder:
        def entry(r, about: str, test=None) -> Entry:
            c = cites(r.cite, src)
            confirm = Confirm(about=about, note=r.note or "") if r.unverified else None
            return Entry(r, r.effective, test.compile() if test is not None else None, c, confirm=confirm)

        petitioners = []
        for r in o.petitioners:
            e = entry(r, "who may file")
            e.extra = {must: PetitionerOut(roles=r.roles, minor_alone_from_age=r.minor_alone_from_age,
                                           adult_must_file=must, text=r.text, cite=e.cite)
                       for must in (None, True, False)}
            petitioners.append(e)
        eligibility = []
        for r in o.eligibility:
            e = entry(r, f"requirement '{r.id}'", r.test)
            unknown = r.unknown or f"Not known yet whether this applies: {r.met}"
            e.extra = {verdict: Reason(text=text, met=verdict, cite=e.cite, unverified=r.unverified)
                       for verdict, text in ((True, r.met), (False, r.not_met), (None, unknown))}
            eligibility.append(e)
        courts = []
        for r in o.courts:
            e = entry(r, f"court ({r.court.name})", r.when)
            e.extra = {d: tuple(_court(c, d) for c in (r.court, *r.alternatives)) for d in (False, True)}
            courts.append(e)
        fees = []
        for r in o.fees:
            e = entry(r, "fee", r.when)
            e.out = FeeOut(amount_usd=r.amount_usd, why=r.why, waiver_form=r.waiver_form, cite=e.cite, unverified=r.unverified)
            fees.append(e)
        forms = []
        for r in o.forms:
            e = entry(r, f"form {r.id}", r.when)
            e.out = FormOut(id=r.id, title=r.title, role=r.role, mandatory=r.mandatory, url=str(r.url) if r.url else None)
            forms.append(e)
        evidence = []
        for r in o.evidence:
            e = entry(r, f"evidence ({r.kind.value})", r.when)
            e.out = EvidenceOut(kind=r.kind, level=r.level, why=r.why)
            evidence.append(e)
        temporary = []
        for r in o.temporary_order:
            e = entry(r, "temporary order")
            e.out = TemporaryOut(available=r.available, ex_parte=r.ex_parte, decided=r.decided, lasts=r.lasts,
                                 hearing_within_days=r.hearing_within_days, hearing=r.hearing, cite=e.cite,
                                 unverified=r.unverified)
            temporary.append(e)
        final = []
        for r in o.final_order:
            e = entry(r, "final order")
            e.out = FinalOut(duration=r.duration, max_years=r.max_years, renewable=r.renewable, renewal=r.renewal,
                             cite=e.cite, unverified=r.unverified)
            final.append(e)
        return CompiledOrder(o, cites(o.cite, src), petitioners, eligibility, courts, fees, forms, evidence, temporary, final)

    def view(self, on: date) -> "DayView":
        """The rules in force on `on`, reduced to what can still vary (cached per date)."""
        cached = self._views.get(on)
        if cached is not None:
            return cached
        out = DayView(self, on)
        if len(self._views) > 256:
            self._views.clear()
        self._views[on] = out
        return out


class DayView:
    """A state's rules on one date: the order types' plans and the help shown to everyone."""

    def __init__(self, cs: CompiledState, on: date):
        def first_text(entries: list[Entry], default: Optional[str]) -> Optional[str]:
            return next((e.rule.text for e in entries if e.effective.covers(on)), default)

        self.plans = [Plan(order, on) for order in cs.orders if order.rule.effective.covers(on)]
        self.resources = tuple(e.out for e in cs.resources if e.effective.covers(on))
        self.emergency = first_text(cs.emergency, "If you are in danger right now, call 911.")
        self.firearms = first_text(cs.firearms, None)
        self.other_help = tuple(e.rule.text for e in cs.other_help if e.effective.covers(on))


class Plan:
    """One order type on one date: the entries in force, with the parts that do not depend on
    the person (unconditional forms and evidence, the temporary and final order) settled."""

    __slots__ = ("order", "rule", "petitioner", "eligibility", "courts", "fees", "forms", "static_forms", "when_forms",
                 "static_evidence", "when_evidence", "temporary", "final", "static_confirm", "dynamic_confirm")

    def __init__(self, order: CompiledOrder, on: date):
        def live(entries: list[Entry]) -> list[Entry]:
            return [e for e in entries if e.effective.covers(on)]

        self.order = order
        self.rule = order.rule
        petitioners = live(order.petitioners)
        self.petitioner = petitioners[0] if petitioners else None
        self.eligibility = live(order.eligibility)
        self.courts = live(order.courts)
        self.fees = live(order.fees)
        forms, evidence = live(order.forms), live(order.evidence)
        self.forms = forms
        self.static_forms = [e for e in forms if e.test is None]
        self.when_forms = [e for e in forms if e.test is not None]
        self.static_evidence = tuple(e.out for e in evidence if e.test is None)
        self.when_evidence = [e for e in evidence if e.test is not None]
        temporary, final = live(order.temporary), live(order.final)
        self.temporary = temporary[0] if temporary else None
        self.final = final[0] if final else None
        fixed = [*self.static_forms, *(e for e in (self.temporary, self.final, self.petitioner) if e is not None),
                 *self.eligibility]
        self.static_confirm = tuple(dict.fromkeys(e.confirm for e in fixed if e.confirm is not None))
        self.dynamic_confirm = any(e.confirm is not None for e in (*self.courts, *self.fees, *self.when_forms))
