"""The engine judged against the invented fixture state (tests/engine/fixtures/rules/states/vt.yaml)."""

from __future__ import annotations

from datetime import date

import pytest

from app.engine import AegisError, Situation, assess

ON = date(2026, 11, 23)
SPOUSE_ABUSE = dict(relationships=["spouse"], conduct=["physical_abuse"], last_incident_on=date(2026, 11, 1),
                    petitioner_age=30, respondent_age=31)


def option(answer, oid):
    return next(o for o in answer.options if o.id == oid)


def run(book, on=ON, **facts):
    return assess(Situation(state="VT", **facts), book, on)


def test_a_spouse_who_was_hit_recently_can_get_the_abuse_order_with_reasons_and_citations(fixture_book):
    dv = option(run(fixture_book, **SPOUSE_ABUSE), "vt_dv")
    assert dv.eligible is True
    assert [r.met for r in dv.reasons] == [True, True, True]
    assert all(r.cite and r.cite[0].url == "https://example.org/fixture" for r in dv.reasons)
    assert dv.courts[0].name == "Fixture Family Court" and not dv.courts[0].depends
    assert dv.fee.amount_usd == 0
    assert [e.kind.value for e in dv.evidence] == ["photos_of_injuries"]
    assert dv.temporary_order.hearing_within_days == 14
    assert dv.alternative is None


def test_a_fallback_order_is_closed_when_the_main_order_fits(fixture_book):
    answer = run(fixture_book, **{**SPOUSE_ABUSE, "conduct": ["stalking"]})
    assert option(answer, "vt_dv").eligible is True
    stalking = option(answer, "vt_stalking")
    assert stalking.eligible is False
    assert stalking.alternative == "Report stalking to the police."


def test_a_fallback_order_opens_for_a_neighbor(fixture_book):
    answer = run(fixture_book, relationships=["neighbor"], conduct=["stalking"], petitioner_age=40)
    assert option(answer, "vt_dv").eligible is False
    assert option(answer, "vt_stalking").eligible is True
    assert answer.needs == ()


def test_unknown_facts_that_would_change_the_answer_are_listed_in_question_order(fixture_book):
    answer = run(fixture_book, relationships=["former_dating"], conduct=["stalking"])
    assert option(answer, "vt_dv").eligible is None
    assert answer.needs == ("relationship_ended_on", "last_incident_on", "respondent_age")
    # the stalking order waits on the abuse order, so it needs the same facts
    assert option(answer, "vt_stalking").eligible is None
    assert option(answer, "vt_stalking").needs == ("relationship_ended_on", "last_incident_on")


def test_a_court_that_depends_on_an_unknown_age_lists_both_possibilities(fixture_book):
    dv = option(run(fixture_book, **{**SPOUSE_ABUSE, "respondent_age": None}), "vt_dv")
    assert [c.level.value for c in dv.courts] == ["juvenile", "family"]
    assert all(c.depends for c in dv.courts)


def test_an_under_18_respondent_goes_to_the_juvenile_court(fixture_book):
    dv = option(run(fixture_book, **{**SPOUSE_ABUSE, "respondent_age": 17}), "vt_dv")
    assert dv.courts[0].level.value == "juvenile"


def test_a_fee_that_depends_on_unknown_conduct_shows_both_amounts(fixture_book):
    answer = run(fixture_book, relationships=["neighbor"], petitioner_age=40)
    fee = option(answer, "vt_stalking").fee
    assert fee.amount_usd is None
    assert [o.amount_usd for o in fee.options] == [0, 120]


def test_a_fee_change_takes_effect_on_its_own_date(fixture_book):
    facts = dict(relationships=["neighbor"], conduct=["following"], petitioner_age=40)
    assert option(run(fixture_book, on=date(2025, 12, 31), **facts), "vt_stalking").fee.amount_usd == 100
    assert option(run(fixture_book, on=date(2026, 1, 1), **facts), "vt_stalking").fee.amount_usd == 120


def test_an_order_type_is_not_offered_before_it_exists(fixture_book):
    assert run(fixture_book, on=date(2019, 12, 31), **SPOUSE_ABUSE).options == ()


def test_a_minor_under_the_filing_age_is_eligible_but_needs_an_adult_to_file(fixture_book):
    dv = option(run(fixture_book, **{**SPOUSE_ABUSE, "petitioner_age": 15}), "vt_dv")
    assert dv.eligible is True
    assert dv.petitioner.adult_must_file is True
    dv16 = option(run(fixture_book, **{**SPOUSE_ABUSE, "petitioner_age": 16}), "vt_dv")
    assert dv16.petitioner.adult_must_file is False


def test_a_role_the_law_does_not_allow_closes_the_order(fixture_book):
    dv = option(run(fixture_book, **SPOUSE_ABUSE, petitioner_role="employer"), "vt_dv")
    assert dv.eligible is False
    assert "Who can ask" in dv.reasons[0].text


def test_safety_is_always_present_with_national_and_state_help(fixture_book):
    answer = run(fixture_book, in_danger_now=True, respondent_has_firearms=True)
    assert answer.safety.in_danger_now is True
    assert "911" in answer.safety.emergency
    assert answer.safety.firearms and "guns" in answer.safety.firearms
    names = [r.name for r in answer.safety.resources]
    assert "Fixture Hotline" in names and "National Domestic Violence Hotline" in names
    assert any("1-800-799-7233" in h for h in answer.other_help)


def test_a_state_without_rules_is_a_clear_error(fixture_book):
    with pytest.raises(AegisError, match="no rules for TX"):
        assess(Situation(state="TX"), fixture_book, ON)


def test_the_same_question_gets_the_same_answer(fixture_book):
    a = run(fixture_book, **SPOUSE_ABUSE).model_dump_json()
    b = run(fixture_book, **SPOUSE_ABUSE).model_dump_json()
    assert a == b
