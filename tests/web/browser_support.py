"""Browser tests: Debian's chromium driven by pip's Playwright (never `playwright install`),
axe-core from npm, and the app served by uvicorn on a free loopback port in a thread.

`make test` installs chromium (apt), axe-core (npm) and playwright (pip). Outside `make test`
the browser tests skip with the reason when one of them is missing.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def browser_missing() -> str:
    """Why browser tests cannot run here ('' when they can)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return "Debian chromium is not installed (make test installs it)"
    if not AXE.exists():
        return "axe-core is not installed (make test runs npm install)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (pip) is not installed (make test installs it)"
    return ""


needs_browser = pytest.mark.skipif(bool(browser_missing()), reason=browser_missing() or "ok")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(app):
    """Run `app` with uvicorn on 127.0.0.1:<free port> in a thread; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium(java_script: bool = True):
    """A fresh headless Chromium context (360 px wide, like a small phone); blocks every request
    that is not to 127.0.0.1 and records it, so a test can assert there were none."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with guarded_context(browser, java_script) as context:
                yield context
        finally:
            browser.close()


@contextmanager
def guarded_context(browser, java_script: bool = True):
    """A new context in an already launched `browser` (one launch can serve a whole module):
    360 x 740, downloads on, every request not to 127.0.0.1 aborted and recorded in
    `context.outside_requests`."""
    context = browser.new_context(accept_downloads=True, java_script_enabled=java_script,
                                  viewport={"width": 360, "height": 740})
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith("http://127.0.0.1:") or url.startswith("data:") or url.startswith("blob:"):
            return route.continue_()
        outside.append(url)
        return route.abort()

    context.route("**/*", guard)
    context.outside_requests = outside  # type: ignore[attr-defined]
    try:
        yield context
    finally:
        context.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, tags: list[str] = AXE_TAGS) -> list[str]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA by default) on the page; one line per violation.

    axe is evaluated through the DevTools protocol rather than added as a <script>, so the app's
    strict Content-Security-Policy (no inline script) need not be loosened for the test."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    return page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                  resultTypes: ['violations']})
        .then(r => r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}x: ${JSON.stringify(
            v.nodes.slice(0, 3).map(n => n.target))})`))""", tags)


@lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")
