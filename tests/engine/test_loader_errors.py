"""One broken fixture per way a rule file can be wrong (OpenFisca style): each is rejected with a
message that names the file, the line and the key, and says how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine import RuleFileError, parse_state
from app.engine.yaml_source import MAX_BYTES

BAD = Path(__file__).parent / "bad_rules"
MINIMAL = Path(__file__).parent / "fixtures" / "minimal_state.yaml"

# fixture -> (line, key path, words the message must contain)
EXPECTED = {
    "yaml_syntax": (12, "", "YAML syntax error"),
    "tab_indent": (11, "", "tab is used for indentation"),
    "duplicate_key": (12, "order_types[0].kind", "duplicate key 'kind' (first on line 11)"),
    "unknown_key": (14, "order_types[0].sumary", "unknown key 'sumary'"),
    "unknown_relationship": (23, "order_types[0].eligibility[0].test.relationship_in[1]", "'formr_spouse' is not a relationship term"),
    "bad_date": (36, "order_types[0].fees[0].effective.from", "'2024-13-01' is not a date (use YYYY-MM-DD)"),
    "effective_backwards": (16, "order_types[0].effective", "must be after from"),
    "overlapping_requirement": (33, "order_types[0].eligibility[1].effective", "overlaps eligibility[0]"),
    "unknown_source": (30, "order_types[0].courts[0].cite[0].source", "source 'fx2' is not in sources"),
    "unused_source": (9, "sources.orphan", "never cited"),
    "missing_cite": (38, "order_types[0].final_order[0].cite", "'cite' is required"),
    "unverified_without_note": (38, "order_types[0].final_order[0]", "needs a note"),
    "no_catch_all_court": (28, "order_types[0].courts", "no court without `when:`"),
    "condition_two_keys": (23, "order_types[0].eligibility[0].test", "exactly one key"),
    "unknown_fallback": (23, "order_types[0].eligibility[0].test.not_eligible_for", "'vt_peace' is not an order type"),
    "fallback_cycle": (23, "order_types[0].eligibility[0].test.not_eligible_for", "cannot depend on itself"),
    "state_mismatch": (2, "state", "the file is for VT but says state: NH"),
    "unknown_state": (2, "state", "'XX' is not a two-letter state code"),
    "bad_url": (7, "sources.fx.url", "is not a web address"),
    "bad_form_id": (38, "order_types[0].forms[0].id", "is not a form id"),
    "overlapping_final_order": (43, "order_types[0].final_order[1].effective", "overlaps final_order[0]"),
    "alias": (41, "order_types[0].note_alias", "aliases (*name) are not allowed"),
    "negative_fee": (33, "order_types[0].fees[0].amount_usd", "out of range"),
    "bad_age_bounds": (23, "order_types[0].eligibility[0].test.respondent_age", "under must be greater than at_least"),
    "empty": (1, "", "the file is empty"),
    "not_a_mapping": (2, "", "expected a mapping"),
}


def test_every_broken_fixture_has_an_expectation():
    assert {p.stem for p in BAD.glob("*.yaml")} == set(EXPECTED)


def test_the_minimal_fixture_itself_is_valid():
    rules = parse_state(MINIMAL.read_text(), "minimal_state.yaml", expected_state="VT")
    assert rules.order_types[0].id == "vt_dv"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_broken_rule_file_is_rejected_with_file_line_and_key(name):
    line, path, words = EXPECTED[name]
    file = f"rules/states/{name}.yaml"
    with pytest.raises(RuleFileError) as info:
        parse_state((BAD / f"{name}.yaml").read_text(), file, expected_state="VT")
    where = f"{file}:{line} {path}:" if path else f"{file}:{line}:"
    matching = [str(p) for p in info.value.problems if str(p).startswith(where)]
    assert matching, f"no problem at {where!r} in:\n{info.value}"
    assert any(words in m for m in matching), f"{words!r} not in {matching}"
    assert "Traceback" not in str(info.value)


def test_a_huge_paste_is_rejected_before_parsing():
    text = "# padding\n" * (MAX_BYTES // 10 + 10)
    with pytest.raises(RuleFileError, match=r"limit is 1,000,000"):
        parse_state(text, "rules/states/vt.yaml", expected_state="VT")


def test_every_problem_in_a_file_is_reported_not_just_the_first():
    text = MINIMAL.read_text().replace("kind: domestic_violence", "kind: domestic").replace("level: family", "level: familly")
    with pytest.raises(RuleFileError) as info:
        parse_state(text, "x.yaml", expected_state="VT")
    assert len(info.value.problems) == 2
