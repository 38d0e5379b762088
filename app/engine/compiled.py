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

PARTS = ("petitioners", "eligibility", "courts", "fees", "forms", "evidence", "temporary", "final")


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
        self._views: dict[date, list[tuple[CompiledOrder, dict[str, list[Entry]]]]] = {}

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

    def view(self, on: date) -> list[tuple[CompiledOrder, dict[str, list[Entry]]]]:
        """The order types and entries in force on `on` (cached per date)."""
        cached = self._views.get(on)
        if cached is not None:
            return cached
        out = []
        for order in self.orders:
            if order.rule.effective.covers(on):
                out.append((order, {name: [e for e in getattr(order, name) if e.effective.covers(on)] for name in PARTS}))
        if len(self._views) > 256:
            self._views.clear()
        self._views[on] = out
        return out
