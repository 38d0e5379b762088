"""Worked examples beside each state's rules (`<st>.cases.yaml`), and running them.

A case pins one legal point as a sentence, a date, a situation and a partial expectation.
Only what `expect` names is checked (OpenFisca's output style), but a name that does not exist
in the answer is a failure, so a misspelt expectation cannot pass silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from pydantic import Field, ValidationError

from .conditions import Strict
from .errors import Problem, RuleFileError
from .compiled import CompiledState
from .evaluate import _assess
from .rules import StateRules
from .situation import Situation
from .validation import problems_from
from .yaml_source import parse


class Expect(Strict):
    """What a case checks: per-option partial answers, the `needs`, options not offered."""

    options: dict[str, dict[str, Any]] = {}
    needs: Optional[list[str]] = None
    absent: list[str] = []


class Case(Strict):
    """One worked example."""

    name: str = Field(min_length=5)
    on: date
    situation: dict[str, Any]
    expect: Expect


class CasesFile(Strict):
    """A whole `<st>.cases.yaml`."""

    state: str
    cases: tuple[Case, ...] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedCase:
    """A case with its situation validated and the line it starts on."""

    case: Case
    situation: Situation
    line: int


def parse_cases(text: str, file: str, rules: StateRules) -> list[LoadedCase]:
    """Parse and check a cases file against its state's rules."""
    doc = parse(text, file)
    try:
        cf = CasesFile.model_validate(doc.data)
    except ValidationError as exc:
        raise RuleFileError(problems_from(exc, doc, file)) from None
    problems: list[Problem] = []
    if cf.state != rules.state:
        problems.append(Problem(file, doc.line_of(("state",)), "state", f"cases are for {cf.state} but the rules are {rules.state}"))
    ids = {o.id for o in rules.order_types}
    names: dict[str, int] = {}
    loaded = []
    for i, case in enumerate(cf.cases):
        base = ("cases", i)
        if case.name in names:
            problems.append(Problem(file, doc.line_of(base + ("name",)), f"cases[{i}].name",
                                    f"the name is used by cases[{names[case.name]}] too (names must be unique)"))
        names.setdefault(case.name, i)
        for oid in [*case.expect.options, *case.expect.absent]:
            if oid not in ids:
                where = base + ("expect", "options", oid)
                problems.append(Problem(file, doc.line_of(where), f"cases[{i}].expect", f"'{oid}' is not an order type of {rules.state}"))
        try:
            situation = Situation.model_validate({"state": rules.state, **case.situation})
        except ValidationError as exc:
            problems.extend(problems_from(exc, doc, file, prefix=base + ("situation",)))
            continue
        loaded.append(LoadedCase(case=case, situation=situation, line=doc.line_of(base)))
    if problems:
        raise RuleFileError(problems)
    return loaded


def run_case(lc: LoadedCase, compiled: CompiledState) -> list[str]:
    """Run one case; return the mismatches (empty when it passes)."""
    answer = _assess(lc.situation, compiled, lc.case.on).model_dump(mode="json")
    by_id = {o["id"]: o for o in answer["options"]}
    failures: list[str] = []
    for oid, expected in lc.case.expect.options.items():
        if oid not in by_id:
            failures.append(f"{oid}: not offered on {lc.case.on}")
            continue
        _match(expected, by_id[oid], oid, failures)
    for oid in lc.case.expect.absent:
        if oid in by_id:
            failures.append(f"{oid}: offered, but the case expects it absent")
    if lc.case.expect.needs is not None and list(answer["needs"]) != list(lc.case.expect.needs):
        failures.append(f"needs: expected {lc.case.expect.needs}, got {answer['needs']}")
    return failures


def _match(expected: Any, actual: Any, where: str, failures: list[str]) -> None:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            failures.append(f"{where}: expected a mapping, got {actual!r}")
            return
        for key, value in expected.items():
            if key not in actual:
                failures.append(f"{where}.{key}: no such key in the answer")
                continue
            _match(value, actual[key], f"{where}.{key}", failures)
    elif isinstance(expected, list):
        if not isinstance(actual, list):
            failures.append(f"{where}: expected a list, got {actual!r}")
            return
        if len(actual) < len(expected):
            failures.append(f"{where}: expected at least {len(expected)} items, got {len(actual)}")
            return
        for i, value in enumerate(expected):
            _match(value, actual[i], f"{where}[{i}]", failures)
    elif expected != actual and not (isinstance(expected, (int, float)) and isinstance(actual, (int, float))
                                     and not isinstance(expected, bool) and float(expected) == float(actual)):
        failures.append(f"{where}: expected {expected!r}, got {actual!r}")
