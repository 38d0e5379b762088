"""The engine as JSON, for advocates and scripts: `/api/v1/...`, documented at `/api/docs`.

Every mistake in a request is a 422 whose `detail` names the field (`relationships.0`, `body`,
`query.on`) and says what is wrong, because the reader is a script's author, not a programmer
of this app; a 500 would only say "try again". The answers are never logged or kept, like the
questionnaire's.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Callable, Coroutine, Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.engine import AegisError, Assessment, RuleBook, Situation, assess
from app.paperwork.case import Case
from app.paperwork.packet import build_packet

from .state import Services


class FieldProblem(BaseModel):
    """One thing wrong with a request."""

    field: str
    message: str


class Problems(BaseModel):
    """The body of every 422: what is wrong, field by field."""

    detail: list[FieldProblem]


class JsonBodyRoute(APIRoute):
    """A body FastAPI cannot parse at all (not UTF-8, nested too deep) is a 422 on `body` like
    any other bad JSON, instead of FastAPI's bare 400 "There was an error parsing the body"."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handler_with_body_problems(request: Request) -> Response:
            try:
                return await handler(request)
            except StarletteHTTPException as exc:
                if exc.status_code != 400:
                    raise
                reason = _unreadable(await request.body())
                raise RequestValidationError([{"type": "json_invalid", "loc": ("body",), "msg": reason,
                                               "input": None, "ctx": {"error": reason}}]) from None

        return handler_with_body_problems


router = APIRouter(prefix="/api/v1", tags=["engine"], route_class=JsonBodyRoute,
                   responses={422: {"model": Problems, "description": "The request has a mistake; each problem names its field"}})

#: "order_type: ..." — engine and paperwork errors start with the field they concern.
_FIELD_PREFIX = re.compile(r"^([A-Za-z_][\w.\[\]]*): (.+)$", re.S)


class StateSummary(BaseModel):
    code: str
    name: str
    rules_version: str
    review_status: str
    order_types: list[str]


def _on(services, on: Optional[date]) -> date:
    return on or services.settings.today()


def _refuse(field: str, message: str) -> HTTPException:
    return HTTPException(422, detail=[{"field": field, "message": message}])


def _published(book: RuleBook, state: str) -> None:
    if state not in book.states:
        raise _refuse("state", f"no published rules for {state}; GET /api/v1/states lists the states that have them")


@router.get("/states", response_model=list[StateSummary])
def states(services: Services) -> list[StateSummary]:
    """Every jurisdiction with published rules."""
    book = services.rules.book()
    return [StateSummary(code=code, name=rules.name, rules_version=book.versions[code],
                         review_status=rules.review.status.value, order_types=[o.id for o in rules.order_types])
            for code, rules in sorted(book.states.items())]


@router.post("/assess", response_model=Assessment)
def assess_situation(situation: Situation, services: Services,
                     on: Optional[date] = Query(default=None, description="judge on this date (default today)")) -> Assessment:
    """Every civil order the state offers, judged against the situation, with reasons and citations."""
    book = services.rules.book()
    _published(book, situation.state)
    try:
        return assess(situation, book, _on(services, on))
    except AegisError as exc:
        raise _from_error(exc, "body") from None


@router.post("/packet", response_class=Response,
             responses={200: {"content": {"application/pdf": {}, "application/zip": {}},
                              "description": "document.pdf, or documents.zip with zip=true"}})
def packet(case: Case, services: Services,
           zip: bool = Query(default=False, description="separate PDFs in a ZIP instead of one PDF"),
           letter: bool = Query(default=False, description="add the cease-contact letter"),
           on: Optional[date] = Query(default=None, description="the filing date (default today)")) -> Response:
    """The filled petition packet for a case: one PDF (or a ZIP of separate PDFs).

    An order the answers do not qualify for is refused (422 on `order_type`, with the reason)
    rather than filled in: a petition the court must turn down costs the person a trip.
    """
    book = services.rules.book()
    _published(book, case.state)
    day = _on(services, on)
    try:
        _check_order_fits(case, book, day)
        built = build_packet(case, book, services.library, services.fonts, day, letter=letter)
    except AegisError as exc:
        raise _from_error(exc, "order_type") from None
    data = built.zipped() if zip else built.merged()
    kind, name = ("application/zip", "documents.zip") if zip else ("application/pdf", "document.pdf")
    return Response(data, media_type=kind, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _check_order_fits(case: Case, book: RuleBook, day: date) -> None:
    if not case.order_type:
        return  # the packet picks an order that fits, or says none does
    judged = assess(case.with_facts_from_details(day), book, day)
    chosen = next((o for o in judged.options if o.id == case.order_type), None)
    if chosen is not None and chosen.eligible is False:
        why = next((r.text for r in chosen.reasons if r.met is False), "")
        raise _refuse("order_type", f"from these answers '{chosen.id}' ({chosen.name}) does not fit. {why}".strip())


def _from_error(exc: AegisError, default_field: str) -> HTTPException:
    match = _FIELD_PREFIX.match(str(exc))
    return _refuse(match.group(1), match.group(2)) if match else _refuse(default_field, str(exc))


def request_problems(exc: RequestValidationError) -> list[dict[str, str]]:
    """FastAPI's validation errors as `FieldProblem`s: field paths dotted, JSON syntax errors
    placed by line and column, and a body that is not a JSON object said in so many words."""
    out = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        path = [str(p) for p in loc if p != "body"]
        kind = err.get("type", "")
        if kind == "json_invalid":
            reason = err.get("ctx", {}).get("error", "JSON decode error")
            out.append({"field": "body", "message": _json_syntax(exc.body, loc[1], reason) if len(loc) > 1 else f"not valid JSON: {reason}"})
        elif not path and kind in ("model_attributes_type", "model_type", "dict_type"):
            out.append({"field": "body", "message": _not_an_object(err.get("input"))})
        elif not path and kind == "missing":
            out.append({"field": "body", "message": "a JSON object is required (Content-Type: application/json)"})
        else:
            out.append({"field": ".".join(path) or "body", "message": _message(err)})
    return out


def _message(err: dict[str, Any]) -> str:
    if err.get("type") == "extra_forbidden":
        return "unknown field (check the spelling; /api/docs lists the fields)"
    if err.get("type") == "missing":
        return "required"
    return str(err.get("msg", "not valid")).removeprefix("Value error, ")


def _json_syntax(doc: object, pos: object, reason: str) -> str:
    text = doc if isinstance(doc, str) else ""
    at = pos if isinstance(pos, int) else 0
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return f"not valid JSON at line {line} column {column}: {reason}"


def _unreadable(body: bytes) -> str:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"byte {bad.start + 1} is not UTF-8 text"
    return "nested too deeply, or not JSON at all"


def _not_an_object(given: object) -> str:
    """A body FastAPI did not parse (no JSON content type) or parsed to something else."""
    if isinstance(given, (bytes, str)):
        try:
            given = json.loads(given)
        except UnicodeDecodeError:
            return f"not valid JSON: {_unreadable(given if isinstance(given, bytes) else b'')}"
        except json.JSONDecodeError as bad:
            return f"not valid JSON at line {bad.lineno} column {bad.colno}: {bad.msg}"
        if isinstance(given, dict):
            return "send the JSON with the header Content-Type: application/json"
    kinds = {list: "a list", str: "a string", bool: "true or false", int: "a number", float: "a number", type(None): "null"}
    return f"expected a JSON object, got {kinds.get(type(given), 'something else')}"
