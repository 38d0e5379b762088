"""The public rules, following the published versions in the database.

Every request asks `book()`. At most every `poll_seconds` that costs one tiny query (the newest
publication number); only when it moved are the changed states re-read and re-parsed, into a
*new* book (the one being served is never mutated, so a request in flight keeps a consistent
view). If the database is unreachable or a published text somehow fails to load, the last good
book keeps being served and the problem is logged.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable

from app.engine import RuleBook

from .books import base_book, derive_book
from .versions import Versions

log = logging.getLogger("aegis.staff")


class PublishedRules:
    """A `RulesSource` that serves each state's newest published version."""

    def __init__(self, versions: Versions, rules_dir: Path, poll_seconds: float,
                 clock: Callable[[], float] = time.monotonic):
        self.versions = versions
        self.poll_seconds = poll_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._book = base_book(rules_dir)
        self._loaded: dict[str, int] = {}
        self._seen_publication = -1
        self._checked_at = float("-inf")
        self.refresh()

    def book(self) -> RuleBook:
        if self.clock() - self._checked_at >= self.poll_seconds and self._lock.acquire(blocking=False):
            try:
                self._checked_at = self.clock()
                self.refresh()
            finally:
                self._lock.release()
        return self._book

    def loaded_version_ids(self) -> dict[str, int]:
        """The database version id each state is being served from."""
        return dict(self._loaded)

    def refresh(self) -> None:
        """Load newly published versions now (never raises: the last good book stays)."""
        try:
            publication = self.versions.latest_publication()
            if publication == self._seen_publication:
                return
            current = self.versions.current_ids()
            changed = {code: vid for code, vid in current.items() if self._loaded.get(code) != vid}
            rows = self.versions.many(list(changed.values())) if changed else []
            new = derive_book(self._book, {row.state: row.rules_text for row in rows})
            for row in rows:
                if row.state in new.broken and row.state in self._book.states:
                    log.error("published version %s of %s does not load; still serving the previous one",
                              row.id, row.state)
                    _keep_previous(new, self._book, row.state)
                    continue
                self._loaded[row.state] = row.id
            self._book = new
            self._seen_publication = publication
        except Exception as exc:  # the public side must keep answering
            log.error("could not refresh the published rules (%s); still serving the last good ones", type(exc).__name__)


def _keep_previous(new: RuleBook, old: RuleBook, code: str) -> None:
    for table in ("states", "versions", "compiled", "files"):
        getattr(new, table)[code] = getattr(old, table)[code]
    new.broken.pop(code, None)
