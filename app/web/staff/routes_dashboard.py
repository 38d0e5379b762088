"""The staff dashboard (every jurisdiction at a glance) and the audit log (read only)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from . import audit
from .accounts import SignedIn
from .dashboard import state_rows
from .desk import Desk
from .guard import ANYONE, REVIEWERS, page
from .pages import render

router = APIRouter(prefix="/staff")


@router.get("/")
def dashboard(request: Request, desk: Desk, who: SignedIn = Depends(page(*ANYONE))) -> Response:
    book = desk.published.book()
    loaded = desk.published.loaded_version_ids()
    versions = {v.id: v for v in desk.versions.many(list(loaded.values()))}
    rows = state_rows(book, loaded, versions, desk.versions.drafts_after_current(), desk.app.library, desk.summaries)
    broken = sorted(book.broken)
    return render(request, "dashboard.html", who, rows=rows, broken=broken)


@router.get("/audit")
def audit_log(request: Request, desk: Desk, who: SignedIn = Depends(page(*REVIEWERS))) -> Response:
    """The newest 200 entries. There is no route that changes or deletes one."""
    return render(request, "audit.html", who, entries=audit.recent(desk.versions.engine))
