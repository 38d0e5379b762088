"""Signing in: argon2id, rate limits, cookie flags, session fixation, signing out everywhere."""

from __future__ import annotations

import logging

from app.web.staff.guard import SESSION_COOKIE
from app.web.staff.tables import User

from .conftest import PASSWORD, build, client, csrf_of, sign_in, sign_in_with


def test_a_wrong_password_is_refused_and_audited_without_the_password(app):
    c = client(app)
    answer = sign_in_with(c, "editor@example.org", "not the password at all")
    assert answer.status_code == 401 and "do not match" in answer.text
    assert SESSION_COOKIE not in c.cookies
    from app.web.staff import audit

    last = audit.recent(app.state.staff.versions.engine, limit=1)[0]
    assert (last.actor, last.action) == ("editor@example.org", "sign-in refused")
    assert "not the password" not in last.detail


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(app):
    answer = sign_in_with(client(app), "nobody@example.org", PASSWORD)
    assert answer.status_code == 401 and "do not match" in answer.text


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_password(app):
    c = client(app)
    for _ in range(5):
        assert sign_in_with(c, "editor@example.org", "wrong password!!").status_code == 401
    answer = sign_in_with(c, "editor@example.org", PASSWORD)
    assert answer.status_code == 429 and "Too many" in answer.text
    assert sign_in_with(client(app), "reviewer@example.org", PASSWORD).status_code == 303, "other accounts are unaffected"


def test_the_lock_lifts_after_the_window(app):
    limiter = app.state.staff.limiter
    now = [0.0]
    limiter.clock = lambda: now[0]
    for _ in range(5):
        limiter.failed("editor@example.org", "1.2.3.4")
    assert limiter.wait_seconds("editor@example.org", "5.6.7.8") == 900
    now[0] = 900.0
    assert limiter.wait_seconds("editor@example.org", "5.6.7.8") is None


def test_signing_in_issues_a_new_session_id_and_ends_the_one_the_browser_had(app):
    c = sign_in(app, "editor@example.org")
    old = c.cookies[SESSION_COOKIE]
    c.cookies.set("aegis_staff_signin", "same-token", path="/staff")
    answer = c.post("/staff/login", data={"email": "editor@example.org", "password": PASSWORD, "csrf": "same-token"})
    assert answer.status_code == 303
    new = answer.cookies[SESSION_COOKIE]
    assert new and new != old
    stale = client(app)
    stale.cookies.set(SESSION_COOKIE, old, path="/staff")
    assert stale.get("/staff/").status_code == 303, "the session from before signing in no longer works"


def test_a_session_id_planted_by_someone_else_is_never_adopted(app):
    c = client(app)
    c.cookies.set(SESSION_COOKIE, "planted-by-an-attacker", path="/staff")
    page = c.get("/staff/login")
    answer = c.post("/staff/login", data={"email": "editor@example.org", "password": PASSWORD,
                                          "csrf": page.cookies["aegis_staff_signin"]})
    assert answer.status_code == 303 and answer.cookies[SESSION_COOKIE] != "planted-by-an-attacker"


def test_session_cookies_are_secure_httponly_and_samesite_strict(settings):
    app = build(settings.model_copy(update={"staff_secure_cookies": True}))
    c = client(app)
    page = c.get("/staff/login")
    answer = c.post("/staff/login", data={"email": "admin@example.org", "password": PASSWORD,
                                          "csrf": page.cookies["aegis_staff_signin"]})
    cookie = next(v for k, v in answer.headers.multi_items() if k == "set-cookie" and v.startswith(SESSION_COOKIE))
    for flag in ("Secure", "HttpOnly", "SameSite=strict", "Path=/staff"):
        assert flag in cookie, cookie


def test_the_sign_in_form_without_its_token_is_refused(app):
    c = client(app)
    answer = c.post("/staff/login", data={"email": "editor@example.org", "password": PASSWORD})
    assert answer.status_code == 403 and SESSION_COOKIE not in answer.cookies


def test_after_sign_in_people_are_never_sent_to_another_site(app):
    c = client(app)
    page = c.get("/staff/login")
    answer = c.post("/staff/login", data={"email": "editor@example.org", "password": PASSWORD,
                                          "csrf": page.cookies["aegis_staff_signin"], "next": "//evil.example/staff/"})
    assert answer.headers["location"] == "/staff/"


def test_signing_out_everywhere_ends_every_session_of_that_account(app):
    laptop, phone = sign_in(app, "editor@example.org"), sign_in(app, "editor@example.org")
    reviewer = sign_in(app, "reviewer@example.org")
    assert laptop.post("/staff/logout-everywhere", data={"csrf": csrf_of(laptop)}).status_code == 303
    assert phone.get("/staff/").status_code == 303
    assert laptop.get("/staff/").status_code == 303
    assert reviewer.get("/staff/").status_code == 200


def test_signing_out_ends_only_this_session(app):
    laptop, phone = sign_in(app, "editor@example.org"), sign_in(app, "editor@example.org")
    assert laptop.post("/staff/logout", data={"csrf": csrf_of(laptop)}).status_code == 303
    assert laptop.get("/staff/").status_code == 303
    assert phone.get("/staff/").status_code == 200


def test_passwords_are_stored_as_argon2id_hashes(app):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    with Session(app.state.staff.versions.engine) as db:
        hashes = list(db.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_passwords_never_reach_the_logs_when_signing_in(app, caplog):
    caplog.set_level(logging.DEBUG)
    c = client(app)
    sign_in_with(c, "editor@example.org", "a wrong secret password")
    sign_in_with(c, "editor@example.org", PASSWORD)
    app.state.staff.accounts.add_user("new@example.org", "editor", "another long password", actor="test")
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    for secret in ("a wrong secret password", PASSWORD, "another long password"):
        assert secret not in logged


def test_a_session_stops_working_after_its_lifetime(app):
    from datetime import timedelta

    from app.web.staff.accounts import SESSION_HOURS, utcnow

    c = sign_in(app, "editor@example.org")
    later = utcnow() + timedelta(hours=SESSION_HOURS, minutes=1)
    app.state.staff.accounts.now = lambda: later
    answer = c.get("/staff/states/CA")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/staff/login")
