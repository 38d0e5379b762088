"""Every response, pages, errors, API, static files and downloads alike, tells the browser to keep
nothing, to run only this site's own code, and to send no referrer; the API reference page
loads nothing from another origin."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from app.engine import load_book
from app.web.app import create_app
from app.web.rules_source import FixedRules
from app.web.security import CSP
from app.web.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SITUATION = {"state": "CA", "relationships": ["neighbor"], "conduct": ["stalking"]}
CASE = {"state": "CA", "order_type": "ca_chro", "relationships": ["neighbor"], "conduct": ["stalking"],
        "petitioner": {"name": "Pat Example"}, "respondent": {"name": "Sam Example"}}
REQUESTS = {
    "the first page": ("GET", "/", None),
    "a page that does not exist": ("GET", "/no-such-page", None),
    "an API path that does not exist": ("GET", "/api/v1/no-such-thing", None),
    "the wrong method": ("GET", "/api/v1/assess", None),
    "the states list": ("GET", "/api/v1/states", None),
    "an assessment": ("POST", "/api/v1/assess", SITUATION),
    "a 422": ("POST", "/api/v1/assess", {"state": "ZZ"}),
    "a stylesheet": ("GET", "/static/aegis.css", None),
    "a script": ("GET", "/static/aegis.js", None),
    "a missing static file": ("GET", "/static/nothing.css", None),
    "a PDF download": ("POST", "/api/v1/packet", CASE),
    "a ZIP download": ("POST", "/api/v1/packet?zip=true", CASE),
    "the API reference": ("GET", "/api/docs", None),
    "the API reference's stylesheet": ("GET", "/api/docs.css", None),
    "the OpenAPI document": ("GET", "/api/openapi.json", None),
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = create_app(Settings(staff_enabled=False), rules=FixedRules(load_book(ROOT / "rules", only=["CA"])))
    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("what", REQUESTS)
def test_every_response_says_keep_nothing_run_only_our_code_and_send_no_referrer(client, what):
    method, path, body = REQUESTS[what]
    response = client.request(method, path, json=body)
    assert response.status_code != 500, response.text
    assert response.headers["cache-control"] == "no-store, max-age=0"
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_downloads_really_are_downloads(client):
    response = client.post("/api/v1/packet", json=CASE)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response.headers["content-disposition"].startswith("attachment;")


def test_the_policy_allows_no_other_origin_and_no_inline_code():
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in CSP and "http" not in CSP and "*" not in CSP


class Page(HTMLParser):
    """Every URL a page would make the browser fetch or follow, and any inline code."""

    URL_ATTRIBUTES = {"src", "href", "action", "formaction", "srcset", "poster", "data", "background", "manifest"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in self.URL_ATTRIBUTES and value is not None:
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}=...>")
        if tag == "style" or (tag == "script" and not dict(attrs).get("src")):
            self.inline.append(f"<{tag}>")


def test_the_api_reference_loads_nothing_from_another_origin_and_has_no_inline_code(client):
    html = client.get("/api/docs").text
    page = Page()
    page.feed(html)
    assert page.urls, "the page links its stylesheet and the OpenAPI document"
    foreign = [u for u in page.urls if urlsplit(u).scheme or urlsplit(u).netloc or u.startswith("//")]
    assert foreign == []
    assert page.inline == [] and "script" not in page.tags
    assert "swagger" not in html.lower() and "cdn" not in html.lower()


def test_every_link_on_the_api_reference_leads_somewhere_on_this_site(client):
    page = Page()
    page.feed(client.get("/api/docs").text)
    anchors = {u[1:] for u in page.urls if u.startswith("#")}
    html = client.get("/api/docs").text
    assert all(f'id="{a}"' in html for a in anchors), [a for a in anchors if f'id="{a}"' not in html]
    for url in {u for u in page.urls if not u.startswith("#")}:
        assert client.get(url).status_code == 200, url
