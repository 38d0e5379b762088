"""How one Aegis web app is configured: built once by the caller and handed to `create_app`.

Nothing here is read at import time. `Settings.from_env` is the one place the environment is
read (the `aegis serve` command calls it); tests build `Settings(...)` directly.
"""

from __future__ import annotations

import math
import os
import secrets
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Callable, Optional

from pydantic import BaseModel, ConfigDict, Field

ROOT = Path(__file__).resolve().parent.parent.parent
BUNDLED_RULES = ROOT / "rules"
BUNDLED_MAPS = ROOT / "forms"


class SettingsError(ValueError):
    """A setting is wrong; the message names the environment variable or field."""


class Settings(BaseModel):
    """Everything the web app needs from outside.

    `secret_key` seals the questionnaire's answers into the page (AES-GCM). It defaults to a
    fresh random key per process, so a restart forgets every half-finished questionnaire;
    several instances behind one address must share `AEGIS_SECRET_KEY`.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    rules_dir: Path = BUNDLED_RULES
    maps_dir: Path = BUNDLED_MAPS
    forms_dir: Optional[Path] = None
    data_dir: Path = ROOT / "var"
    database_url: Optional[str] = None
    secret_key: bytes = Field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    token_max_age_seconds: int = 6 * 3600
    staff_enabled: bool = True
    staff_self_review: bool = False
    staff_secure_cookies: bool = True
    rules_poll_seconds: float = 2.0
    today: Callable[[], date] = date.today
    neutral_exit_url: str = "https://www.google.com/search?q=weather"

    @property
    def database(self) -> str:
        """The SQLAlchemy URL: AEGIS_DATABASE_URL, else SQLite in the data directory."""
        return self.database_url or f"sqlite:///{self.data_dir / 'aegis.db'}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, **overrides: object) -> "Settings":
        """Settings from AEGIS_* variables; bad values raise `SettingsError` naming the variable."""
        values: dict[str, object] = {}
        paths = {"AEGIS_RULES_DIR": "rules_dir", "AEGIS_FORMS_DIR": "forms_dir", "AEGIS_MAPS_DIR": "maps_dir",
                 "AEGIS_DATA_DIR": "data_dir"}
        for var, name in paths.items():
            if environ.get(var):
                values[name] = Path(environ[var])
        if "forms_dir" not in values:
            values["forms_dir"] = Path(values.get("data_dir", ROOT / "var")) / "forms"  # type: ignore[arg-type]
        if environ.get("AEGIS_DATABASE_URL"):
            values["database_url"] = environ["AEGIS_DATABASE_URL"]
        key = environ.get("AEGIS_SECRET_KEY")
        if key:
            try:
                raw = bytes.fromhex(key)
            except ValueError:
                raise SettingsError("AEGIS_SECRET_KEY: use 64 hex digits (for example from `openssl rand -hex 32`)") from None
            if len(raw) != 32:
                raise SettingsError(f"AEGIS_SECRET_KEY: {len(raw)} bytes given, 32 needed (64 hex digits)")
            values["secret_key"] = raw
        for var, name in (("AEGIS_STAFF_SELF_REVIEW", "staff_self_review"), ("AEGIS_INSECURE_COOKIES", "staff_secure_cookies")):
            if var in environ:
                flag = environ[var].strip().lower()
                if flag not in {"1", "0", "true", "false", "yes", "no"}:
                    raise SettingsError(f"{var}: '{environ[var]}' is not yes or no")
                on = flag in {"1", "true", "yes"}
                values[name] = (not on) if var == "AEGIS_INSECURE_COOKIES" else on
        if environ.get("AEGIS_RULES_POLL_SECONDS"):
            values["rules_poll_seconds"] = _positive_seconds("AEGIS_RULES_POLL_SECONDS", environ["AEGIS_RULES_POLL_SECONDS"])
        values.update(overrides)
        return cls(**values)


def _positive_seconds(var: str, raw: str) -> float:
    """A number of seconds above zero (a fraction is fine), else `SettingsError` naming `var`."""
    try:
        seconds = float(raw.strip())
    except ValueError:
        raise SettingsError(f"{var}: '{raw}' is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise SettingsError(f"{var}: '{raw}' must be a number of seconds above zero")
    return seconds
