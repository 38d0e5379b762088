"""Turning model errors and rule inconsistencies into messages staff can act on.

Pydantic's errors are precise but written for programmers ("Input should be a valid date or
datetime, month value is outside expected range"). Each is rewritten here as what is wrong and
how to fix it, at the line the key sits on.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterator, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .rules import Cite, Dated, Effective, OrderType, StateRules
from .vocabulary import SECTIONS
from .yaml_source import Document, Path, dotted


M = TypeVar("M", bound=BaseModel)


def parse_as(model: type[M], text: str, file: str) -> tuple[M, Document]:
    """Parse YAML text into a model; every problem is a `RuleFileError` naming the file and line.
    The one way rule files, field maps and case files are read."""
    from .errors import RuleFileError
    from .yaml_source import parse

    doc = parse(text, file)
    try:
        return model.model_validate(doc.data), doc
    except ValidationError as exc:
        raise RuleFileError(problems_from(exc, doc, file)) from None


def problems_from(exc: ValidationError, doc: Document, file: str, prefix: Path = ()) -> list[Problem]:
    """One `Problem` per pydantic error, each at the line of the key it concerns."""
    out = []
    errors = exc.errors(include_url=False)
    locs = [tuple(err["loc"]) for err in errors]
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "too_short" and any(other[: len(loc)] == loc and other != loc for other in locs):
            continue  # a list reported "empty" only because its items failed: the items' errors say why
        path = prefix + tuple(p for p in loc if isinstance(p, (str, int)))
        out.append(Problem(file=file, line=doc.line_of(path), path=dotted(path), message=friendly(err, path)))
    return out


def friendly(err: dict[str, Any], path: Path) -> str:  # noqa: C901 - a table of cases
    """A pydantic error as what is wrong and how to fix it."""
    kind = err["type"]
    value = err.get("input")
    last = path[-1] if path else ""
    shown = repr(value) if not isinstance(value, (dict, list)) else "this value"
    if kind == "missing":
        return f"'{last}' is required here (add it)"
    if kind == "extra_forbidden":
        return f"unknown key '{last}' (check the spelling; the README lists the keys)"
    if kind == "enum":
        section = _vocabulary_section(err.get("ctx", {}).get("expected", ""))
        where = f"a {section} term" if section else "an allowed value"
        return f"{shown} is not {where} (see rules/vocabulary.yaml)"
    if kind.startswith("date"):
        return f"{shown} is not a date (use YYYY-MM-DD)"
    if kind.startswith("url"):
        return f"{shown} is not a web address (use https://...)"
    if kind.startswith("bool"):
        return f"{shown} must be true or false"
    if kind.startswith("int") or kind.startswith("float"):
        return f"{shown} must be a number"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return f"{shown} is out of range ({err['msg'].lower()})"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if "A-Z]{2}/" in pattern:
            return f"{shown} is not a form id (write <ST>/<form number>, e.g. CA/DV-100)"
        return f"{shown} must be snake_case: lower-case letters, digits and _ (e.g. ca_dvro)"
    if kind == "too_short":
        return "must not be empty"
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping of keys (key: value), found {shown}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list ([...] or lines starting with '- '), found {shown}"
    if kind in ("string_type",):
        return f"expected text, found {shown}"
    if kind == "value_error":
        return err["msg"].removeprefix("Value error, ")
    return err["msg"]


def _vocabulary_section(expected: str) -> str:
    values = set(re.findall(r"'([^']*)'", expected))
    for name, enum in SECTIONS.items():
        if values == {m.value for m in enum}:
            return name.replace("_", " ")
    return ""


def walk(obj: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every model inside `obj`, with its YAML key path (aliases used, as in the file)."""
    if isinstance(obj, BaseModel):
        yield path, obj
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            if value is not None:
                yield from walk(value, path + (info.alias or name,))
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from walk(item, path + (i,))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from walk(item, path + (key,))


def check_state(rules: StateRules, doc: Document, file: str, expected_state: str | None) -> list[Problem]:
    """What the models alone cannot see: references, overlaps and gaps."""
    problems: list[Problem] = []

    def add(path: Path, message: str) -> None:
        problems.append(Problem(file=file, line=doc.line_of(path), path=dotted(path), message=message))

    if expected_state and rules.state != expected_state:
        add(("state",), f"the file is for {expected_state} but says state: {rules.state} (make them match)")
    problems.extend(check_citations(rules, rules.sources, doc, file))
    ids = [o.id for o in rules.order_types]
    for i, order in enumerate(rules.order_types):
        base: Path = ("order_types", i)
        if ids.index(order.id) != i:
            add(base + ("id",), f"order type id '{order.id}' is used twice (ids must be unique)")
        _check_order(order, ids, base, add)
    _check_cycles(rules, add)
    return problems


