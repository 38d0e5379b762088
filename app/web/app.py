"""`create_app(settings)`: the one way to build the web app (no import-time settings)."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.engine import load_book
from app.paperwork.fonts import font_set
from app.paperwork.library import load_library

from .i18n import load_catalog
from .rules_source import FixedRules, RulesSource
from .sealed import Sealer
from .security import SafetyHeaders
from .settings import Settings
from .state import AppServices
from .timing import ServerTiming

HERE = Path(__file__).resolve().parent
log = logging.getLogger("aegis.web")


class _AegisApp(FastAPI):
    """FastAPI whose unexpected errors are never written out with their message.

    Starlette answers an unexpected error with our 500 page, then re-raises it so the server can
    log it, and uvicorn's log line would carry the exception's message and traceback, which can
    quote the person's answers (a validation message repeats its input). The outermost layer
    here takes the re-raised error and logs only its type and where it happened.
    """

    def build_middleware_stack(self):
        return _QuietErrors(super().build_middleware_stack())


class _QuietErrors:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        started = False

        async def tracking_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # the 500 page has been sent by then; only log, without the message
            frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
            where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
            log.error("unexpected %s at %s on %s", type(exc).__name__, where, scope.get("path", ""))
            if scope["type"] == "http" and not started:
                await send({"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"text/plain")]})
                await send({"type": "http.response.body", "body": b"Something went wrong on our side."})


def create_app(settings: Settings, rules: Optional[RulesSource] = None) -> FastAPI:
    """Build the app: questionnaire, JSON API and (when enabled) the staff editor.

    `rules` overrides where the public rules come from (tests hand a fixed book); by default
    the bundled rules are loaded once, and the staff editor, when enabled, serves the
    published versions from its database instead.
    """
    app = _AegisApp(title="Aegis API", version="1", docs_url=None, openapi_url="/api/openapi.json",
                  redoc_url=None)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    templates.env.filters["tuple_label"] = lambda term, vocab, section, lang: (term, vocab.label(section, term, lang))
    templates.env.filters["option_choice"] = lambda v: (v.option.id, v.name)
    library = load_library(settings.maps_dir, settings.forms_dir)
    library.preload()
    services = AppServices(
        settings=settings,
        rules=rules or FixedRules.pending(),
        library=library,
        fonts=font_set(),
        catalog=load_catalog(),
        sealer=Sealer(settings.secret_key, settings.token_max_age_seconds),
        templates=templates,
    )
    app.state.services = services
    app.add_middleware(SafetyHeaders)
    app.add_middleware(ServerTiming)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    from .api import router as api_router
    from .api_docs import router as api_docs_router
    from .questionnaire.routes import router as questionnaire_router

    app.include_router(questionnaire_router)
    app.include_router(api_router)
    app.include_router(api_docs_router)
    if settings.staff_enabled and rules is None:
        from .staff import mount_staff

        mount_staff(app, services)  # the published versions in the database replace the bundled files
    elif rules is None:
        services.rules = FixedRules(load_book(settings.rules_dir))
    _error_pages(app)
    return app


def create_app_from_env() -> FastAPI:
    """For `aegis serve --workers N`: each worker process builds its app from the environment
    (the parent put the shared secret key and rules directory there)."""
    return create_app(Settings.from_env())


def _error_pages(app: FastAPI) -> None:
    """Errors never show a traceback: JSON for the API, a plain page for people."""

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))
        return _plain_page(request, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        if wants_json(request):
            from .api import request_problems

            return JSONResponse({"detail": request_problems(exc)}, status_code=422)
        return _plain_page(request, 422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # Logged by _QuietErrors (type and place only: the message could quote the person's answers).
        if wants_json(request):
            return JSONResponse({"detail": "something went wrong on our side; please try again"}, status_code=500)
        return _plain_page(request, 500)


def _plain_page(request: Request, status: int, headers=None) -> HTMLResponse:
    services: AppServices = request.app.state.services
    lang = request.query_params.get("lang", "en")
    return services.templates.TemplateResponse(request, "error.html", {"status": status, "lang": lang if lang in ("en", "es") else "en",
                                                                       "t": lambda i, **k: services.catalog.text(lang if lang in ("en", "es") else "en", i, **k),
                                                                       "exit_url": services.settings.neutral_exit_url},
                                               status_code=status, headers=headers)
