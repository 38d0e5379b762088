"""The JSON Schema of a rule file, generated from the models so editors can autocomplete.

`rules/schema.json` is this function's output; a test fails when the file is stale.
"""

from __future__ import annotations

from typing import Any

from .rules import StateRules


def rules_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for `rules/states/<st>.yaml`, dates and ranges included."""
    schema = StateRules.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Aegis state rules"
    return schema