def check_citations(root: BaseModel, sources: dict, doc: Document, file: str) -> list[Problem]:
    """Every cite names a known source, and every source is cited."""
    problems = []
    used = set()
    for path, obj in walk(root):
        if isinstance(obj, Cite):
            used.add(obj.source)
            if obj.source not in sources:
                where = path + ("source",)
                known = ", ".join(sorted(sources)) or "none"
                problems.append(
                    Problem(file, doc.line_of(where), dotted(where), f"source '{obj.source}' is not in sources: (known: {known})")
                )
    for sid in sources:
        if sid not in used:
            where = ("sources", sid)
            problems.append(Problem(file, doc.line_of(where), dotted(where), f"source '{sid}' is never cited (cite it or remove it)"))
    return problems


def _check_order(order: OrderType, ids: list[str], base: Path, add) -> None:
    seen: dict[str, list[tuple[int, Effective]]] = {}
    for j, req in enumerate(order.eligibility):
        for k, eff in seen.get(req.id, []):
            if eff.overlaps(req.effective):
                add(base + ("eligibility", j, "effective"), f"requirement '{req.id}' overlaps eligibility[{k}] in time "
                    "(close the old entry with to: the new entry's from)")
        seen.setdefault(req.id, []).append((j, req.effective))
    for key in ("petitioners", "temporary_order", "final_order"):
        entries: tuple[Dated, ...] = getattr(order, key)
        for j, entry in enumerate(entries):
            for k in range(j):
                if entries[k].effective.overlaps(entry.effective):
                    add(base + (key, j, "effective"), f"{key}[{j}] overlaps {key}[{k}] in time (only one may be in force on a day)")
    for key, what in (("courts", "court"), ("fees", "fee"), ("petitioners", "petitioners entry")):
        entries = getattr(order, key)
        catch_all = [e.effective for e in entries if getattr(e, "when", None) is None]
        gap = first_gap(order.effective, catch_all)
        if gap is not None:
            add(base + (key,), f"on {gap} no {what} without `when:` is in force, so some people would get no {what} "
                "(end the list with an entry that has no when:, covering the order type's dates)")
    for path, obj in walk(order, base):
        refs = getattr(obj, "not_eligible_for", None)
        for ref in refs or ():
            if ref not in ids:
                add(path + ("not_eligible_for",), f"'{ref}' is not an order type in this file (known: {', '.join(ids)})")
            elif ref == order.id:
                add(path + ("not_eligible_for",), f"'{order.id}' cannot depend on itself")


def first_gap(span: Effective, ranges: list[Effective]) -> date | None:
    """The first day of `span` that none of `ranges` covers, or None."""
    cursor = span.from_
    end = span.to or date.max
    for r in sorted(ranges, key=lambda r: r.from_):
        if r.from_ > cursor:
            break
        cursor = max(cursor, r.to or date.max)
        if cursor >= end:
            return None
    return cursor if cursor < end else None


def _check_cycles(rules: StateRules, add) -> None:
    deps = {o.id: _references(o) for o in rules.order_types}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            loop = " -> ".join(trail[trail.index(node):] + [node])
            i = [o.id for o in rules.order_types].index(node)
            add(("order_types", i), f"not_eligible_for goes in a circle: {loop}")
            return
        state[node] = 1
        for nxt in sorted(deps.get(node, ())):
            if nxt in deps:
                visit(nxt, trail + [node])
        state[node] = 2

    for oid in deps:
        visit(oid, [])


def _references(order: OrderType) -> set[str]:
    found: set[str] = set()
    for _, obj in walk(order):
        found |= set(getattr(obj, "not_eligible_for", None) or ())
    return found


def dependency_order(rules: StateRules) -> list[int]:
    """Indexes of the order types so that every fallback comes after what it depends on."""
    index = {o.id: i for i, o in enumerate(rules.order_types)}
    done: list[int] = []
    placed: set[str] = set()

    def place(oid: str) -> None:
        if oid in placed:
            return
        placed.add(oid)
        for dep in sorted(_references(rules.order_types[index[oid]])):
            if dep in index:
                place(dep)
        done.append(index[oid])

    for o in rules.order_types:
        place(o.id)
    return done
