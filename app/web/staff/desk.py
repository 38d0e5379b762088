"""What the staff routes share, built once by `mount_staff` and reached through `Desk`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from ..state import AppServices
from .accounts import Accounts
from .dashboard import CaseSummary
from .published import PublishedRules
from .sign_in_limits import SignInLimiter
from .versions import Versions


@dataclass
class StaffDesk:
    """The staff editor's services: accounts, versions, the public rules it feeds."""

    app: AppServices
    accounts: Accounts
    versions: Versions
    published: PublishedRules
    limiter: SignInLimiter
    #: Case results of published versions, by version id (a version's text never changes).
    summaries: dict[int, CaseSummary] = field(default_factory=dict)
    #: The published rules' answers over the impact grid (see `impact.published_answers`).
    impact_cache: dict = field(default_factory=dict)

    @property
    def settings(self):
        return self.app.settings


def desk_of(request: Request) -> StaffDesk:
    return request.app.state.staff


Desk = Annotated[StaffDesk, Depends(desk_of)]
