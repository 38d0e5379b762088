"""The message catalog: every word the questionnaire shows, in every language it speaks.

Catalogs are flat YAML files (`messages/<lang>.yaml`, id: text). English is the reference: a
test fails when another language lacks an id, and `Catalog` refuses to load a catalog whose
ids differ, so a half-translated page can never be served. Text may hold `{name}` fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

MESSAGES = Path(__file__).resolve().parent / "messages"
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"


class CatalogError(ValueError):
    """A catalog file is missing ids or is not a flat mapping of text (names the file and id)."""


@dataclass(frozen=True)
class Catalog:
    messages: dict[str, dict[str, str]]

    def text(self, lang: str, msg_id: str, **fields: object) -> str:
        """The message in `lang` (falls back to English only for an unknown language)."""
        table = self.messages.get(lang) or self.messages[DEFAULT_LANGUAGE]
        raw = table[msg_id]
        return raw.format(**fields) if fields else raw

    def has(self, msg_id: str) -> bool:
        return msg_id in self.messages[DEFAULT_LANGUAGE]


def language(value: object) -> str:
    """A supported language code from untrusted input (anything else is English)."""
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


def load_catalog(directory: Path = MESSAGES) -> Catalog:
    """Read and cross-check every language's catalog."""
    messages: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        path = directory / f"{lang}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise CatalogError(f"{path}: expected a mapping of message id to text")
        for key, value in data.items():
            if not isinstance(value, str) or not value.strip():
                raise CatalogError(f"{path}: {key}: the text is empty or not a string")
        messages[lang] = data
    reference = set(messages[DEFAULT_LANGUAGE])
    for lang, table in messages.items():
        missing, extra = sorted(reference - set(table)), sorted(set(table) - reference)
        if missing or extra:
            raise CatalogError(f"messages/{lang}.yaml: missing {missing[:10]} extra {extra[:10]}")
    return Catalog(messages)
