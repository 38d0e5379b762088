"""The audit log records who did what and when, and nothing on the web can change it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from app.web.staff import audit
from app.web.staff.accounts import utcnow

from .conftest import ca_texts, csrf_of, save_draft, with_chro_fee


def _entries(app):
    return [(e.actor, e.action, e.state, e.version_id) for e in reversed(audit.recent(app.state.staff.versions.engine))]


def test_saving_and_publishing_are_recorded_with_who_what_and_when(app, staff, small_rules):
    started = utcnow()
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    saved = save_draft(staff["editor"], rules, cases, app.state.staff.versions.head("CA").id, note="CH fee rose")
    version = int(saved.headers["location"].rsplit("/", 1)[1])
    staff["reviewer"].post(f"/staff/versions/{version}/publish", data={"csrf": csrf_of(staff["reviewer"])})
    entries = _entries(app)
    assert ("editor@example.org", "draft saved", "CA", version) in entries
    assert ("reviewer@example.org", "published", "CA", version) in entries
    assert ("editor@example.org", "signed in", None, None) in entries
    newest = audit.recent(app.state.staff.versions.engine, limit=2)
    assert all(e.at >= started.replace(microsecond=0) for e in newest)
    assert "CH fee rose" in staff["admin"].get("/staff/audit").text


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_no_web_request_can_change_the_audit_log(app, staff, method):
    before = _entries(app)
    for path in ("/staff/audit", "/staff/audit/1"):
        answer = staff["admin"].request(method, path, data={"csrf": csrf_of(staff["admin"]), "detail": "edited"})
        assert answer.status_code in (404, 405), (method, path, answer.status_code)
    assert _entries(app) == before


def test_the_database_itself_refuses_to_update_or_delete_audit_entries(app, staff):
    engine = app.state.staff.versions.engine
    for statement in ("UPDATE staff_audit SET actor = 'someone else'", "DELETE FROM staff_audit"):
        with pytest.raises(DatabaseError, match="append-only"):
            with engine.begin() as db:
                db.execute(text(statement))
    assert any(e.actor == "editor@example.org" for e in audit.recent(engine))
