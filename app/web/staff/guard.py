"""Who may do what under /staff/: the request-side half of sign-in.

Every staff route depends on `page(...)` (GET) or `action(...)` (POST). Anonymous visitors are
sent to the sign-in page (303) for pages and refused (401) for actions; a signed-in person
without the role gets 403; a POST whose CSRF token is missing or wrong gets 403 before the
route runs, so nothing changes. Session cookies are HttpOnly, SameSite=Strict, scoped to
/staff, and Secure unless `staff_secure_cookies` is off (tests over plain http).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Optional

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from .accounts import SignedIn
from .desk import desk_of
from .errors import StaffError

SESSION_COOKIE = "aegis_staff"
SIGN_IN_COOKIE = "aegis_staff_signin"
COOKIE_PATH = "/staff"
#: A 5 MB paste must reach the loader (which names the problem); much more is refused outright.
MAX_FORM_BYTES = 8_000_000
EDITORS = ("editor", "admin")
REVIEWERS = ("reviewer", "admin")
ANYONE = ("editor", "reviewer", "admin")


class StaffDenied(StaffError):
    """A request refused before its route runs; `status` is the HTTP answer."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Posted:
    """A checked POST: who sent it and the form they sent."""

    who: SignedIn
    form: FormData

    def text(self, name: str, default: str = "") -> str:
        value = self.form.get(name, default)
        return value if isinstance(value, str) else default


def signed_in(request: Request) -> Optional[SignedIn]:
    return desk_of(request).accounts.signed_in(request.cookies.get(SESSION_COOKIE))


def page(*roles: str):
    """Dependency for a staff page that `roles` may see."""

    def dependency(request: Request) -> SignedIn:
        who = signed_in(request)
        if who is None:
            raise StaffDenied(303, "sign in first")
        if who.role not in roles:
            raise StaffDenied(403, f"this page is for {' and '.join(r + 's' for r in roles)}")
        return who

    return dependency


def action(*roles: str):
    """Dependency for a staff POST that `roles` may send; checks the CSRF token first."""

    async def dependency(request: Request) -> Posted:
        who = signed_in(request)
        if who is None:
            raise StaffDenied(401, "sign in first")
        form = await read_form(request)
        sent = form.get("csrf")
        if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), who.csrf_token.encode()):
            raise StaffDenied(403, "the form was out of date or not sent from this site; go back, reload and try again")
        if who.role not in roles:
            raise StaffDenied(403, f"only {' and '.join(r + 's' for r in roles)} can do this")
        return Posted(who, form)

    return dependency


async def read_form(request: Request) -> FormData:
    """The posted form, refusing bodies far larger than any rule file."""
    length = request.headers.get("content-length", "0")
    if not length.isdigit() or int(length) > MAX_FORM_BYTES:
        raise StaffDenied(413, f"the text sent is too large (over {MAX_FORM_BYTES:,} bytes)")
    try:
        return await request.form(max_part_size=MAX_FORM_BYTES)
    except Exception:  # a malformed body is the sender's problem, not a 500
        raise StaffDenied(400, "the form could not be read; reload the page and try again") from None


def set_cookie(response: Response, request: Request, name: str, value: str) -> None:
    secure = desk_of(request).settings.staff_secure_cookies
    response.set_cookie(name, value, path=COOKIE_PATH, httponly=True, samesite="strict", secure=secure)


def clear_cookie(response: Response, request: Request, name: str) -> None:
    secure = desk_of(request).settings.staff_secure_cookies
    response.delete_cookie(name, path=COOKIE_PATH, httponly=True, samesite="strict", secure=secure)


def new_sign_in_token() -> str:
    """The sign-in form's CSRF token (double-submitted: cookie and hidden field)."""
    return secrets.token_urlsafe(32)


def sign_in_token_ok(request: Request, sent: object) -> bool:
    cookie = request.cookies.get(SIGN_IN_COOKIE)
    return bool(cookie) and isinstance(sent, str) and hmac.compare_digest(cookie.encode(), sent.encode())


def safe_next(target: object) -> str:
    """Where to go after signing in: only a page under /staff/, never another site."""
    if isinstance(target, str) and target.startswith("/staff/") and "//" not in target and "\\" not in target \
            and all(c.isalnum() or c in "/-_.?=&" for c in target) and len(target) < 200:
        return target
    return "/staff/"
