"""A throwaway PostgreSQL server for the staff tests, from Debian's server binaries.

`make test` installs the `postgresql` package (Makefile APT_PACKAGES); its binaries live in
/usr/lib/postgresql/VERSION/bin and are not on PATH. One server runs per test session: a fresh
cluster in a temporary directory, listening only on a unix socket in that directory (no TCP port,
so nothing clashes with a system PostgreSQL or with another test run), trust authentication, no
fsync, stopped at the end. Each test gets its own database (`CREATE DATABASE` takes milliseconds).

initdb and the server refuse to run as root, and CI runs as root: then they run as the `postgres`
system user (made by the Debian package) through `runuser`, with the directory handed to that
user. Run as anyone else, they run as the current user. Either way the cluster's superuser is
named `postgres`, and the tests connect as it through the socket.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

SUPERUSER = "postgres"
#: Settings for a disposable cluster: no durability work, no TCP, few connections.
SERVER_OPTIONS = ("-c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                  "-c max_connections=100 -c shared_buffers=16MB")


def server_binaries() -> Optional[Path]:
    """The newest installed PostgreSQL server's bin directory, or None."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        return None

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", Path(path).parent.parent.name))

    return Path(max(found, key=version)).parent


def why_not_available() -> Optional[str]:
    """Why no throwaway server can be started here (None when it can)."""
    if server_binaries() is None:
        return ("PostgreSQL server binaries not installed (/usr/lib/postgresql/*/bin/initdb); "
                "`make apt` installs the Debian package `postgresql`")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` system user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and `runuser` is missing (util-linux)"
    return None


class ThrowawayPostgres:
    """One disposable cluster; `url(name)` is a SQLAlchemy URL for a database in it."""

    def __init__(self) -> None:
        self.bin = server_binaries()
        assert self.bin is not None, why_not_available()
        # Directly under /tmp, not in pytest's tmp dir: the `postgres` user must be able to reach
        # it (pytest-of-root is private to root) and a unix socket path must stay under ~100 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="aegis-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._names = itertools.count(1)
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.started = False

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.is_file() else ""
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}{log}")

    def start(self) -> "ThrowawayPostgres":
        self._run(self.bin / "initdb", "-D", self.data, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        self._run(self.bin / "pg_ctl", "start", "-w", "-t", "60", "-D", self.data, "-l", self.log,
                  "-o", f"-k {self.root} {SERVER_OPTIONS}")
        self.started = True
        return self

    def stop(self) -> None:
        try:
            if self.started:
                self._run(self.bin / "pg_ctl", "stop", "-D", self.data, "-m", "immediate", "-w")
        finally:
            self.started = False
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """A plain `postgresql://` URL (as an operator would write it) through the socket."""
        return f"postgresql://{SUPERUSER}@/{database}?host={self.root}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        name = f"aegis_test_{next(self._names)}"
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by `new_database`, ending connections the test left in its pools
        (so a long session never runs out of server connections)."""
        name = url.split("/")[-1].split("?")[0]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(host=str(self.root), user=SUPERUSER, dbname="postgres", autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]
