"""Every saved text of every state's rules, and which one the public sees.

History is linear per state: a new version is always based on the state's latest version (its
*head*), and `base_version_id` is unique, so two editors who started from the same version
cannot both save; the second is told to reload instead of silently overwriting the first
(optimistic locking that holds across instances, because the database enforces it).
Nothing is ever deleted; restoring an old text makes a new version.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.engine.loader import state_files

from . import audit
from .accounts import utcnow
from .checking import DraftCheck
from .errors import NotFound, ReviewError, StaffError, StaleDraftError
from .tables import DRAFT, PUBLISHED, RuleVersion

BUNDLED = "bundled rules"
MAX_NOTE = 2000
#: Above any id the database could hold: ids are INTEGER, 32-bit on PostgreSQL (which answers a
#: larger number with "integer out of range" rather than "no such row").
MAX_ID = 2**31


class Versions:
    """The repository of rule versions."""

    def __init__(self, engine: Engine, now: Callable[[], datetime] = utcnow):
        self.engine = engine
        self.now = now

    def _session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # -- reading -------------------------------------------------------------------------

    def latest_publication(self) -> int:
        """The newest publication number (0 when none): the one cheap query instances poll."""
        with self._session() as db:
            return db.scalar(select(func.max(RuleVersion.published_seq))) or 0

    def current_ids(self) -> dict[str, int]:
        """Each state's public version id."""
        newest = (select(RuleVersion.state, func.max(RuleVersion.published_seq).label("seq"))
                  .where(RuleVersion.status == PUBLISHED).group_by(RuleVersion.state).subquery())
        query = select(RuleVersion.state, RuleVersion.id).join(
            newest, (RuleVersion.state == newest.c.state) & (RuleVersion.published_seq == newest.c.seq))
        with self._session() as db:
            return {state: vid for state, vid in db.execute(query)}

    def get(self, version_id: int) -> RuleVersion:
        if not 0 < version_id < MAX_ID:
            raise NotFound(f"there is no version {version_id}")
        with self._session() as db:
            found = db.get(RuleVersion, version_id)
        if found is None:
            raise NotFound(f"there is no version {version_id}")
        return found

    def many(self, ids: list[int]) -> list[RuleVersion]:
        with self._session() as db:
            return list(db.scalars(select(RuleVersion).where(RuleVersion.id.in_(ids))))

    def head(self, state: str) -> Optional[RuleVersion]:
        """The state's latest version, draft or published: the one new edits start from."""
        with self._session() as db:
            return db.scalar(select(RuleVersion).where(RuleVersion.state == state).order_by(RuleVersion.id.desc()).limit(1))

    def current(self, state: str) -> Optional[RuleVersion]:
        """The state's public version."""
        with self._session() as db:
            return db.scalar(select(RuleVersion).where(RuleVersion.state == state, RuleVersion.status == PUBLISHED)
                             .order_by(RuleVersion.published_seq.desc()).limit(1))

    def history(self, state: str) -> list[RuleVersion]:
        """Newest first."""
        with self._session() as db:
            return list(db.scalars(select(RuleVersion).where(RuleVersion.state == state).order_by(RuleVersion.id.desc())))

    def drafts_after_current(self) -> dict[str, int]:
        """How many unpublished drafts each state has newer than its public version."""
        current = self.current_ids()
        with self._session() as db:
            rows = db.execute(select(RuleVersion.state, RuleVersion.id).where(RuleVersion.status == DRAFT))
            out: dict[str, int] = {}
            for state, vid in rows:
                if vid > current.get(state, 0):
                    out[state] = out.get(state, 0) + 1
        return out

    # -- writing -------------------------------------------------------------------------

    def seed(self, rules_dir: Path) -> int:
        """The bundled `rules/states/*.yaml` become the published versions of states that have
        none yet: every state on first start, and later any state the bundled rules gained.

        Returns how many were added (0 also when another instance seeded them a moment earlier)."""
        with self._session() as db:
            known = set(db.scalars(select(RuleVersion.state).distinct()))
        files = {code: path for code, path in state_files(rules_dir).items() if code not in known}
        if not files:
            return 0
        now = self.now()
        try:
            with self._session() as db, db.begin():
                seq = db.scalar(select(func.max(RuleVersion.published_seq))) or 0
                for seq, (code, path) in enumerate(files.items(), start=seq + 1):
                    cases = path.with_name(f"{path.stem}.cases.yaml")
                    db.add(RuleVersion(state=code, rules_text=path.read_text(encoding="utf-8"),
                                       cases_text=cases.read_text(encoding="utf-8") if cases.is_file() else "",
                                       status=PUBLISHED, base_version_id=None, author=BUNDLED, reviewer=BUNDLED,
                                       note=f"Starting version from rules/states/{path.name}", created_at=now,
                                       published_at=now, published_seq=seq))
                audit.append(db, now, BUNDLED, "seeded", detail=f"{', '.join(files)} from {rules_dir}")
        except IntegrityError:
            return 0
        return len(files)

    def save_draft(self, check: DraftCheck, base_version_id: Optional[int], author: str, note: str,
                   action: str = "draft saved") -> RuleVersion:
        """Keep a checked text as a new draft on top of the state's head.

        Refuses (`StaleDraftError`) when `base_version_id` is not the head: someone saved after
        this editor opened the page."""
        if not check.ok:
            raise StaffError("the draft has problems; fix them before saving")
        note = note.strip()
        if not note:
            raise StaffError("note: say what changed and why (the change note is required)")
        if len(note) > MAX_NOTE:
            raise StaffError(f"note: keep it under {MAX_NOTE} characters")
        head = self.head(check.state)
        if head is not None and head.id != base_version_id:
            raise StaleDraftError(_stale_message(check.state, head))
        now = self.now()
        row = RuleVersion(state=check.state, rules_text=check.rules_text, cases_text=check.cases_text, status=DRAFT,
                          base_version_id=head.id if head else None, author=author, note=note, created_at=now)
        try:
            with self._session() as db, db.begin():
                db.add(row)
                db.flush()
                audit.append(db, now, author, action, state=check.state, version_id=row.id, detail=note)
        except IntegrityError:
            raise StaleDraftError(_stale_message(check.state, self.head(check.state))) from None
        return row

    def publish(self, version_id: int, check: DraftCheck, reviewer: str, self_review_allowed: bool,
                review_note: str = "") -> RuleVersion:
        """Make a checked draft the public version of its state."""
        version = self.get(version_id)
        if version.status != DRAFT:
            raise ReviewError(f"version {version_id} is already published")
        if version.author == reviewer and not self_review_allowed:
            raise ReviewError("someone other than the author must review and publish this version")
        head = self.head(version.state)
        if head is not None and head.id != version.id:
            raise ReviewError(f"version {head.id} of {version.state} is newer; review that one "
                              f"(or restore this one, which makes it the newest)")
        if not check.ok or check.rules_text != version.rules_text or check.cases_text != version.cases_text:
            raise ReviewError("this version no longer passes the checks; open it in the editor to see why")
        now = self.now()
        try:
            with self._session() as db, db.begin():
                # Locked until commit: a reviewer on another instance publishing the same draft
                # waits here, then finds it published (PostgreSQL; SQLite has one writer anyway).
                row = db.get(RuleVersion, version_id, with_for_update=True)
                if row is None or row.status != DRAFT:
                    raise ReviewError(f"version {version_id} was published a moment ago")
                row.status = PUBLISHED
                row.reviewer = reviewer
                row.published_at = now
                row.published_seq = (db.scalar(select(func.max(RuleVersion.published_seq))) or 0) + 1
                audit.append(db, now, reviewer, "published", state=row.state, version_id=row.id,
                             detail=review_note.strip()[:MAX_NOTE] or f"author {row.author}")
        except IntegrityError:
            raise ReviewError("another version was published at the same moment; try again") from None
        return self.get(version_id)


def _stale_message(state: str, head: Optional[RuleVersion]) -> str:
    who = f" by {head.author} at {head.created_at:%Y-%m-%d %H:%M} UTC" if head else ""
    number = head.id if head else "?"
    return (f"{state} changed while you were editing: version {number} was saved{who}. Your text was not saved. "
            f"Copy your changes, open the latest version and make them again.")
