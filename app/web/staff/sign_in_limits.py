"""Slowing down password guessing: after a few wrong passwords for one account, or many from
one address, sign-in is refused for a while without even checking the password.

Counts are kept in memory per instance: with several instances an attacker gets a few more
tries in total, which argon2's cost and the account limit still keep small.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from typing import Callable, Optional


class SignInLimiter:
    """Sliding-window counts of failed sign-ins by account and by client address."""

    def __init__(self, per_account: int = 5, per_address: int = 20, window_seconds: float = 900,
                 clock: Callable[[], float] = time.monotonic):
        self.per_account = per_account
        self.per_address = per_address
        self.window = window_seconds
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, email: str, address: str) -> Optional[int]:
        """How long to wait before trying again, or None when a try is allowed now."""
        with self._lock:
            waits = [self._wait(f"account:{email.strip().lower()}", self.per_account),
                     self._wait(f"address:{address}", self.per_address)]
        waits = [w for w in waits if w is not None]
        return max(waits) if waits else None

    def failed(self, email: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (f"account:{email.strip().lower()}", f"address:{address}"):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, email: str) -> None:
        with self._lock:
            self._failures.pop(f"account:{email.strip().lower()}", None)

    def _wait(self, key: str, limit: int) -> Optional[int]:
        times = self._failures.get(key)
        if not times:
            return None
        now = self.clock()
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) < limit:
            return None
        return max(1, math.ceil(times[0] + self.window - now))
