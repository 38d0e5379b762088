"""Rendering staff pages, and the answer to a refused request.

Staff pages have their own base template (`templates/staff/base.html`): no quick-exit or
language switch, since the people here are at work, not in danger.
"""

from __future__ import annotations

from typing import Any, Optional
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .accounts import SignedIn
from .desk import desk_of
from .errors import NotFound
from .guard import StaffDenied


def render(request: Request, name: str, who: Optional[SignedIn], status: int = 200, **context: Any) -> HTMLResponse:
    """A staff template with the signed-in person and their CSRF token."""
    templates = desk_of(request).app.templates
    context.update(who=who, csrf=who.csrf_token if who else "")
    return templates.TemplateResponse(request, f"staff/{name}", context, status_code=status)


def see_other(url: str) -> RedirectResponse:
    """After a successful POST: go to a page (so reloading does not send the form again)."""
    return RedirectResponse(url, status_code=303)


async def refused(request: Request, exc: StaffDenied) -> Response:
    """Anonymous page views go to sign-in; everything else gets a short page saying why."""
    if exc.status == 303:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return see_other(f"/staff/login?next={quote(target, safe='/')}")
    return render(request, "refused.html", None, status=exc.status, message=str(exc))


async def not_found(request: Request, exc: NotFound) -> Response:
    return render(request, "refused.html", None, status=404, message=str(exc))
