"""Who can reach what: every staff route × anonymous, editor, reviewer, admin."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

from app.web.staff import staff_routers
from app.web.staff.books import cases_file
from app.web.staff.checking import check_draft

from .conftest import ROLES, ca_texts, client, csrf_of, sign_in, with_chro_fee

ANON = "anonymous"
OK_PAGE, OK_ACTION, SIGN_IN_FIRST, UNAUTHORISED, FORBIDDEN = 200, 303, "303 to sign-in", 401, 403
EVERYONE = {r: None for r in ROLES}


def allowed(*roles, ok):
    return {role: ok if role in roles else FORBIDDEN for role in ROLES}


#: (method, path template, {role: expected}); anonymous is implied (pages 303 to sign-in, actions 401).
TABLE = [
    ("GET", "/staff/", allowed(*ROLES, ok=OK_PAGE)),
    ("GET", "/staff/audit", allowed("reviewer", "admin", ok=OK_PAGE)),
    ("GET", "/staff/states/{code}", allowed(*ROLES, ok=OK_PAGE)),
    ("GET", "/staff/states/{code}/versions", allowed(*ROLES, ok=OK_PAGE)),
    ("GET", "/staff/versions/{version_id}", allowed(*ROLES, ok=OK_PAGE)),
    ("POST", "/staff/states/{code}/check", allowed(*ROLES, ok=OK_PAGE)),
    ("POST", "/staff/states/{code}/drafts", allowed("editor", "admin", ok=OK_ACTION)),
    ("POST", "/staff/versions/{version_id}/publish", allowed("reviewer", "admin", ok=OK_ACTION)),
    ("POST", "/staff/versions/{version_id}/restore", allowed("editor", "admin", ok=OK_ACTION)),
    ("POST", "/staff/logout-everywhere", allowed(*ROLES, ok=OK_ACTION)),
    ("POST", "/staff/logout", allowed(*ROLES, ok=OK_ACTION)),
]
#: Open to everyone by design: the sign-in form itself.
SIGN_IN_ROUTES = {("GET", "/staff/login"), ("POST", "/staff/login")}


def _fresh_draft(app, small_rules, fee: int) -> int:
    """A draft by someone outside the matrix, on top of the newest version, ready to publish."""
    versions = app.state.staff.versions
    rules, cases = with_chro_fee(*ca_texts(small_rules), fee)
    check = check_draft(app.state.staff.published.book(), "CA", rules, cases)
    return versions.save_draft(check, versions.head("CA").id, "someone@example.org", "for the matrix").id


def _form(app, small_rules, path: str, csrf: str, fee: int) -> dict[str, str]:
    rules, cases = with_chro_fee(*ca_texts(small_rules), fee)
    if path.endswith("/check"):
        rules = "state: CA\n"  # access is the point here; a short text keeps the check quick
    return {"csrf": csrf, "rules_text": rules, "cases_text": cases, "note": "matrix",
            "base_version_id": str(app.state.staff.versions.head("CA").id)}


def _outcome(method: str, answer) -> object:
    if method == "GET" and answer.status_code == 303 and answer.headers["location"].startswith("/staff/login"):
        return SIGN_IN_FIRST
    return answer.status_code


def test_every_staff_route_is_in_the_access_table():
    routes = {(m, r.path) for router in staff_routers() for r in router.routes for m in r.methods - {"HEAD"}}
    assert routes == {(m, p) for m, p, _ in TABLE} | SIGN_IN_ROUTES


def test_every_staff_route_answers_each_role_as_the_access_table_says(app, small_rules):
    clients = {ANON: client(app), **{role: sign_in(app, f"{role}@example.org") for role in ROLES}}
    tokens = {role: csrf_of(c) for role, c in clients.items() if role != ANON}
    first = app.state.staff.versions.head("CA").id
    wrong = []
    fee = 500
    for method, template, expected in TABLE:
        for who in (ANON, *ROLES):
            fee += 1
            want = (SIGN_IN_FIRST if method == "GET" else UNAUTHORISED) if who == ANON else expected[who]
            version = _fresh_draft(app, small_rules, fee) if template.endswith("/publish") else first
            path = template.format(code="CA", version_id=version)
            if template.startswith("/staff/logout") and who != ANON:
                clients[who] = sign_in(app, f"{who}@example.org")
                tokens[who] = csrf_of(clients[who])
            if method == "GET":
                answer = clients[who].get(path)
            else:
                form = _form(app, small_rules, path, tokens.get(who, "no-token"), fee)
                answer = clients[who].post(path, data=form)
            got = _outcome(method, answer)
            if got != want:
                wrong.append(f"{method} {path} as {who}: {got}, expected {want}")
    assert not wrong, "\n".join(wrong)


def test_a_signed_in_person_on_the_sign_in_page_goes_to_the_dashboard(staff):
    answer = staff["editor"].get("/staff/login")
    assert (answer.status_code, answer.headers["location"]) == (303, "/staff/")


def test_unknown_states_and_versions_are_a_plain_404(staff):
    for path in ("/staff/states/ZZ", "/staff/states/../../etc", "/staff/versions/999999", "/staff/versions/-4",
                 "/staff/versions/99999999999999999999999", "/staff/states/NY/versions"):
        answer = staff["editor"].get(path)
        assert answer.status_code == 404, path
        assert "Traceback" not in answer.text


def test_the_public_site_has_no_path_into_staff_pages(app):
    public = client(app)
    seen, queue, found = set(), ["/", "/?lang=es", "/privacy"], []
    while queue and len(seen) < 40:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        answer = public.get(path)
        assert "aegis_staff" not in answer.headers.get("set-cookie", "")
        for target in re.findall(r'(?:href|action|src)="([^"]+)"', answer.text):
            url = urlparse(urljoin("http://testserver" + path, target))
            if url.netloc != "testserver":
                continue
            if url.path.startswith("/staff"):
                found.append(f"{path} -> {target}")
            elif url.path not in seen and not url.path.startswith(("/static", "/api")):
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    assert not found, found
    assert "/staff" not in public.get("/api/openapi.json").text


def test_staff_cookies_are_scoped_to_staff_pages(app):
    answer = client(app).get("/staff/login")
    cookie = answer.headers["set-cookie"]
    assert "Path=/staff" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_cases_file_names_follow_the_repository_layout():
    assert cases_file("CA") == "rules/states/ca.cases.yaml"
