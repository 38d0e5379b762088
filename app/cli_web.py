"""`aegis serve`: the web app on one address, with the bundled rules and no other set-up.

This is where the web app's configuration is read (`Settings.from_env`, the AEGIS_* variables,
plus `--rules`); `create_app` is handed the result. A bad setting or a busy port is one line
naming the variable or flag, not a traceback. uvicorn's access log stays off: even a path with
a query string, kept in a log, could say who asked about what.
"""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path
from typing import Callable

from app.web.settings import Settings, SettingsError


def add_commands(sub, usage_error: type[Exception]) -> None:
    """Register `serve` on the main parser's subparsers; `usage_error` is the CLI's one-line error."""
    p = sub.add_parser("serve", help="run the web app: questionnaire, JSON API (/api/docs) and staff editor")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--workers", type=_workers, default=1,
                   help="processes serving requests (default 1; use the number of CPU cores under load)")
    p.set_defaults(run=lambda args: cmd_serve(args, usage_error))


def _workers(text: str) -> int:
    import argparse

    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes (1-64)")
    return int(text)


def _port(text: str) -> int:
    import argparse

    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1-65535)")
    return int(text)


def cmd_serve(args, usage_error: type[Exception], run: Callable[..., None] | None = None) -> int:
    """Check the settings, claim the port, build the app, then serve until interrupted.

    The port is claimed before the app is built so that "already in use" comes at once, and the
    socket is handed to uvicorn so nothing else can take the port in between.
    """
    try:
        settings = Settings.from_env(**({"rules_dir": Path(args.rules)} if getattr(args, "rules", None) else {}))
    except SettingsError as exc:
        raise usage_error(str(exc)) from None
    if not (settings.rules_dir / "states").is_dir():
        raise usage_error(f"AEGIS_RULES_DIR: {settings.rules_dir} has no states/ folder")
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise usage_error(f"AEGIS_DATA_DIR: cannot create {settings.data_dir} ({exc.strerror})") from None
    sock = listen(args.host, args.port, usage_error)
    try:
        from app.web.app import create_app

        workers = getattr(args, "workers", 1)
        if workers > 1:
            _share_settings(settings)
        app = create_app(settings)  # with workers: checks everything and prepares the database once, first
        print(f"Aegis is running on http://{_shown(args.host)}:{args.port}/ (API reference at /api/docs; Ctrl+C stops it)", flush=True)
        if workers > 1 and run is None:
            _uvicorn_workers(sock, args.host, args.port, workers)
        else:
            (run or _uvicorn)(app, sock, args.host, args.port)
    except KeyboardInterrupt:
        pass  # Ctrl+C is how it is stopped: uvicorn has shut down cleanly and re-raised the signal
    finally:
        sock.close()
    return 0


def listen(host: str, port: int, usage_error: type[Exception]) -> socket.socket:
    """A socket bound to host:port, or a one-line error saying why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise usage_error(f"--host {host}: not an address this machine can listen on") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise usage_error(f"--port {port}: already in use on {host}; stop the other server or choose another --port") from None
        raise usage_error(f"--host {host} --port {port}: cannot listen there ({exc.strerror})") from None
    return sock


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _share_settings(settings: Settings) -> None:
    """Worker processes build their own app from the environment: hand them the same rules
    directory and one secret key, so a page sealed by one worker opens in another."""
    os.environ["AEGIS_SECRET_KEY"] = settings.secret_key.hex()
    os.environ["AEGIS_RULES_DIR"] = str(settings.rules_dir)


def _uvicorn_workers(sock: socket.socket, host: str, port: int, workers: int) -> None:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config("app.web.app:create_app_from_env", factory=True, host=host, port=port, workers=workers,
                            access_log=False, server_header=False, proxy_headers=False, log_level="info")
    Multiprocess(config, sockets=[sock]).run()


def _uvicorn(app, sock: socket.socket, host: str, port: int) -> None:
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port, access_log=False, server_header=False,
                            proxy_headers=False, log_level="info")
    uvicorn.Server(config).run(sockets=[sock])
