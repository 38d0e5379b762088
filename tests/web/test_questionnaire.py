"""The questionnaire over HTTP: the flow, its safety rules, and bad input."""

from __future__ import annotations

import io
import logging
import random
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from pypdf import PdfReader

from app.engine import load_book
from app.web import Settings, create_app
from app.web.rules_source import FixedRules

from .flow_support import CA_NEIGHBOR, Walk

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 4)
NY_EX = [{"danger": "yes"}, {"state": "NY"}, {"role": "self"}, {"relationships": ["former_dating"]},
         {"lived_together": "no"}, {"petitioner_age": "29", "respondent_age": "31"}, {"conduct": ["threats"]},
         {"when": "month"}]


@pytest.fixture(scope="module")
def book():
    return load_book(ROOT / "rules", only=["CA", "NY", "MI"])


@pytest.fixture(scope="module")
def client(book, tmp_path_factory):
    settings = Settings(staff_enabled=False, data_dir=tmp_path_factory.mktemp("data"), today=lambda: TODAY)
    return TestClient(create_app(settings, rules=FixedRules(book)))


def test_the_first_page_puts_safety_first_with_911_and_the_national_hotline(client):
    page = client.get("/").text
    assert "call 911" in page
    assert "1-800-799-7233" in page and "88788" in page
    assert 'id="quick-exit"' in page


def test_a_california_neighbor_who_stalks_can_ask_for_a_free_civil_harassment_order(client):
    walk = Walk(client)
    results = walk.to_results()
    assert walk.heading == "What you can do in California"
    card = results.text.split('id="opt-ca_chro"', 1)[1].split("</section>", 1)[0]
    assert "You can ask for this" in card
    assert "Free." in card
    assert "CH-100" in card


def test_a_new_york_ex_partner_is_sent_to_family_court_with_the_emergency_box_kept(client):
    walk = Walk(client)
    results = walk.to_results(NY_EX)
    card = results.text.split('id="opt-ny_family_offense"', 1)[1].split("</section>", 1)[0]
    assert "Family Court" in card
    assert "You can ask for this" in card
    assert all("If you are in danger now, call 911." in p.text for p in walk.pages[1:])
    assert all("1-800-942-6906" in p.text for p in walk.pages[2:]), "the state's own hotline joins the box once the state is known"
    assert all('href="tel:911"' in p.text and 'href="sms:88788' in p.text for p in walk.pages[1:]), "one tap to call or text"


def test_only_the_further_questions_the_engine_needs_are_asked(client):
    california = Walk(client)
    california.to_results()
    assert not [p for p in california.pages if "We ask this because" in p.text]
    michigan = Walk(client)  # stalking there needs two or more acts: the count is asked, nothing else
    michigan.to_results([dict(d, state="MI") if "state" in d else d for d in CA_NEIGHBOR])
    asked = [p.text for p in michigan.pages if "We ask this because" in p.text]
    assert len(asked) == 1 and 'name="incident_count"' in asked[0]
    assert michigan.heading == "What you can do in Michigan"


def test_back_returns_to_the_page_before_with_the_answers_kept(client):
    walk = Walk(client)
    walk.first(3)
    back = walk.post({}, nav="back")
    assert "Who needs to be kept safe?" in back.text
    assert 'value="self" checked' in back.text
    again = walk.post({}, nav="back")
    assert '<option value="CA" selected>' in again.text


def test_switching_language_keeps_the_page_and_the_answers(client):
    walk = Walk(client)
    walk.first(2)
    spanish = walk.post({}, nav="lang:es")
    assert '<html lang="es">' in spanish.text
    assert 'name="role"' in spanish.text


def test_a_missing_answer_is_named_next_to_its_field(client):
    walk = Walk(client)
    walk.first(1)
    page = walk.post({"state": "ZZ"})
    assert page.status_code == 422
    assert 'href="#state"' in page.text and 'id="state-error"' in page.text


def test_an_altered_or_foreign_token_starts_over_without_an_error_page(client):
    r = client.post("/q", data={"t": "A1" + "x" * 60, "nav": "next"})
    assert r.status_code == 400
    assert "timed out" in r.text
    assert "Traceback" not in r.text


def test_an_expired_page_cannot_be_used(book, tmp_path):
    clock = [1_000_000.0]
    app = create_app(Settings(staff_enabled=False, data_dir=tmp_path, token_max_age_seconds=60), rules=FixedRules(book))
    app.state.services.sealer._clock = lambda: clock[0]
    client = TestClient(app)
    walk = Walk(client)
    walk.start()
    clock[0] += 61
    assert walk.post({"danger": "no"}).status_code == 400


