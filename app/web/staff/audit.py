"""The audit log: who did what and when, appended in the same transaction as the act itself.

There is deliberately no function here that changes or removes an entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from .tables import AuditEntry


def append(db: Session, at: datetime, actor: str, action: str, *, state: Optional[str] = None,
           version_id: Optional[int] = None, detail: str = "") -> None:
    """Record one act. `detail` must never hold a password or a session token."""
    db.add(AuditEntry(at=at, actor=actor[:254], action=action, state=state, version_id=version_id, detail=detail[:2000]))


def recent(engine: Engine, limit: int = 200, state: Optional[str] = None) -> list[AuditEntry]:
    """The newest entries first."""
    with Session(engine) as db:
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if state:
            query = query.where(AuditEntry.state == state)
        return list(db.scalars(query))
