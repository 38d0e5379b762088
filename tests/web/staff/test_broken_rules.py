"""A corpus of broken texts: each is refused with a message naming the line, and the public
rules stay as they were."""

from __future__ import annotations

import html
import re

import pytest

from .conftest import ca_texts, roommate_fee, save_draft

CHRO = "  - id: ca_chro\n"


def _line_of(text: str, needle: str, start: str = "") -> int:
    """1-based line of the first `needle` after `start`."""
    at = text.index(needle, text.index(start) if start else 0)
    return text.count("\n", 0, at) + 1


def _replace_after(text: str, start: str, old: str, new: str) -> str:
    at = text.index(old, text.index(start))
    return text[:at] + new + text[at + len(old):]


def yaml_syntax(rules, cases):
    bad = _replace_after(rules, CHRO, "    kind: harassment\n", "    kind: [harassment\n")
    # The parser notices the unclosed bracket where the next line starts.
    return bad, cases, f"ca.yaml:{_line_of(bad, 'kind: [harassment') + 1}"


def unknown_key(rules, cases):
    bad = _replace_after(rules, CHRO, "    kind: harassment\n", "    kind: harassment\n    colour: blue\n")
    return bad, cases, f"ca.yaml:{_line_of(bad, 'colour: blue')}"


def unknown_vocabulary_term(rules, cases):
    bad = _replace_after(rules, CHRO, "            - stalking\n", "            - stalkng\n")
    return bad, cases, f"ca.yaml:{_line_of(bad, '- stalkng')}"


def bad_date(rules, cases):
    bad = _replace_after(rules, CHRO, "    effective: {from: 2024-01-11}", "    effective: {from: 2024-13-01}")
    return bad, cases, f"ca.yaml:{_line_of(bad, '2024-13-01')}"


def overlapping_effective_ranges(rules, cases):
    extra = ("      - roles: [self]\n        cite: [{source: ca_selfhelp_ch, section: Overview}]\n"
             "        effective: {from: 2025-01-01}\n")
    bad = _replace_after(rules, CHRO, "    petitioners:\n", "    petitioners:\n" + extra)
    return bad, cases, "petitioners[1] overlaps petitioners[0]"


def unknown_cite_source(rules, cases):
    bad = _replace_after(rules, CHRO, "      - source: ca_selfhelp_ch\n", "      - source: no_such_source\n")
    return bad, cases, f"ca.yaml:{_line_of(bad, 'no_such_source')}"


def failing_case(rules, cases):
    bad = cases.replace("fee: {amount_usd: 435, unverified: true, waiver_form: CA/FW-001}",
                        "fee: {amount_usd: 999, unverified: true, waiver_form: CA/FW-001}")
    return rules, bad, f"FAIL rules/states/ca.cases.yaml line {_line_of(bad, 'A roommate who only harasses')}"


def five_megabyte_paste(rules, cases):
    return rules + ("# padding line for a paste that is far too long\n" * 110_000), cases, "ca.yaml:1"


def tab_indentation(rules, cases):
    bad = _replace_after(rules, CHRO, "    kind: harassment\n", "\tkind: harassment\n")
    return bad, cases, f"ca.yaml:{_line_of(bad, chr(9) + 'kind')}"


def duplicate_key(rules, cases):
    bad = _replace_after(rules, CHRO, "    kind: harassment\n", "    kind: harassment\n    kind: stalking\n")
    return bad, cases, f"ca.yaml:{_line_of(bad, 'kind: stalking')}"


def broken_cases_file(rules, cases):
    bad = cases.replace("situation: {relationships: [roommate]", "situation: {relationships: [roomate]", 1)
    return rules, bad, f"ca.cases.yaml:{_line_of(bad, '[roomate]')}"


CORPUS = [yaml_syntax, unknown_key, unknown_vocabulary_term, bad_date, overlapping_effective_ranges, unknown_cite_source,
          failing_case, five_megabyte_paste, tab_indentation, duplicate_key, broken_cases_file]


@pytest.mark.parametrize("breaks", CORPUS, ids=[f.__name__ for f in CORPUS])
def test_a_broken_text_is_refused_with_its_line_and_the_public_rules_do_not_change(app, staff, small_rules, breaks):
    rules, cases, expected = breaks(*ca_texts(small_rules))
    versions = app.state.staff.versions
    head = versions.head("CA").id
    answer = save_draft(staff["editor"], rules, cases, head)
    assert answer.status_code == 422, answer.status_code
    page = html.unescape(answer.text)
    assert "Not saved" in page and expected in page, page[page.find("Check results"):][:1500]
    assert "Traceback" not in page
    assert re.search(r"ca(\.cases)?\.yaml(:| line )\d+", page)
    assert versions.head("CA").id == head
    assert roommate_fee(app) == 435


def test_checking_a_broken_text_shows_the_problem_and_saves_nothing(app, staff, small_rules):
    rules, cases, expected = unknown_key(*ca_texts(small_rules))
    from .conftest import csrf_of

    c = staff["reviewer"]
    answer = c.post("/staff/states/CA/check", data={"csrf": csrf_of(c), "rules_text": rules, "cases_text": cases})
    assert answer.status_code == 200 and expected in answer.text and "colour: blue" in answer.text
    assert len(app.state.staff.versions.history("CA")) == 1