def test_the_packet_downloads_with_a_neutral_name_and_the_details_filled(client):
    walk = Walk(client)
    review = walk.to_review(petitioner="Ana Canary")
    assert "Check your answers" in review.text
    pdf = client.post("/q/download", data={"t": walk.token, "format": "pdf"})
    assert pdf.status_code == 200
    assert pdf.headers["content-disposition"] == 'attachment; filename="document.pdf"'
    assert pdf.headers["cache-control"].startswith("no-store")
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Ana Canary" in text
    zipped = client.post("/q/download", data={"t": walk.token, "format": "zip"})
    assert zipped.headers["content-disposition"] == 'attachment; filename="documents.zip"'
    assert zipped.content[:2] == b"PK"


def test_the_cease_contact_letter_is_added_only_when_asked_for(client):
    walk = Walk(client)
    walk.to_review()
    without = PdfReader(io.BytesIO(client.post("/q/download", data={"t": walk.token}).content))
    with_letter = PdfReader(io.BytesIO(client.post("/q/download", data={"t": walk.token, "letter": "yes"}).content))
    assert len(with_letter.pages) > len(without.pages)


def test_incidents_are_added_one_by_one_and_can_be_removed(client):
    walk = Walk(client)
    walk.to_incidents()
    first = walk.post({"approximate_date": "early May 2026", "what_happened": "Left a note."}, nav="add")
    assert "You added 1" in first.text
    second = walk.post({"date": "2026-11-01", "what_happened": "Waited outside my work."}, nav="add")
    assert "You added 2" in second.text
    removed = walk.post({}, nav="remove:0")
    assert "You added 1" in removed.text and "Waited outside" in removed.text
    bad = walk.post({"what_happened": ""}, nav="add")
    assert bad.status_code == 422 and 'id="what_happened-error"' in bad.text


def test_save_for_later_gives_a_file_only_the_passphrase_opens(client):
    walk = Walk(client)
    walk.first(2)
    save_page = walk.post({}, nav="save")
    assert 'action="/q/save"' in save_page.text and 'type="password"' in save_page.text
    short = client.post("/q/save", data={"t": walk.token, "passphrase": "short", "passphrase_again": "short"})
    assert short.status_code == 422
    saved = client.post("/q/save", data={"t": walk.token, "passphrase": "blue horse 42", "passphrase_again": "blue horse 42"})
    assert saved.headers["content-disposition"] == 'attachment; filename="saved.dat"'
    wrong = client.post("/resume", data={"passphrase": "not it at all"}, files={"file": ("saved.dat", saved.content)})
    assert wrong.status_code == 422 and "did not work" in wrong.text
    back = client.post("/resume", data={"passphrase": "blue horse 42"}, files={"file": ("saved.dat", saved.content)})
    assert back.status_code == 200
    assert "Who needs to be kept safe?" in back.text


def test_the_saved_file_does_not_show_the_answers(client):
    walk = Walk(client)
    walk.to_review(petitioner="Zebulon Quartzmore")
    saved = client.post("/q/save", data={"t": walk.token, "passphrase": "long enough", "passphrase_again": "long enough"})
    assert b"Zebulon" not in saved.content and b"Quartzmore" not in saved.content


def test_the_quick_exit_works_without_javascript_and_clears_site_data(client):
    r = client.get("/exit", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("https://")
    assert "storage" in r.headers["clear-site-data"]


def test_every_page_and_download_says_no_store_and_has_a_neutral_title(client):
    walk = Walk(client)
    walk.to_review()
    walk.client.post("/q/download", data={"t": walk.token})
    for page in walk.pages + [client.get("/privacy"), client.get("/resume")]:
        assert page.headers["cache-control"].startswith("no-store")
        assert "default-src 'none'" in page.headers["content-security-policy"]
        title = re.search(r"<title>(.*?)</title>", page.text).group(1).lower()
        for word in ("restrain", "protect", "abuse", "order", "violence", "harass", "stalk"):
            assert word not in title


def test_no_page_is_heavier_than_30_kb_with_its_css(client):
    css = len(client.get("/static/aegis.css").content) + len(client.get("/static/aegis.js").content)
    walk = Walk(client)
    walk.to_review()
    for page in walk.pages:
        assert len(page.content) + css <= 30 * 1024, (len(page.content), page.text[:200])


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(step=st.sampled_from(["safety", "state", "who", "conduct", "when", "need_county", "results", "you", "incidents", "save"]),
       fields=st.dictionaries(st.sampled_from(["state", "relationships", "conduct", "when", "last_incident_on", "name",
                                               "petitioner_age", "date", "what_happened", "order_type", "county"]),
                              st.text(max_size=30), max_size=5),
       nav=st.sampled_from(["next", "back", "add", "remove:7", "goto:review", "lang:xx", "save"]))
def test_no_posted_form_ever_gives_a_server_error(client, step, fields, nav):
    walk = Walk(client)
    walk.first(1)
    r = walk.post(fields, nav=nav)
    assert r.status_code in (200, 400, 422)
    assert "Traceback" not in r.text


def test_the_server_keeps_nothing_about_the_person(book, tmp_path, caplog, capfd, monkeypatch):
    """A whole walk with a canary name, then a search of the data directory, temp files and logs."""
    canary = "Quillonia Vantablack"
    data_dir, temp_dir = tmp_path / "data", tmp_path / "tmp"
    data_dir.mkdir()
    temp_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp_dir))
    monkeypatch.setenv("TMPDIR", str(temp_dir))
    caplog.set_level(logging.DEBUG)
    app = create_app(Settings(staff_enabled=True, data_dir=data_dir, today=lambda: TODAY), rules=None)
    client = TestClient(app)
    walk = Walk(client)
    walk.to_review(petitioner=canary)
    assert client.post("/q/download", data={"t": walk.token, "format": "zip", "letter": "yes"}).status_code == 200
    assert client.post("/q/download", data={"t": walk.token}).status_code == 200
    out, err = capfd.readouterr()
    assert canary not in caplog.text and canary not in out and canary not in err
    for folder in (data_dir, temp_dir, Path(tempfile.gettempdir())):
        for path in folder.rglob("*"):
            if path.is_file():
                assert canary.encode() not in path.read_bytes(), path


