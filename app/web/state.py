"""What every request handler shares: built once by `create_app`, reached through `Services`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from app.paperwork.fonts import FontSet
from app.paperwork.library import FormsLibrary

from .i18n import Catalog
from .rules_source import RulesSource
from .sealed import Sealer
from .settings import Settings


@dataclass
class AppServices:
    settings: Settings
    rules: RulesSource
    library: FormsLibrary
    fonts: FontSet
    catalog: Catalog
    sealer: Sealer
    templates: Jinja2Templates


def _services(request: Request) -> AppServices:
    return request.app.state.services


Services = Annotated[AppServices, Depends(_services)]
