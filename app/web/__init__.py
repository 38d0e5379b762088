"""Aegis on the web: the questionnaire, the JSON API and the staff editor.

Public API: `create_app(settings)` and `Settings`. Nothing is configured at import time.
"""

from .app import create_app
from .settings import Settings, SettingsError

__all__ = ["Settings", "SettingsError", "create_app"]
