"""The case model: bad answers are named by field and line; helpers say what forms print."""

from __future__ import annotations

import pytest

from app.engine.errors import RuleFileError
from app.paperwork.case import Case, exhibit_letter, parse_case
from app.paperwork.layout import fit, standard_measure, wrap

MEASURE = standard_measure("Helvetica")
BASE = "state: CA\npetitioner: {name: A}\nrespondent: {name: B}\n"


def test_an_incident_needs_a_date_or_an_approximate_date():
    with pytest.raises(RuleFileError, match=r"x.yaml:4 incidents\[0\]: give the date, or an approximate date"):
        parse_case(BASE + "incidents: [{what_happened: hit me}]\n", "x.yaml")


def test_a_misspelt_answer_is_an_error_not_silently_dropped():
    with pytest.raises(RuleFileError, match=r"x.yaml:2 petitioner.nmae"):
        parse_case("state: CA\npetitioner: {name: A, nmae: B}\nrespondent: {name: B}\n", "x.yaml")


def test_custody_needs_the_children_named():
    with pytest.raises(RuleFileError, match="temporary_custody: name the children"):
        parse_case(BASE + "relief: {temporary_custody: true}\n", "x.yaml")


def test_control_characters_are_removed_from_answers():
    case = parse_case("state: CA\npetitioner: {name: \"A\\u0007B\"}\nrespondent: {name: C}\n", "x.yaml")
    assert case.petitioner.name == "AB"


def test_exhibits_are_lettered_like_court_exhibits():
    assert [exhibit_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_relationship_groups_match_the_forms_checkboxes():
    case = Case.model_validate({"state": "CA", "relationships": ["former_dating", "in_law"], "petitioner": {"name": "A"}, "respondent": {"name": "B"}})
    r = case.relation
    assert r.dating and r.related and r.in_law and not r.married and not r.children_together


def test_wrapping_breaks_words_longer_than_the_line():
    lines = wrap("x" * 500, 100, 10, MEASURE)
    assert len(lines) > 5 and all(MEASURE(line, 10) <= 100 for line in lines) and "".join(lines) == "x" * 500


def test_a_value_that_cannot_fit_at_a_legible_size_does_not_fit():
    assert not fit("word " * 400, 200, 40, 10, True, MEASURE).fits
    assert fit("a short line", 200, 14, 10, False, MEASURE).fits
    assert not fit("Massachusetts", 30, 14, 10, False, MEASURE, max_len=2).fits


def test_approximate_dates_are_ordered_by_their_words():
    from datetime import date

    from app.paperwork.case import approximate_to_date

    assert approximate_to_date("early August 2026") == date(2026, 8, 5)
    assert approximate_to_date("finales de marzo de 2025") == date(2025, 3, 25)
    assert approximate_to_date("summer 2024") == date(2024, 7, 15)
    assert approximate_to_date("a few weeks ago") is None
