"""The staff rule editor (issue 5): mounted under /staff/ by `create_app`."""

from __future__ import annotations

from fastapi import FastAPI


def mount_staff(app: FastAPI, services) -> None:
    """Mount the staff routes and switch the public rules to the published versions."""
    return None
