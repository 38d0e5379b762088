"""The API reference page is generated from the app's own OpenAPI document: every operation, its
parameters, body and responses, and every schema, as plain HTML."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.engine import load_book
from app.web.api_docs import render_docs
from app.web.app import create_app
from app.web.rules_source import FixedRules
from app.web.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def app():
    return create_app(Settings(staff_enabled=False), rules=FixedRules(load_book(ROOT / "rules", only=["CA"])))


@pytest.fixture(scope="module")
def page(app) -> str:
    response = TestClient(app).get("/api/docs")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    return response.text


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_every_operation_has_a_section_with_its_summary_and_description(app, page):
    spec = app.openapi()
    operations = [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]
    assert {(p, m) for p, m, _ in operations} >= {("/api/v1/states", "get"), ("/api/v1/assess", "post"), ("/api/v1/packet", "post")}
    for path, method, op in operations:
        section = page.split(f'<section id="{method}-{path.strip("/").replace("/", "-")}">', 1)[1].split("</section>", 1)[0]
        assert path in section and op["summary"] in section and text_of(op["description"]).split("\n")[0] in text_of(section)
        for parameter in op.get("parameters", []):
            assert f"<code>{parameter['name']}</code>" in section
        for status in op["responses"]:
            assert f"<td>{status}</td>" in section


def test_request_bodies_and_responses_link_to_their_schemas(page):
    assert '<a href="#schema-Situation">Situation</a>' in page and '<a href="#schema-Case">Case</a>' in page
    assert '<a href="#schema-Assessment">Assessment</a>' in page
    assert '<a href="#schema-Problems">Problems</a>' in page  # the 422 shape the API really sends
    assert "HTTPValidationError" not in page


def test_schemas_list_their_fields_and_the_terms_an_enum_allows(page):
    situation = page.split('<h3 id="schema-Situation">', 1)[1].split("<h3", 1)[0]
    assert "<code>relationships</code>" in situation and "Two-letter state code" in situation
    relationships = page.split('<h3 id="schema-Relationship">', 1)[1].split("<h3", 1)[0]
    assert "<code>neighbor</code>" in relationships and "<code>former_dating</code>" in relationships


def test_the_page_links_the_machine_readable_document(page):
    assert '<a href="/api/openapi.json">' in page


def test_text_from_the_document_is_escaped():
    spec = {"openapi": "3.1.0", "info": {"title": "<script>alert(1)</script>", "version": "1"},
            "paths": {"/x": {"get": {"summary": "a <b>bold</b> claim", "responses": {"200": {"description": "ok"}}}}}}
    html = render_docs(spec, "/openapi.json")
    assert "<script>" not in html and "&lt;script&gt;" in html and "a &lt;b&gt;bold&lt;/b&gt; claim" in html
