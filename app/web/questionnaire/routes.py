"""The questionnaire's routes. Every step is a POST to the same neutral address (`/q`), so
the browser history holds nothing telling; the answers ride in a sealed hidden field.

Navigation (`nav`): `next` reads the page and moves on, `back` returns to the page before
(a history stack in the answers), `lang:xx` switches language in place, `goto:<step>` jumps
back to a page from the review, `add` / `remove:N` manage incidents, `save` opens "save for
later".
"""

from __future__ import annotations

import copy
from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from app.engine import AegisError, assess
from app.paperwork.packet import build_packet

from ..i18n import language
from ..sealed import SealError, open_with_passphrase, seal_with_passphrase
from ..state import AppServices, Services
from . import answers as A
from .details import DETAIL_READERS, read_incident, remove_incident
from .results import view
from .steps import (CONDUCT_ORDER, DETAILS, PARTS, READERS, RELATIONSHIP_GROUPS, ROLES, known_step, next_step, part_of,
                    read_need)

router = APIRouter(include_in_schema=False)
MAX_SAVE_BYTES = 512 * 1024
SAVE_NAME = "saved.dat"


def render(request: Request, services: AppServices, answers: dict[str, Any], step: str,
           errors: Optional[dict[str, str]] = None, status: int = 200, note: Optional[str] = None) -> HTMLResponse:
    lang = language(answers.get("lang"))
    catalog, book, today = services.catalog, services.rules.book(), services.settings.today()
    answers["step"] = step
    ctx: dict[str, Any] = {
        "lang": lang, "t": lambda i, **k: catalog.text(lang, i, **k), "exit_url": services.settings.neutral_exit_url,
        "danger": bool(answers.get("danger")), "progress": (part_of(step, tuple(answers.get("history") or ())), PARTS), "step": step,
        "token": services.sealer.seal(answers), "a": answers, "errors": errors or {}, "note": note,
        "vocab": book.vocabulary,
        "relationship_groups": RELATIONSHIP_GROUPS, "conduct_order": CONDUCT_ORDER, "roles": ROLES,
        "details": answers.get("details") or {},
    }
    state = answers.get("state")
    if state in book.states:
        ctx["state_rules"] = book.states[state]
        ctx["state_hotlines"] = state_hotlines(book, state)
        if step in ("results", "you", "review"):
            assessment = assess(A.situation(answers, today), book, today)
            ctx["results"] = view(assessment, book.vocabulary, lang)
            ctx["chosen"] = next((v for v in ctx["results"].fillable if v.option.id == answers.get("order_type")), None)
    if step == "state":
        ctx["states"] = sorted(book.states.items(), key=lambda kv: kv[1].name)
    template = f"q/{step[:5] if step.startswith('need_') else step}.html"
    if step.startswith("need_"):
        ctx["fact"] = step[5:]
    return services.templates.TemplateResponse(request, template, ctx, status_code=status)


def state_hotlines(book, state: str) -> list:
    """The state's own hotlines for the emergency box (the national one is already there)."""
    national = {r.phone for r in book.national.resources if r.phone}
    return [r for r in book.states[state].resources
            if r.kind.value == "hotline" and r.phone and r.phone not in national][:2]


@router.get("/", response_class=HTMLResponse)
def start(request: Request, services: Services, lang: str = "en") -> HTMLResponse:
    return render(request, services, A.fresh(language(lang)), "safety")


@router.get("/exit")
def quick_exit(services: Services) -> Response:
    """The quick exit without JavaScript: wipe what the site kept in this browser, then leave."""
    return RedirectResponse(services.settings.neutral_exit_url, status_code=303,
                            headers={"Clear-Site-Data": '"cache", "storage"'})


@router.get("/privacy", response_class=HTMLResponse)
def privacy(request: Request, services: Services, lang: str = "en") -> HTMLResponse:
    return _page(request, services, "privacy.html", language(lang))


@router.get("/resume", response_class=HTMLResponse)
def resume_form(request: Request, services: Services, lang: str = "en") -> HTMLResponse:
    return _page(request, services, "resume.html", language(lang))


def _page(request, services: AppServices, template: str, lang: str, status: int = 200, **extra) -> HTMLResponse:
    ctx = {"lang": lang, "t": lambda i, **k: services.catalog.text(lang, i, **k),
           "exit_url": services.settings.neutral_exit_url, "danger": False, "progress": None, **extra}
    return services.templates.TemplateResponse(request, template, ctx, status_code=status)


async def _posted(request: Request, services: AppServices) -> tuple[Any, Optional[dict[str, Any]]]:
    """The posted form and the answers sealed in it (None when the token is missing, altered or old)."""
    form = await request.form()
    return form, _answers(services, form)


def _expired(request: Request, services: AppServices, form) -> HTMLResponse:
    return _page(request, services, "expired.html", language(form.get("lang")), status=400)


def _answers(services: AppServices, form) -> Optional[dict[str, Any]]:
    token = form.get("t")
    try:
        answers = services.sealer.open(token if isinstance(token, str) else "")
    except SealError:
        return None
    for key, default in A.fresh("en").items():
        answers.setdefault(key, default)
    return answers


