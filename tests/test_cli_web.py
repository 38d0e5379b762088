"""`aegis serve`: starts with the bundled rules and nothing else set up; a bad setting or a busy
port is one line naming what to change; requests are never logged."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import cli_web
from app.cli import main

ROOT = Path(__file__).resolve().parent.parent
AEGIS = Path(sys.executable).parent / "aegis"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in [n for n in os.environ if n.startswith("AEGIS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("AEGIS_DATA_DIR", str(tmp_path / "var"))
    return tmp_path


def test_a_bad_secret_key_is_one_line_naming_the_variable(clean_env, monkeypatch, capsys):
    monkeypatch.setenv("AEGIS_SECRET_KEY", "not-a-key")
    assert main(["serve", "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aegis: AEGIS_SECRET_KEY: ") and err.count("\n") == 1


def test_a_port_in_use_is_one_line_saying_so(clean_env, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err == f"aegis: --port {port}: already in use on 127.0.0.1; stop the other server or choose another --port\n"


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_port_that_is_not_a_port_number_is_refused_by_the_parser(clean_env, port, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--port", port])
    assert exited.value.code == 2 and "is not a port number" in capsys.readouterr().err


def test_a_host_that_cannot_be_listened_on_is_one_line(clean_env, capsys):
    assert main(["serve", "--host", "no-such-host.invalid", "--port", str(free_port())]) == 2
    assert capsys.readouterr().err.startswith("aegis: --host no-such-host.invalid: ")


def test_a_rules_directory_without_states_is_refused_before_anything_starts(clean_env, capsys):
    assert main(["--rules", str(clean_env), "serve", "--port", str(free_port())]) == 2
    assert "has no states/ folder" in capsys.readouterr().err


def test_serve_hands_uvicorn_an_app_with_the_bundled_rules_and_a_bound_socket(clean_env, monkeypatch, capsys):
    seen = {}

    def fake_uvicorn(app, sock, host, port):
        seen.update(app=app, address=sock.getsockname(), host=host, port=port)

    monkeypatch.setattr(cli_web, "_uvicorn", fake_uvicorn)
    port = free_port()
    assert main(["serve", "--port", str(port)]) == 0
    assert seen["address"] == ("127.0.0.1", port) and seen["host"] == "127.0.0.1"
    states = TestClient(seen["app"]).get("/api/v1/states").json()
    assert len(states) > 40
    assert (clean_env / "var").is_dir()
    assert f"http://127.0.0.1:{port}/" in capsys.readouterr().out


def test_the_real_server_answers_and_logs_no_request(clean_env, fixture_rules_dir):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AEGIS_")} | {
        "AEGIS_DATA_DIR": str(clean_env / "var"), "AEGIS_RULES_DIR": str(fixture_rules_dir)}  # one small state: quick
    server = subprocess.Popen([str(AEGIS), "serve", "--port", str(port)], cwd=clean_env, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, states = time.monotonic() + 60, None
        while states is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/states?canary=Zebulon", timeout=2) as r:
                    states = json.load(r)
            except OSError:
                time.sleep(0.2)
        assert [s["code"] for s in states or []] == ["VT"]
    finally:
        server.send_signal(signal.SIGINT)
        output = server.communicate(timeout=30)[0]
    assert "Zebulon" not in output and "/api/v1/states" not in output
    assert "Traceback" not in output and server.returncode == 0, output
