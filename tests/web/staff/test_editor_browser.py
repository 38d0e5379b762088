"""The staff editor end to end in Debian's chromium, with JavaScript off (the editor is plain
forms): an editor changes California's civil harassment fee, sees the impact preview and saves
a draft; a reviewer publishes; the public API answers with the new fee without a restart; the
history shows both versions; the old version is restored and published again."""

from __future__ import annotations

import re

import pytest

from ..browser_support import axe_violations, chromium, needs_browser, serve
from .conftest import PASSWORD, build, ca_texts, with_chro_fee

pytestmark = needs_browser

ROOMMATE = {"state": "CA", "relationships": ["roommate"], "conduct": ["harassment"], "petitioner_age": 24, "respondent_age": 26}


@pytest.fixture(scope="module")
def server(small_rules, tmp_path_factory):
    from app.web.settings import Settings

    settings = Settings(rules_dir=small_rules, data_dir=tmp_path_factory.mktemp("var"), staff_secure_cookies=False,
                        rules_poll_seconds=0)
    app = build(settings)
    with serve(app) as base:
        yield base


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/staff/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{base}/staff/")


def _sign_out(page) -> None:
    page.click("button:has-text('Sign out'):not(:has-text('everywhere'))")


def _public_fee(page, base: str):
    answer = page.request.post(f"{base}/api/v1/assess?on=2026-11-23", data=ROOMMATE)
    assert answer.ok, answer.text()
    return next(o for o in answer.json()["options"] if o["id"] == "ca_chro")["fee"]["amount_usd"]


def _paste(page, selector: str, text: str) -> None:
    """Replace a textarea's text as a paste would (typing 100 KB with `fill` takes seconds)."""
    page.locator(selector).evaluate("(box, text) => { box.value = text; }", text)


def _publish(page, base: str, version: str) -> None:
    page.goto(f"{base}/staff/versions/{version}")
    page.click(f"button:has-text('Publish version {version}')")
    assert "the public sees this version" in page.inner_text("#status")


def test_an_edited_fee_goes_from_draft_to_review_to_the_public_and_back(server, small_rules):
    base = server
    with chromium(java_script=False) as context:
        page = context.new_page()
        assert _public_fee(page, base) == 435
        _sign_in(page, base, "editor@example.org")
        page.click("a:has-text('CA – California')")
        rules, cases = with_chro_fee(page.input_value("#rules_text"), page.input_value("#cases_text"), 450)
        _paste(page, "#rules_text", rules)
        _paste(page, "#cases_text", cases)
        page.fill("#note", "Civil filing fee rose to $450")
        page.click("button:has-text('Check')")
        assert "all 34 cases pass" in page.inner_text("#verdict")
        preview = page.inner_text(".impact")
        assert "Roommate, harassment, any age: filing fee for Civil Harassment Restraining Order changes from $435 to $450" in preview
        page.click("button:has-text('Save draft')")
        draft = re.search(r"/staff/versions/(\d+)$", page.url).group(1)
        assert page.inner_text("#status").startswith("draft")
        assert _public_fee(page, base) == 435, "a draft is never public"
        _sign_out(page)

        _sign_in(page, base, "reviewer@example.org")
        _publish(page, base, draft)
        assert _public_fee(page, base) == 450
        page.goto(f"{base}/staff/states/CA/versions")
        history = page.inner_text("table")
        assert f"v{draft}" in history and "v1" in history and "Civil filing fee rose to $450" in history
        _sign_out(page)

        _sign_in(page, base, "editor@example.org")
        page.goto(f"{base}/staff/versions/1")
        page.fill("#restore_note", "The fee change was premature")
        page.click("button:has-text('Restore version 1')")
        restored = re.search(r"/staff/versions/(\d+)$", page.url).group(1)
        assert restored not in ("1", draft)
        _sign_out(page)

        _sign_in(page, base, "reviewer@example.org")
        _publish(page, base, restored)
        assert _public_fee(page, base) == 435
        assert context.outside_requests == []

    with chromium() as context:  # axe-core needs JavaScript
        page = context.new_page()
        page.goto(f"{base}/staff/login")
        assert axe_violations(page) == []
        _sign_in(page, base, "admin@example.org")
        for path in ("/staff/", "/staff/states/CA", f"/staff/versions/{draft}", "/staff/audit"):
            page.goto(base + path)
            assert axe_violations(page) == [], path
