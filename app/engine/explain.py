"""Reading a state's rules back as text, for the legal-aid attorney who must check them.

`explain` prints each order type as the law would be summarised in a bench card; `coverage`
prints the jurisdictions × order kinds table that the README carries.
"""

from __future__ import annotations

from .conditions import Condition
from .rules import Effective, OrderType, StateRules
from .validation import walk
from .vocabulary import OrderKind, Relationship


def _span(e: Effective) -> str:
    return f"from {e.from_}" + (f" to {e.to}" if e.to else "")


def _flag(entry) -> str:
    return " [UNVERIFIED: " + (entry.note or "") + "]" if entry.unverified else ""


def relationships_of(order: OrderType) -> set[str]:
    """Relationships named in the order type's eligibility tests (empty: any relationship)."""
    found: set[str] = set()
    for _, obj in walk(order.eligibility):
        if isinstance(obj, Condition) and obj.relationship_in:
            found |= {r.value for r in obj.relationship_in}
    return found


def explain(rules: StateRules) -> str:
    """A readable summary of every order type, then a relationships × order types grid."""
    lines = [f"{rules.name} ({rules.state}) — review: {rules.review.status.value}", ""]
    for o in rules.order_types:
        lines.append(f"{o.id}: {o.name} [{o.kind.value}] — {o.statute} ({_span(o.effective)})")
        for p in o.petitioners:
            alone = f"; a minor may file alone from {p.minor_alone_from_age}" if p.minor_alone_from_age is not None else "; minors file through an adult"
            lines.append(f"  who may file: {', '.join(r.value for r in p.roles)}{alone} ({_span(p.effective)}){_flag(p)}")
        lines.append("  requirements (all must hold):")
        for r in o.eligibility:
            lines.append(f"    {r.id}: {r.test.describe()} ({_span(r.effective)}){_flag(r)}")
        lines.append("  court (first match):")
        for c in o.courts:
            cond = f"if {c.when.describe()}" if c.when else "otherwise"
            alts = f" (or: {', '.join(a.name for a in c.alternatives)})" if c.alternatives else ""
            lines.append(f"    {cond}: {c.court.name} [{c.court.level.value}]{alts}{_flag(c)}")
        lines.append("  fee (first match):")
        for f in o.fees:
            cond = f"if {f.when.describe()}" if f.when else "otherwise"
            amount = "amount not stated" if f.amount_usd is None else f"${f.amount_usd:g}"
            lines.append(f"    {cond}: {amount} — {f.why}{_flag(f)}")
        for f in o.forms:
            lines.append(f"  form: {f.id} {f.title} ({f.role.value}, {'mandatory' if f.mandatory else 'optional'}){_flag(f)}")
        for t in o.temporary_order:
            days = f"; hearing within {t.hearing_within_days} days" if t.hearing_within_days is not None else ""
            lines.append(f"  temporary order: {'yes' if t.available else 'no'}{', ex parte' if t.ex_parte else ''}{days}{_flag(t)}")
        for f in o.final_order:
            renew = {True: "renewable", False: "not renewable", None: "renewal not stated"}[f.renewable]
            lines.append(f"  final order: {f.duration} ({renew}){_flag(f)}")
        lines.append("")
    lines.append(grid(rules))
    return "\n".join(lines)


def grid(rules: StateRules) -> str:
    """Relationships (rows) × order types (columns): Y when named, * when any relationship counts."""
    orders = rules.order_types
    rels = {o.id: relationships_of(o) for o in orders}
    width = max(len(r.value) for r in Relationship)
    head = " " * width + "  " + "  ".join(f"{i + 1:>2}" for i in range(len(orders)))
    out = ["Relationship grid (Y = named in a requirement, * = no relationship requirement):", head]
    for r in Relationship:
        cells = []
        for o in orders:
            cells.append(" *" if not rels[o.id] else (" Y" if r.value in rels[o.id] else " ."))
        out.append(f"{r.value:<{width}}  " + "  ".join(cells))
    out.append("columns: " + "; ".join(f"{i + 1} = {o.id}" for i, o in enumerate(orders)))
    return "\n".join(out)


def coverage_table(states: dict[str, StateRules], case_counts: dict[str, int], broken: dict[str, str]) -> str:
    """Markdown: jurisdictions × order kinds, with case and unverified-fact counts."""
    kinds = list(OrderKind)
    short = {k: k.value.replace("_", " ") for k in kinds}
    head = "| state | " + " | ".join(short[k] for k in kinds) + " | cases | unverified | review |"
    sep = "|" + "---|" * (len(kinds) + 4)
    rows = [head, sep]
    for code in sorted(set(states) | set(broken)):
        if code in broken:
            rows.append(f"| {code} | " + " | ".join("" for _ in kinds) + f" | — | — | broken: {broken[code]} |")
            continue
        rules = states[code]
        have = {o.kind for o in rules.order_types}
        unverified = sum(1 for _, obj in walk(rules) if getattr(obj, "unverified", False) is True)
        cells = ["✓" if k in have else "" for k in kinds]
        rows.append(f"| {code} | " + " | ".join(cells) + f" | {case_counts.get(code, 0)} | {unverified} | {rules.review.status.value} |")
    return "\n".join(rows)
