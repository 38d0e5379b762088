"""The engine as JSON, for advocates and scripts: `/api/v1/...`, documented at `/api/docs`.

Bad JSON or an unknown term is a 422 naming the field (see `app.py`); the answers are never
logged or kept, like the questionnaire's.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response
from pydantic import BaseModel

from app.engine import AegisError, Assessment, Situation, assess
from app.paperwork.case import Case
from app.paperwork.packet import build_packet

from .state import Services

router = APIRouter(prefix="/api/v1", tags=["engine"])


class StateSummary(BaseModel):
    code: str
    name: str
    rules_version: str
    review_status: str
    order_types: list[str]


def _on(services, on: Optional[date]) -> date:
    return on or services.settings.today()


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
    if situation.state not in book.states:
        raise HTTPException(422, detail=[{"field": "state", "message": f"no published rules for {situation.state}"}])
    return assess(situation, book, _on(services, on))


@router.post("/packet", response_class=Response,
             responses={200: {"content": {"application/pdf": {}, "application/zip": {}}}})
def packet(case: Case, services: Services, zip: bool = False, letter: bool = False,
           on: Optional[date] = Query(default=None)) -> Response:
    """The filled petition packet for a case: one PDF (or a ZIP of separate PDFs)."""
    book = services.rules.book()
    if case.state not in book.states:
        raise HTTPException(422, detail=[{"field": "state", "message": f"no published rules for {case.state}"}])
    try:
        built = build_packet(case, book, services.library, services.fonts, _on(services, on), letter=letter)
    except AegisError as exc:
        raise HTTPException(422, detail=[{"field": "order_type", "message": str(exc)}]) from None
    data = built.zipped() if zip else built.merged()
    kind, name = ("application/zip", "documents.zip") if zip else ("application/pdf", "document.pdf")
    return Response(data, media_type=kind, headers={"Content-Disposition": f'attachment; filename="{name}"'})
