"""A state's version history, one version (with its changes), publishing and restoring."""

from __future__ import annotations

import difflib

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from .accounts import SignedIn
from .books import cases_file, rules_file
from .checking import check_draft
from .desk import Desk, StaffDesk
from .errors import StaffError
from .guard import ANYONE, EDITORS, REVIEWERS, Posted, action, page
from .pages import render, see_other
from .routes_editor import state_head
from .tables import DRAFT, RuleVersion

router = APIRouter(prefix="/staff")


def changes(old: str, new: str, name: str) -> list[str]:
    """A unified diff, line by line, for the reviewer."""
    return list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"{name} (before)", f"{name} (this version)",
                                     lineterm="", n=2))


def version_page(request: Request, desk: StaffDesk, who: SignedIn, version: RuleVersion, message: str = "",
                 status: int = 200) -> Response:
    base = desk.versions.get(version.base_version_id) if version.base_version_id else None
    head = desk.versions.head(version.state)
    current = desk.versions.current(version.state)
    # A reviewer must see everything publishing would change, which for a draft on top of other
    # drafts is more than its own edit: compare drafts with the public version.
    compared = current if version.status == DRAFT and current is not None else base
    diff = (changes(compared.rules_text if compared else "", version.rules_text, rules_file(version.state))
            + changes(compared.cases_text if compared else "", version.cases_text, cases_file(version.state)))
    self_review = version.author == who.email and not desk.settings.staff_self_review
    return render(request, "version.html", who, status=status, version=version, base=base, compared=compared,
                  diff=diff[:4000],
                  is_head=head is not None and head.id == version.id, is_current=current is not None and current.id == version.id,
                  can_publish=who.role in REVIEWERS and version.status == DRAFT and not self_review,
                  self_review=self_review and version.status == DRAFT, can_restore=who.role in EDITORS, message=message)


@router.get("/states/{code}/versions")
def history(request: Request, code: str, desk: Desk, who: SignedIn = Depends(page(*ANYONE))) -> Response:
    head = state_head(desk, code)
    current = desk.versions.current(head.state)
    return render(request, "history.html", who, code=head.state, versions=desk.versions.history(head.state),
                  current_id=current.id if current else None)


@router.get("/versions/{version_id}")
def show(request: Request, version_id: int, desk: Desk, who: SignedIn = Depends(page(*ANYONE))) -> Response:
    return version_page(request, desk, who, desk.versions.get(version_id))


@router.post("/versions/{version_id}/publish")
def publish(request: Request, version_id: int, desk: Desk, posted: Posted = Depends(action(*REVIEWERS))) -> Response:
    """A reviewer other than the author makes a draft public; it is re-checked first."""
    version = desk.versions.get(version_id)
    result = check_draft(desk.published.book(), version.state, version.rules_text, version.cases_text)
    try:
        desk.versions.publish(version_id, result, posted.who.email, desk.settings.staff_self_review, posted.text("review_note"))
    except StaffError as exc:
        return version_page(request, desk, posted.who, version, f"Not published: {exc}", status=409)
    desk.published.refresh()
    return see_other(f"/staff/versions/{version_id}")


@router.post("/versions/{version_id}/restore")
def restore(request: Request, version_id: int, desk: Desk, posted: Posted = Depends(action(*EDITORS))) -> Response:
    """Copy an earlier version's texts into a new draft on top of the newest version."""
    version = desk.versions.get(version_id)
    head = state_head(desk, version.state)
    result = check_draft(desk.published.book(), version.state, version.rules_text, version.cases_text)
    note = posted.text("note").strip()
    try:
        if not result.ok:
            raise StaffError("this version no longer passes the checks (open it in the editor to see why)")
        if not note:
            raise StaffError("note: say why this version is being restored (the change note is required)")
        new = desk.versions.save_draft(result, head.id, posted.who.email, f"Restore version {version.id}: {note}",
                                       action="restored")
    except StaffError as exc:
        return version_page(request, desk, posted.who, version, f"Not restored: {exc}", status=409)
    return see_other(f"/staff/versions/{new.id}")
