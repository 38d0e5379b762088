"""Editing one state: the YAML in a plain textarea (works with JavaScript off), "Check" (load,
validate, run the cases, preview the impact) and "Save draft" (only a draft that passes)."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app.engine.rules import STATE_CODES

from .accounts import SignedIn
from .books import cases_file
from .checking import DraftCheck, check_draft
from .desk import Desk, StaffDesk
from .errors import NotFound, StaffError, StaleDraftError
from .guard import ANYONE, EDITORS, Posted, action, page
from .impact import Impact, impact
from .pages import render, see_other
from .tables import RuleVersion

router = APIRouter(prefix="/staff")
MAX_CHANGES_SHOWN = 300


def state_head(desk: StaffDesk, code: str) -> RuleVersion:
    """The state's newest version; `NotFound` for a code with no rules."""
    code = code.upper()
    head = desk.versions.head(code) if code in STATE_CODES else None
    if head is None:
        raise NotFound(f"there are no rules for '{code[:2]}'")
    return head


def problem_lines(check: DraftCheck) -> list[tuple[str, str]]:
    """Each problem with the text of the line it names, so staff can find it in the box."""
    out = []
    for p in check.problems:
        text = check.cases_text if p.file == cases_file(check.state) else check.rules_text
        lines = text.splitlines()
        shown = lines[p.line - 1].strip()[:160] if 0 < p.line <= len(lines) else ""
        out.append((str(p), shown))
    return out


def editor_page(request: Request, desk: StaffDesk, who: SignedIn, code: str, rules_text: str, cases_text: str,
                base_id: Optional[int], note: str = "", check: Optional[DraftCheck] = None,
                preview: Optional[Impact] = None, message: str = "", status: int = 200) -> Response:
    published = desk.published.book()
    book = check.book if check and check.loads else published
    return render(request, "editor.html", who, status=status, code=code, rules_text=rules_text, cases_text=cases_text,
                  base_id=base_id, note=note, check=check, problems=problem_lines(check) if check else [],
                  impact=preview, max_changes=MAX_CHANGES_SHOWN, message=message,
                  rules=book.states.get(code), head=desk.versions.head(code), current=desk.versions.current(code),
                  can_edit=who.role in EDITORS)


def _base_id(posted: Posted) -> Optional[int]:
    raw = posted.text("base_version_id")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@router.get("/states/{code}")
def edit(request: Request, code: str, desk: Desk, who: SignedIn = Depends(page(*ANYONE))) -> Response:
    """The editor, opened on the state's newest version (a draft if there is one)."""
    head = state_head(desk, code)
    return editor_page(request, desk, who, head.state, head.rules_text, head.cases_text, head.id)


@router.post("/states/{code}/check")
def check(request: Request, code: str, desk: Desk, posted: Posted = Depends(action(*ANYONE))) -> Response:
    """Check the texts and, when they load, preview which answers change. Saves nothing."""
    head = state_head(desk, code)
    published = desk.published.book()
    result = check_draft(published, head.state, posted.text("rules_text"), posted.text("cases_text"))
    preview = (impact(head.state, published, result.book, desk.settings.today(), desk.impact_cache)
               if result.loads else None)
    return editor_page(request, desk, posted.who, head.state, result.rules_text, result.cases_text, _base_id(posted),
                       posted.text("note"), result, preview)


@router.post("/states/{code}/drafts")
def save(request: Request, code: str, desk: Desk, posted: Posted = Depends(action(*EDITORS))) -> Response:
    """Save a draft that passes every check, on top of the version the editor started from."""
    head = state_head(desk, code)
    result = check_draft(desk.published.book(), head.state, posted.text("rules_text"), posted.text("cases_text"))
    page_again = dict(code=head.state, rules_text=result.rules_text, cases_text=result.cases_text,
                      base_id=_base_id(posted), note=posted.text("note"), check=result)
    if not result.ok:
        return editor_page(request, desk, posted.who, **page_again, status=422,
                           message="Not saved: fix the problems listed below first.")
    try:
        version = desk.versions.save_draft(result, _base_id(posted), posted.who.email, posted.text("note"))
    except StaleDraftError as exc:
        return editor_page(request, desk, posted.who, **page_again, status=409, message=str(exc))
    except StaffError as exc:
        return editor_page(request, desk, posted.who, **page_again, status=422, message=f"Not saved: {exc}")
    return see_other(f"/staff/versions/{version.id}")
