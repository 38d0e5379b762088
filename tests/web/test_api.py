"""The JSON API: the engine's answers as JSON, packets as PDF or ZIP, and every mistake a 422
that names the field (never a 500)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from hypothesis import given, settings as hypothesis_settings, strategies as st
from pypdf import PdfReader

from app.engine import Situation, load_book
from app.paperwork.library import load_library
from app.web.app import create_app
from app.web.rules_source import FixedRules
from app.web.settings import BUNDLED_MAPS, Settings
from tests.paperwork.paperwork_support import find_real_forms

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CASES = sorted((ROOT / "examples" / "cases").glob("*.yaml"))
STATES = ["CA", "NY", "IL", "MA", "MI"]
ON = "2026-11-23"
#: Words a download's file name must not carry: it shows in a downloads list and in history.
TELLTALE = re.compile(r"restrain|protect|abuse|order|harass|stalk|violence|petition", re.I)


@pytest.fixture(scope="module")
def book():
    return load_book(ROOT / "rules", only=STATES)


@pytest.fixture(scope="module")
def client(book) -> TestClient:
    app = create_app(Settings(staff_enabled=False), rules=FixedRules(book))
    return TestClient(app, raise_server_exceptions=False)


def case_json(path: Path) -> dict:
    """An example case file as the JSON a script would post (dates as ISO strings)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def problems(response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {p["field"]: p["message"] for p in response.json()["detail"]}


def option(assessment: dict, order_id: str) -> dict:
    return next(o for o in assessment["options"] if o["id"] == order_id)


def test_the_states_list_gives_each_published_state_with_its_order_types(client):
    answer = client.get("/api/v1/states").json()
    assert [s["code"] for s in answer] == sorted(STATES)
    ca = answer[0]
    assert ca["name"] == "California" and "ca_chro" in ca["order_types"] and ca["rules_version"]


def test_a_california_neighbor_who_stalks_can_ask_for_a_civil_harassment_order_for_free(client):
    situation = {"state": "CA", "relationships": ["neighbor"], "conduct": ["stalking"]}
    answer = client.post(f"/api/v1/assess?on={ON}", json=situation)
    assert answer.status_code == 200
    chro = option(answer.json(), "ca_chro")
    assert chro["eligible"] is True
    assert chro["fee"]["amount_usd"] == 0


def test_a_new_york_former_dating_partner_is_a_family_offense_petition_in_family_court(client):
    situation = {"state": "NY", "relationships": ["former_dating"], "conduct": ["harassment"]}
    answer = client.post(f"/api/v1/assess?on={ON}", json=situation).json()
    family = option(answer, "ny_family_offense")
    assert family["eligible"] is True
    assert family["courts"][0]["name"] == "Family Court"  # first; Criminal and Supreme Court follow


def test_assess_judges_on_the_date_given_in_the_query(client):
    answer = client.post("/api/v1/assess?on=2026-01-02", json={"state": "CA"}).json()
    assert answer["on"] == "2026-01-02"


def test_an_unknown_relationship_is_a_422_naming_relationships_0(client):
    found = problems(client.post("/api/v1/assess", json={"state": "CA", "relationships": ["pen_pal"]}))
    assert list(found) == ["relationships.0"]
    assert "neighbor" in found["relationships.0"]  # the message lists the terms that are allowed


def test_an_unknown_field_is_a_422_naming_it(client):
    found = problems(client.post("/api/v1/assess", json={"state": "CA", "relationship": ["spouse"]}))
    assert "unknown field" in found["relationship"]


def test_malformed_json_is_a_422_saying_where_it_breaks(client):
    for headers in ({"content-type": "application/json"}, {"content-type": "text/plain"}, {}):
        found = problems(client.post("/api/v1/assess", content=b'{"state": "CA",\n "x', headers=headers))
        assert found["body"].startswith("not valid JSON at line 2 column 2"), (headers, found)


def test_json_sent_without_a_json_content_type_is_told_which_header_to_send(client):
    found = problems(client.post("/api/v1/assess", content=b'{"state": "CA"}', headers={"content-type": "text/plain"}))
    assert "Content-Type: application/json" in found["body"]


def test_a_body_that_is_not_a_json_object_is_a_422_on_the_body(client):
    assert problems(client.post("/api/v1/assess", json=["CA"])) == {"body": "expected a JSON object, got a list"}
    assert "required" in problems(client.post("/api/v1/assess"))["body"]


def test_a_body_that_cannot_be_read_as_json_at_all_is_a_422_not_a_400(client):
    for kind in ("application/json", "text/plain"):
        found = problems(client.post("/api/v1/assess", content=b'{"state": "\xc3\x28"}', headers={"content-type": kind}))
        assert found == {"body": "not valid JSON: byte 12 is not UTF-8 text"}
    deep = b"[" * 100_000 + b"]" * 100_000
    assert "nested too deeply" in problems(client.post("/api/v1/assess", content=deep, headers={"content-type": "application/json"}))["body"]


def test_a_state_code_that_is_not_a_state_is_a_422_on_state(client):
    assert "not a US state code" in problems(client.post("/api/v1/assess", json={"state": "ZZ"}))["state"]


def test_a_state_without_published_rules_is_a_422_on_state(client):
    assert "no published rules for TX" in problems(client.post("/api/v1/assess", json={"state": "TX"}))["state"]
    assert "TX" in problems(client.post("/api/v1/packet", json={**case_json(EXAMPLE_CASES[0]), "state": "TX"}))["state"]


def test_a_date_that_is_not_a_date_is_a_422_naming_the_query_parameter(client):
    assert "query.on" in problems(client.post("/api/v1/assess?on=tomorrow", json={"state": "CA"}))


def test_a_packet_without_a_petitioner_is_a_422_on_petitioner(client):
    case = case_json(ROOT / "examples" / "cases" / "ca-ch100.yaml")
    del case["petitioner"]
    assert problems(client.post("/api/v1/packet", json=case))["petitioner"] == "required"


def test_a_packet_for_an_order_the_person_cannot_get_is_a_422_on_order_type_saying_why(client):
    case = {**case_json(ROOT / "examples" / "cases" / "ca-ch100.yaml"), "order_type": "ca_dvro"}  # a neighbor
    message = problems(client.post(f"/api/v1/packet?on={ON}", json=case))["order_type"]
    assert "ca_dvro" in message and "does not fit" in message


def test_a_packet_for_an_order_the_state_does_not_have_is_a_422_listing_the_orders_it_has(client):
    case = {**case_json(ROOT / "examples" / "cases" / "ca-ch100.yaml"), "order_type": "ny_family_offense"}
    message = problems(client.post(f"/api/v1/packet?on={ON}", json=case))["order_type"]
    assert "ca_chro" in message and not message.startswith("order_type")


@pytest.mark.parametrize("path", EXAMPLE_CASES, ids=lambda p: p.stem)
def test_every_example_case_posted_as_json_downloads_a_pdf_and_a_zip_with_neutral_names(client, path):
    pdf = client.post(f"/api/v1/packet?on={ON}", json=case_json(path))
    assert pdf.status_code == 200, pdf.text
    assert pdf.content.startswith(b"%PDF-") and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == 'attachment; filename="document.pdf"'
    zipped = client.post(f"/api/v1/packet?on={ON}&zip=true", json=case_json(path))
    assert zipped.status_code == 200 and zipped.headers["content-disposition"] == 'attachment; filename="documents.zip"'
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as z:
        names = z.namelist()
        assert names and all(z.read(n).startswith(b"%PDF-") for n in names)
    assert not [n for n in names if TELLTALE.search(n)], names


def test_the_letter_is_added_only_when_asked_for(client):
    case = case_json(ROOT / "examples" / "cases" / "ca-ch100.yaml")
    without = zipfile.ZipFile(io.BytesIO(client.post(f"/api/v1/packet?on={ON}&zip=true", json=case).content)).namelist()
    with_letter = zipfile.ZipFile(io.BytesIO(client.post(f"/api/v1/packet?on={ON}&zip=true&letter=true", json=case).content)).namelist()
    assert len(with_letter) == len(without) + 1


@pytest.fixture(scope="module")
def with_official_ch100(book, tmp_path_factory) -> TestClient:
    """An app whose forms directory has the official CH-100 installed (skips without ../shared/real-forms)."""
    official = find_real_forms() / "CA" / "CH-100.pdf"
    if not official.is_file():
        pytest.skip(f"official PDF {official} is not here (set AEGIS_REAL_FORMS to ../shared/real-forms)")
    forms = tmp_path_factory.mktemp("forms")
    load_library(BUNDLED_MAPS, forms).install(official, "CA/CH-100")
    return TestClient(create_app(Settings(staff_enabled=False, forms_dir=forms), rules=FixedRules(book)))


def test_with_the_official_ch100_installed_the_packet_fills_its_fields(with_official_ch100):
    response = with_official_ch100.post(f"/api/v1/packet?on={ON}", json=case_json(ROOT / "examples" / "cases" / "ca-ch100.yaml"))
    assert response.status_code == 200
    values = {str(v.get("/V")) for v in (PdfReader(io.BytesIO(response.content)).get_fields() or {}).values()}
    assert "Thanh Nguyễn" in values and "Gregory Paul Haskins" in values


def test_no_pdf_in_the_zip_has_a_telltale_title_a_viewer_would_show_in_its_tab(with_official_ch100):
    response = with_official_ch100.post(f"/api/v1/packet?on={ON}&zip=true", json=case_json(ROOT / "examples" / "cases" / "ca-ch100.yaml"))
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        readers = {n: PdfReader(io.BytesIO(z.read(n))) for n in z.namelist()}
    merged = PdfReader(io.BytesIO(with_official_ch100.post(f"/api/v1/packet?on={ON}", json=case_json(ROOT / "examples" / "cases" / "ca-ch100.yaml")).content))
    readers["document.pdf"] = merged
    titles = {n: " ".join(str(v) for v in (r.metadata or {}).values()) for n, r in readers.items()}
    assert not {n: t for n, t in titles.items() if TELLTALE.search(t)}
    assert not [n for n, r in readers.items() if "/Metadata" in r.trailer["/Root"]], "an XMP packet could carry the court's title"


JSON_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
                | st.sampled_from(["CA", "NY", "TX", "ca", "neighbor", "spouse", "stalking", "2026-01-02", "self"]))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
                           max_leaves=12)
JSON_OBJECTS = st.dictionaries(st.sampled_from(list(Situation.model_fields)) | st.text(max_size=10), JSON_VALUES, max_size=8)


@hypothesis_settings(max_examples=150, deadline=None)
@given(body=JSON_OBJECTS, on=st.none() | st.dates(min_value=date(1900, 1, 1)).map(str) | st.text(max_size=6))
def test_no_json_object_posted_to_assess_causes_a_500(client, body, on):
    # json.dumps, not the client's encoder: Python's JSON (and so the server's) also takes Infinity and NaN.
    response = client.post("/api/v1/assess", content=json.dumps(body), headers={"content-type": "application/json"},
                           params={} if on is None else {"on": on})
    assert response.status_code in {200, 422}, response.text
    if response.status_code == 422:
        assert all(p["field"] and p["message"] for p in response.json()["detail"])
