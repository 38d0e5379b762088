"""A POST without the session's CSRF token, or with a wrong one, is refused and changes nothing."""

from __future__ import annotations

import pytest

from .conftest import ca_texts, roommate_fee, with_chro_fee

MISSING, WRONG = None, "not-the-token"


def _snapshot(app) -> tuple:
    versions = app.state.staff.versions
    return tuple((v.id, v.status, v.reviewer) for v in versions.history("CA")), len(app.state.staff.accounts.users())


@pytest.mark.parametrize("token", [MISSING, WRONG], ids=["missing token", "wrong token"])
def test_a_forged_form_is_refused_with_403_and_nothing_changes(app, staff, small_rules, token):
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    versions = app.state.staff.versions
    head = versions.head("CA").id
    before = _snapshot(app)
    forms = {
        "/staff/states/CA/drafts": {"rules_text": rules, "cases_text": cases, "note": "forged", "base_version_id": str(head)},
        f"/staff/versions/{head}/restore": {"note": "forged"},
        f"/staff/versions/{head}/publish": {},
        "/staff/logout-everywhere": {},
        "/staff/logout": {},
    }
    for path, form in forms.items():
        if token is not None:
            form["csrf"] = token
        for role in ("editor", "admin", "reviewer"):
            answer = staff[role].post(path, data=form)
            assert answer.status_code == 403, (path, role, answer.status_code)
    assert _snapshot(app) == before
    assert roommate_fee(app) == 435
    assert staff["editor"].get("/staff/").status_code == 200, "still signed in: the forged sign-out did nothing"


def test_a_json_post_cannot_stand_in_for_the_form(app, staff):
    answer = staff["admin"].post("/staff/versions/1/restore", json={"note": "x", "csrf": "x"})
    assert answer.status_code == 403


def test_the_token_of_one_session_does_not_work_in_another(app, staff):
    from .conftest import csrf_of

    other = csrf_of(staff["reviewer"])
    answer = staff["editor"].post("/staff/logout-everywhere", data={"csrf": other})
    assert answer.status_code == 403
