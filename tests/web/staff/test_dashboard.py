"""The dashboard: every jurisdiction with review, doubt, cases and forms."""

from __future__ import annotations

import re

from app.web.staff.dashboard import unverified_count

from .conftest import ca_texts, csrf_of, save_draft, with_chro_fee


def _row(page: str, code: str) -> str:
    found = re.search(rf'<tr>\s*<th scope="row"><a href="/staff/states/{code}">.*?</tr>', page, re.S)
    assert found, f"no row for {code}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))


def test_each_state_shows_its_review_status_unverified_facts_cases_and_forms(app, staff):
    row = _row(staff["editor"].get("/staff/").text, "CA")
    rules = app.state.staff.published.book().states["CA"]
    assert rules.review.status.value in row
    assert f" {unverified_count(rules)} " in row and unverified_count(rules) > 0
    assert "34, all pass" in row
    assert "by bundled rules" in row
    assert "no form installed" in row


def test_a_waiting_draft_and_its_publication_show_on_the_dashboard(app, staff, small_rules):
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    saved = save_draft(staff["editor"], rules, cases, app.state.staff.versions.head("CA").id)
    version = int(saved.headers["location"].rsplit("/", 1)[1])
    assert "all pass 1 no form installed" in _row(staff["editor"].get("/staff/").text, "CA")
    staff["reviewer"].post(f"/staff/versions/{version}/publish", data={"csrf": csrf_of(staff["reviewer"])})
    row = _row(staff["editor"].get("/staff/").text, "CA")
    assert "by reviewer@example.org" in row and f"v{version}" in row


class _Library:
    """Stands in for the forms library: which forms have maps, and each one's status."""

    def __init__(self, statuses):
        self.maps = dict.fromkeys(statuses)
        self.statuses = statuses

    def status(self, form_id):
        return self.statuses[form_id]


def test_form_drift_names_an_installed_form_that_differs_from_its_map(app):
    from app.paperwork.library import FormStatus
    from app.web.staff.dashboard import form_drift

    rules = app.state.staff.published.book().states["CA"]
    assert form_drift(rules, _Library({"CA/DV-100": FormStatus.DIFFERENT_FILE, "CA/CH-100": FormStatus.READY})) \
        == "drift: CA/DV-100"
    assert form_drift(rules, _Library({"CA/CH-100": FormStatus.READY})) == "1 installed, all match their maps"
    assert form_drift(rules, _Library({"CA/CH-100": FormStatus.NOT_INSTALLED})) == "no form installed (1 mapped)"
