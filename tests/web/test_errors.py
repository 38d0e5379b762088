"""An unexpected error shows a plain page and leaves no trace of what the person typed."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx

from app.engine import load_book
from app.web import Settings, create_app
from app.web.rules_source import FixedRules

from .browser_support import serve

ROOT = Path(__file__).resolve().parents[2]


def test_an_unexpected_error_is_a_plain_500_and_its_message_is_never_logged(tmp_path, caplog, capfd):
    app = create_app(Settings(staff_enabled=False, data_dir=tmp_path), rules=FixedRules(load_book(ROOT / "rules", only=["CA"])))

    @app.post("/q/boom")
    def boom():
        raise ValueError("Input should be a date, got 'Quillonia Vantablack'")

    caplog.set_level(logging.DEBUG)
    with serve(app) as base:  # a real server: uvicorn would log a re-raised error with its message
        page = httpx.post(base + "/q/boom")
        api = httpx.post(base + "/api/v1/boom")
    out, err = capfd.readouterr()
    assert page.status_code == 500 and "Traceback" not in page.text and "Vantablack" not in page.text
    assert api.status_code == 404
    assert "unexpected ValueError" in caplog.text + err
    assert "Vantablack" not in caplog.text + out + err
