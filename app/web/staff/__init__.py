"""The staff rule editor (issue 5): mounted under /staff/ by `create_app`.

Staff sign in, check a state's rules as the engine would load them, preview which public answers
change, save drafts, and (a second person) publish. Publishing is what the public sees: this
package replaces the app's rules source with one that follows the published versions in the
database, so a publication takes effect on every instance within `rules_poll_seconds`.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from ..state import AppServices
from .accounts import Accounts
from .desk import StaffDesk
from .errors import NotFound
from .guard import StaffDenied
from .pages import not_found, refused
from .published import PublishedRules
from .sign_in_limits import SignInLimiter
from .tables import open_database
from .versions import Versions

__all__ = ["mount_staff", "open_desk", "staff_routers"]


def open_desk(services: AppServices) -> StaffDesk:
    """Connect to the database, seed it from the bundled rules on first start, load the published rules."""
    settings = services.settings
    engine = open_database(settings.database)
    versions = Versions(engine)
    versions.seed(settings.rules_dir)
    published = PublishedRules(versions, settings.rules_dir, settings.rules_poll_seconds)
    return StaffDesk(app=services, accounts=Accounts(engine), versions=versions, published=published,
                     limiter=SignInLimiter())


def staff_routers() -> tuple[APIRouter, ...]:
    """Every router under /staff/ (the access-matrix test walks these)."""
    from .routes_dashboard import router as dashboard_router
    from .routes_editor import router as editor_router
    from .routes_sign_in import router as sign_in_router
    from .routes_versions import router as versions_router

    return sign_in_router, dashboard_router, editor_router, versions_router


def mount_staff(app: FastAPI, services: AppServices) -> None:
    """Mount the staff routes and switch the public rules to the published versions."""
    desk = open_desk(services)
    services.rules = desk.published
    app.state.staff = desk
    for router in staff_routers():
        app.include_router(router, include_in_schema=False)
    app.add_exception_handler(StaffDenied, refused)  # type: ignore[arg-type]
    app.add_exception_handler(NotFound, not_found)  # type: ignore[arg-type]
