"""Every jurisdiction, through the questionnaire to a PDF: a spouse who hurt the person is a
case every state's rules cover, whether or not an official form is mapped for it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.engine import load_book
from app.engine.rules import STATE_CODES
from app.web import Settings, create_app
from app.web.rules_source import FixedRules

from .flow_support import Walk

ROOT = Path(__file__).resolve().parents[2]
CHOICE = re.compile(r'name="order_type" value="([a-z0-9_]+)"')


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(staff_enabled=False, data_dir=tmp_path_factory.mktemp("data"), today=lambda: date(2026, 12, 4))
    return TestClient(create_app(settings, rules=FixedRules(load_book(ROOT / "rules"))))


@pytest.mark.parametrize("state", STATE_CODES)
def test_a_spouse_who_hurt_the_person_leads_to_papers_in_every_state(client, state):
    walk = Walk(client)
    results = walk.to_results([{"danger": "no"}, {"state": state}, {"role": "self"}, {"relationships": ["spouse"]},
                               {"lived_together": "yes"}, {"petitioner_age": "35", "respondent_age": "40"},
                               {"conduct": ["physical_abuse", "threats"]}, {"when": "week"}])
    assert results.status_code == 200 and "Orders you can ask for" in results.text
    order = CHOICE.search(results.text).group(1)
    walk.post({"order_type": order})
    walk.post({"name": "Test Person"})
    walk.post({"name": "Other Person"})
    walk.post({})
    walk.post({})
    walk.post({"date": "2026-11-28", "what_happened": "He pushed me into the wall."}, nav="add")
    review = walk.post({})
    assert "Check your answers" in review.text
    pdf = client.post("/q/download", data={"t": walk.token})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