def test_resume_without_a_file_asks_for_one(client):
    r = client.post("/resume", data={"passphrase": "something long"}, files={"file": ("", b"")})
    assert r.status_code == 422
    assert "Pick your saved file" in r.text


def test_the_save_page_keeps_the_progress_of_the_page_it_was_opened_from(client):
    walk = Walk(client)
    walk.to_results()
    page = walk.post({}, nav="save")
    assert "Part 6 of 9" in page.text


def test_a_secret_address_stays_off_the_petition_and_a_safe_mailing_address_is_used(client):
    walk = Walk(client)
    walk.to_results()
    walk.post({"order_type": "ca_chro"})
    you = walk.pages[-1].text
    assert "CLETS-001" in you or "Ask the court clerk" in you
    walk.post({"name": "Ana Secret", "address_street": "77 Hidden Lane", "address_city": "San Diego", "confidential": "yes",
               "mailing_street": "PO Box 12", "mailing_city": "San Diego"})
    walk.post({"name": "Greg Haskins"})
    walk.post({})
    walk.post({})
    walk.post({"date": "2026-11-02", "what_happened": "Followed me."}, nav="add")
    walk.post({})
    pdf = client.post("/q/download", data={"t": walk.token})
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    values = " ".join(str(f.get("/V")) for f in (reader.get_fields() or {}).values())
    assert "Hidden Lane" not in text and "Hidden Lane" not in values
    assert "PO Box 12" in text + values


def test_switching_language_keeps_what_was_typed_when_the_script_sends_it_along(client):
    walk = Walk(client)
    walk.first(3)
    spanish = walk.post({"relationships": ["neighbor", "coworker"]}, nav="lang:es")
    assert 'value="neighbor" checked' in spanish.text and 'value="coworker" checked' in spanish.text
    nothing_sent = walk.post({}, nav="lang:en")  # without the script only the token comes: answers stay
    assert 'value="neighbor" checked' in nothing_sent.text


def test_change_on_the_review_goes_to_that_page_and_straight_back_to_the_review(client):
    walk = Walk(client)
    walk.to_review(petitioner="First Name")
    you = walk.post({}, nav="goto:you")
    assert 'value="First Name"' in you.text
    review = walk.post({"name": "Second Name"})
    assert "Check your answers" in review.text and "Second Name" in review.text
    back = walk.post({}, nav="back")  # Back from the review still goes one page back
    assert "What happened" in back.text
    assert walk.post({}, nav="goto:nowhere").status_code == 200  # an unknown page: stays put, no error


def test_changing_the_state_on_the_review_walks_the_questions_again(client):
    walk = Walk(client)
    walk.to_review()
    state = walk.post({}, nav="goto:state")
    assert 'name="state"' in state.text
    role = walk.post({"state": "CA"})
    assert 'name="role"' in role.text


def test_very_long_incidents_are_refused_before_the_page_could_no_longer_carry_them(client):
    walk = Walk(client)
    walk.to_incidents()
    rng = random.Random(7)
    stories = ["".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(19_900)) for _ in range(4)]  # barely compress
    for story in stories[:3]:
        assert walk.post({"date": "2026-11-01", "what_happened": story}, nav="add").status_code == 200
    refused = walk.post({"date": "2026-11-02", "what_happened": stories[3]}, nav="add")
    assert refused.status_code == 422 and 'id="what_happened-error"' in refused.text
    assert walk.post({}).status_code == 200, "the page still carries everything added so far"
