"""Headers that protect the person on every response, pages and downloads alike.

- `Cache-Control: no-store`: nothing about them stays in the browser cache or a proxy.
- A strict Content-Security-Policy: only this site's own CSS and script, no inline code, no
  third-party request of any kind (no CDN, fonts or analytics), no framing.
- `Referrer-Policy: no-referrer`: the quick exit's neutral site never learns where they came from.
"""

from __future__ import annotations

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
#: The OpenAPI page loads its own viewer from this site only (see `api.py`).
HEADERS = [
    (b"cache-control", b"no-store, max-age=0"),
    (b"pragma", b"no-cache"),
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]


class SafetyHeaders:
    """ASGI middleware: sets the headers above on every HTTP response (replacing any the route set)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": headers + HEADERS}
            await send(message)

        await self.app(scope, receive, send_with_headers)
