"""Conditions answer True, False or unknown, and say which unknown facts would decide them."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from app.engine import Situation
from app.engine.conditions import Condition, Window

ON = date(2026, 11, 23)


def check(cond: dict, others=None, **facts):
    return Condition.model_validate(cond).compile()(Situation(state="VT", **facts), ON, others or {})


def test_a_listed_relationship_matches_and_an_unlisted_one_does_not():
    assert check({"relationship_in": ["spouse"]}, relationships=["spouse", "child_in_common"]) == (True, ())
    assert check({"relationship_in": ["spouse"]}, relationships=["neighbor"]) == (False, ())


def test_an_unknown_fact_makes_the_answer_unknown_and_is_named():
    assert check({"relationship_in": ["spouse"]}) == (None, ("relationships",))


def test_all_is_false_as_soon_as_one_part_is_false_whatever_is_unknown():
    cond = {"all": [{"relationship_in": ["spouse"]}, {"lived_together": True}]}
    assert check(cond, relationships=["neighbor"]) == (False, ())
    assert check(cond, relationships=["spouse"]) == (None, ("lived_together",))


def test_any_is_true_as_soon_as_one_part_is_true_whatever_is_unknown():
    cond = {"any": [{"lived_together": True}, {"relationship_in": ["child_in_common"]}]}
    assert check(cond, relationships=["child_in_common"]) == (True, ())
    assert check(cond, relationships=["dating"]) == (None, ("lived_together",))
    assert check(cond, relationships=["dating"], lived_together=False) == (False, ())


def test_not_flips_a_known_answer_and_keeps_an_unknown_one():
    assert check({"not": {"lived_together": True}}, lived_together=False) == (True, ())
    assert check({"not": {"lived_together": True}}) == (None, ("lived_together",))


@pytest.mark.parametrize("age, expected", [(17, False), (18, True), (64, True), (65, False)])
def test_age_bounds_count_at_least_and_exclude_under(age, expected):
    assert check({"respondent_age": {"at_least": 18, "under": 65}}, respondent_age=age)[0] is expected


@pytest.mark.parametrize(
    "last, expected",
    [(date(2026, 8, 25), True), (date(2026, 8, 24), False), (ON, True)],
)
def test_a_day_window_counts_its_boundary_day(last, expected):
    assert check({"last_incident_within": {"days": 90}}, last_incident_on=last)[0] is expected


def test_a_month_window_on_the_31st_falls_back_to_the_last_day_of_a_shorter_month():
    assert Window(months=1).earliest(date(2026, 3, 31)) == date(2026, 2, 28)
    assert Window(years=1).earliest(date(2028, 2, 29)) == date(2027, 2, 28)


def test_an_ongoing_relationship_is_inside_any_end_window():
    cond = {"relationship_ended_within": {"months": 6}}
    assert check(cond, relationships=["dating"]) == (True, ())
    assert check(cond, relationships=["former_dating"]) == (None, ("relationship_ended_on",))
    assert check(cond, relationships=["former_dating"], relationship_ended_on=date(2026, 5, 23)) == (True, ())
    assert check(cond, relationships=["former_dating"], relationship_ended_on=date(2026, 5, 22)) == (False, ())


def test_counties_compare_without_case_or_the_word_county():
    assert check({"county_in": ["Kings"]}, county="kings county")[0] is True
    assert check({"county_in": ["Kings"]}, county="Queens")[0] is False


def test_a_fallback_holds_only_when_the_other_order_is_definitely_not_available():
    cond = {"not_eligible_for": ["vt_dv"]}
    assert check(cond, {"vt_dv": False}) == (True, ())
    assert check(cond, {"vt_dv": True}) == (False, ())
    assert check(cond, {"vt_dv": None}) == (None, ("option:vt_dv",))


@pytest.mark.parametrize("bad", [{}, {"relationship_in": []}, {"lived_together": True, "children_involved": True},
                                 {"last_incident_within": {"days": 1, "months": 1}}, {"eval": "1+1"}])
def test_malformed_conditions_are_rejected(bad):
    with pytest.raises(ValidationError):
        Condition.model_validate(bad)


def test_describe_reads_like_the_rule():
    cond = Condition.model_validate({"all": [{"relationship_in": ["dating"]}, {"relationship_ended_within": {"years": 1}}]})
    assert cond.describe() == "(relationship_in dating and relationship_ended_within 1 year)"