@router.post("/q", response_class=HTMLResponse)
async def step(request: Request, services: Services) -> HTMLResponse:
    form, answers = await _posted(request, services)
    if answers is None:
        return _expired(request, services, form)
    current = answers.get("step") or "safety"
    nav = form.get("nav") if isinstance(form.get("nav"), str) else "next"
    today = services.settings.today()
    if nav.startswith("lang:"):
        answers = _keep_typed(form, answers, current, today)
        answers["lang"] = language(nav[5:])
        return render(request, services, answers, current)
    if nav == "back":
        answers.pop("review_history", None)
        previous = answers["history"].pop() if answers["history"] else "safety"
        return render(request, services, answers, previous)
    if nav.startswith("goto:") and known_step(nav[5:]) and nav[5:] in answers["history"]:
        target = nav[5:]
        if current == "review" and target in DETAILS:  # a detail changed: straight back to the review
            answers["review_history"] = answers["history"] + ["review"]
        answers["history"] = answers["history"][:answers["history"].index(target)]
        return render(request, services, answers, target)
    if nav == "save" and current != "save":
        answers["history"].append(current)
        return render(request, services, answers, "save")
    if nav.startswith("remove:") and current == "incidents" and nav[7:].isdigit():
        remove_incident(answers, int(nav[7:]))
        return render(request, services, answers, "incidents")
    if current == "incidents":
        if nav == "add":
            errors = read_incident(form, answers, today)
            return render(request, services, answers, "incidents", errors, 422 if errors else 200,
                          note=None if errors else "incidents.added")
        return _advance(request, services, answers, current)
    if current == "results":
        choice = form.get("order_type")
        fillable = {v.option.id for v in view(assess(A.situation(answers, today), services.rules.book(), today),
                                              services.rules.book().vocabulary, "en").fillable}
        if choice not in fillable:
            return render(request, services, answers, "results", {"order_type": "error.choose_order"}, 422)
        answers["order_type"] = choice
        return _advance(request, services, answers, current)
    reader = READERS.get(current) or DETAIL_READERS.get(current)
    if reader is None and current.startswith("need_"):
        reader = read_need(current[5:])
        answers["asked"].append(current[5:])
    if reader is None:
        return render(request, services, answers, "safety")
    errors = reader(form, answers, today)
    if errors:
        if current.startswith("need_"):
            answers["asked"].remove(current[5:])
        return render(request, services, answers, current, errors, 422)
    return _advance(request, services, answers, current)


def _keep_typed(form, answers: dict[str, Any], current: str, today) -> dict[str, Any]:
    """Switching language keeps what was typed on the page (the script copies the fields into
    the language form) when it reads cleanly; otherwise the answers stay as they were."""
    if not any(key not in ("t", "nav", "lang") for key in form.keys()):
        return answers
    reader = READERS.get(current) or DETAIL_READERS.get(current)
    if reader is None and current.startswith("need_"):
        reader = read_need(current[5:])
    if reader is None:
        return answers
    trial = copy.deepcopy(answers)
    return answers if reader(form, trial, today) else trial


def _advance(request: Request, services: AppServices, answers: dict[str, Any], current: str) -> HTMLResponse:
    review_history = answers.pop("review_history", None)
    if review_history and current in DETAILS:
        answers["history"] = review_history[:-1]
        return render(request, services, answers, "review")
    following = next_step(current, answers, services.rules.book(), services.settings.today())
    if current != following:
        answers["history"].append(current)
    return render(request, services, answers, following)


@router.post("/q/download")
async def download(request: Request, services: Services) -> Response:
    """The packet, made in memory and streamed; nothing is written to disk."""
    form, answers = await _posted(request, services)
    if answers is None:
        return _expired(request, services, form)
    today = services.settings.today()
    zipped, letter = form.get("format") == "zip", form.get("letter") == "yes"

    def make() -> bytes:
        packet = build_packet(A.case(answers, today), services.rules.book(), services.library, services.fonts, today,
                              letter=letter)
        return packet.zipped() if zipped else packet.merged()

    try:
        data = await run_in_threadpool(make)  # CPU work off the event loop: other people's pages keep moving
    except (ValidationError, AegisError):
        return render(request, services, answers, "review", {"download": "error.cannot_make"}, 422)
    kind, name = ("application/zip", "documents.zip") if zipped else ("application/pdf", "document.pdf")
    return Response(data, media_type=kind, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/q/save")
async def save(request: Request, services: Services) -> Response:
    """"Save for later": a file only the person's passphrase opens; the server keeps nothing."""
    form, answers = await _posted(request, services)
    if answers is None:
        return _expired(request, services, form)
    words, again = form.get("passphrase"), form.get("passphrase_again")
    if not isinstance(words, str) or len(words) < 8:
        return render(request, services, answers, "save", {"passphrase": "error.passphrase_short"}, 422)
    if words != again:
        return render(request, services, answers, "save", {"passphrase_again": "error.passphrase_match"}, 422)
    if answers.get("step") == "save" and answers["history"]:
        answers["step"] = answers["history"].pop()
    return Response(seal_with_passphrase(answers, words), media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{SAVE_NAME}"'})


@router.post("/resume", response_class=HTMLResponse)
async def resume(request: Request, services: Services) -> HTMLResponse:
    form = await request.form()
    lang = language(form.get("lang"))
    upload, words = form.get("file"), form.get("passphrase")
    if upload is None or isinstance(upload, str) or not upload.filename or not isinstance(words, str) or not words:
        return _page(request, services, "resume.html", lang, status=422, error="error.resume_missing")
    blob = await upload.read(MAX_SAVE_BYTES + 1)
    try:
        if len(blob) > MAX_SAVE_BYTES:
            raise SealError("too big")
        answers = open_with_passphrase(blob, words)
    except (SealError, ValueError):
        return _page(request, services, "resume.html", lang, status=422, error="error.resume_failed")
    for key, default in A.fresh(lang).items():
        answers.setdefault(key, default)
    target = answers.get("step")
    return render(request, services, answers, target if isinstance(target, str) and known_step(target) else "safety")
