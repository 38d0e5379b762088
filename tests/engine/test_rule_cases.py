"""Every worked example in `rules/states/<st>.cases.yaml` is a test, named after its sentence:
`CA: a neighbor who stalks can get a civil harassment order`."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine import RuleFileError, load_book
from app.engine.cases import LoadedCase, parse_cases, run_case
from app.engine.coverage import missing_cases

RULES = Path(__file__).resolve().parents[2] / "rules"
BOOK = load_book(RULES)


def _collect() -> tuple[list, list]:
    params, files = [], []
    for code in sorted(set(BOOK.states) | set(BOOK.broken)):
        path = RULES / "states" / f"{code.lower()}.cases.yaml"
        files.append(pytest.param(code, path, id=code))
        if code not in BOOK.states or not path.is_file():
            continue
        try:
            cases = parse_cases(path.read_text(encoding="utf-8"), f"rules/states/{path.name}", BOOK.states[code])
        except RuleFileError:
            continue  # reported by test_every_state_has_a_valid_cases_file
        params += [pytest.param(code, lc, id=f"{code}: {lc.case.name}") for lc in cases]
    return params, files


CASES, FILES = _collect()


@pytest.mark.parametrize("code, lc", CASES)
def test_case(code: str, lc: LoadedCase):
    failures = run_case(lc, BOOK.compiled[code])
    assert not failures, f"rules/states/{code.lower()}.cases.yaml:{lc.line} {lc.case.name}\n" + "\n".join(failures)


@pytest.mark.parametrize("code, path", FILES)
def test_every_state_loads_and_has_a_valid_cases_file(code: str, path: Path):
    assert code not in BOOK.broken, str(BOOK.broken.get(code))
    assert path.is_file(), f"{path.name} is missing"
    parse_cases(path.read_text(encoding="utf-8"), f"rules/states/{path.name}", BOOK.states[code])


@pytest.mark.parametrize("code, path", FILES)
def test_every_order_type_has_cases_on_both_sides_of_every_boundary(code: str, path: Path):
    cases = parse_cases(path.read_text(encoding="utf-8"), f"rules/states/{path.name}", BOOK.states[code])
    assert missing_cases(BOOK.states[code], cases) == []
