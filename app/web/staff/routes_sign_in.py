"""Signing in and out of the staff editor."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from .desk import Desk
from .guard import (ANYONE, SESSION_COOKIE, SIGN_IN_COOKIE, Posted, action, clear_cookie, new_sign_in_token,
                    read_form, safe_next, set_cookie, sign_in_token_ok)
from .pages import render, see_other

router = APIRouter(prefix="/staff")


def _form_page(request: Request, status: int = 200, message: str = "", email: str = "", next_url: str = "/staff/") -> Response:
    token = new_sign_in_token()
    response = render(request, "login.html", None, status=status, message=message, email=email,
                      sign_in_token=token, next_url=safe_next(next_url))
    set_cookie(response, request, SIGN_IN_COOKIE, token)
    return response


@router.get("/login")
def login_page(request: Request, desk: Desk, next: str = "/staff/") -> Response:
    """The sign-in form (already signed in: straight to the dashboard)."""
    if desk.accounts.signed_in(request.cookies.get(SESSION_COOKIE)):
        return see_other(safe_next(next))
    return _form_page(request, next_url=next)


@router.post("/login")
async def login(request: Request, desk: Desk) -> Response:
    """Check the password (rate-limited), then start a brand-new session."""
    form = await read_form(request)
    email = str(form.get("email", ""))[:254]
    password = form.get("password", "")
    next_url = str(form.get("next", "/staff/"))
    if not sign_in_token_ok(request, form.get("csrf")):
        return _form_page(request, 403, "The sign-in form had expired. Please try again.", email, next_url)
    address = request.client.host if request.client else "unknown"
    wait = desk.limiter.wait_seconds(email, address)
    if wait is not None:
        desk.accounts.record_failed_sign_in(email, "too many attempts")
        minutes = max(1, round(wait / 60))
        return _form_page(request, 429, f"Too many wrong passwords. Try again in about {minutes} minute(s).", email, next_url)
    user = desk.accounts.check_password(email, password if isinstance(password, str) else "")
    if user is None:
        desk.limiter.failed(email, address)
        desk.accounts.record_failed_sign_in(email, "wrong email or password")
        return _form_page(request, 401, "That email and password do not match an account.", email, next_url)
    desk.limiter.succeeded(email)
    token, _ = desk.accounts.start_session(user, replaces=request.cookies.get(SESSION_COOKIE))
    response = see_other(safe_next(next_url))
    set_cookie(response, request, SESSION_COOKIE, token)
    clear_cookie(response, request, SIGN_IN_COOKIE)
    return response


def _to_sign_in_page(request: Request) -> Response:
    response = see_other("/staff/login")
    clear_cookie(response, request, SESSION_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, desk: Desk, posted: Posted = Depends(action(*ANYONE))) -> Response:
    desk.accounts.end_session(posted.who)
    return _to_sign_in_page(request)


@router.post("/logout-everywhere")
def logout_everywhere(request: Request, desk: Desk, posted: Posted = Depends(action(*ANYONE))) -> Response:
    """End every session of this account, on every browser."""
    desk.accounts.end_every_session(posted.who)
    return _to_sign_in_page(request)
