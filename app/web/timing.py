"""`Server-Timing: app;dur=<ms>` on every response: the time the app spent, without the network
or the queue in front of it. Benchmarks read it (`bench/web.py`); browsers show it in their
developer tools. It carries a number only, never anything about the request.
"""

from __future__ import annotations

import time


class ServerTiming:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()

        async def send_with_timing(message):
            if message["type"] == "http.response.start":
                ms = (time.perf_counter() - started) * 1000
                message = {**message, "headers": [*message.get("headers", []), (b"server-timing", f"app;dur={ms:.2f}".encode())]}
            await send(message)

        await self.app(scope, receive, send_with_timing)
