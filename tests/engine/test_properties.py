"""Properties that hold for any valid situation in any loaded state (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine import Situation, assess, load_book
from app.engine.situation import ASKABLE_FACTS
from app.engine.vocabulary import Conduct, PetitionerRole, Relationship
from tests.conftest import RULES

BOOK = load_book(RULES)
STATES = sorted(BOOK.states)
DAY = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))


def maybe(strategy):
    return st.none() | strategy


situations = st.builds(
    Situation,
    state=st.sampled_from(STATES),
    petitioner_role=maybe(st.sampled_from(PetitionerRole)),
    relationships=maybe(st.frozensets(st.sampled_from(Relationship), max_size=3)),
    lived_together=maybe(st.booleans()),
    relationship_ended_on=maybe(DAY),
    last_incident_on=maybe(DAY),
    incident_count=maybe(st.integers(0, 20)),
    conduct=maybe(st.frozensets(st.sampled_from(Conduct), max_size=4)),
    petitioner_age=maybe(st.integers(0, 100)),
    respondent_age=maybe(st.integers(0, 100)),
    county=maybe(st.sampled_from(["Kings", "Los Angeles County", "Suffolk", "Harris", "Nowhere"])),
    children_involved=maybe(st.booleans()),
    respondent_has_firearms=maybe(st.booleans()),
    in_danger_now=maybe(st.booleans()),
)
ON = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(situations, ON)
def test_assess_never_raises_and_every_available_order_is_complete(s, on):
    answer = assess(s, BOOK, on)
    for o in answer.options:
        if o.eligible is True:
            assert o.courts, f"{o.id}: no court"
            assert o.fee is not None, f"{o.id}: no fee"
            assert o.reasons, f"{o.id}: no reason"
        for r in o.reasons:
            assert r.cite, f"{o.id}: a reason without a citation: {r.text}"
        if o.eligible is False:
            assert o.alternative, f"{o.id}: not available and no way forward"
    assert set(answer.needs) <= set(ASKABLE_FACTS)


@FAST
@given(situations, ON)
def test_the_answer_depends_only_on_situation_rules_and_date(s, on):
    assert assess(s, BOOK, on) == assess(s, BOOK, on)


@FAST
@given(situations, ON)
def test_an_undecided_order_names_the_facts_that_would_decide_it(s, on):
    answer = assess(s, BOOK, on)
    for o in answer.options:
        if o.eligible is None:
            assert o.needs, f"{o.id} is undecided but names no missing fact"
            assert set(o.needs) <= set(answer.needs)


@settings(max_examples=150, deadline=None)
@given(situations, ON, st.sampled_from(ASKABLE_FACTS))
def test_answering_a_needed_question_never_reopens_a_decided_order(s, on, fact):
    """A decided answer cannot hinge on a fact the engine did not know: filling in any fact that
    was unknown and not asked for leaves every decided option as it was."""
    before = assess(s, BOOK, on)
    decided = {o.id: o.eligible for o in before.options if o.eligible is not None}
    if fact in before.needs:
        return
    # Setting a fact the engine did not ask for must not change any decided verdict.
    data = s.model_dump()
    if data.get(fact) is not None:
        return
    value = {"petitioner_role": "self", "relationships": ["stranger"], "lived_together": True,
             "relationship_ended_on": on - timedelta(days=3000), "conduct": ["harassment"],
             "last_incident_on": on - timedelta(days=3000), "incident_count": 1, "petitioner_age": 40,
             "respondent_age": 40, "county": "Nowhere", "children_involved": False,
             "respondent_has_firearms": False}[fact]
    after = assess(Situation.model_validate({**data, fact: value}), BOOK, on)
    for o in after.options:
        if o.id in decided:
            assert o.eligible == decided[o.id], f"{o.id} changed after setting {fact}, which was not in needs"
