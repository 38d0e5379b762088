"""Shared fixtures: the bundled rules (loaded once) and a rules directory built from test fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.engine import RuleBook, load_book

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
FIXTURES = Path(__file__).resolve().parent / "engine" / "fixtures"


@pytest.fixture(scope="session")
def book() -> RuleBook:
    """Every bundled state, as the app would load them."""
    return load_book(RULES)


@pytest.fixture(scope="session")
def fixture_rules_dir(tmp_path_factory) -> Path:
    """A rules directory with the real vocabulary and national help, and the invented VT fixture state."""
    d = tmp_path_factory.mktemp("rules")
    (d / "states").mkdir()
    shutil.copy(RULES / "vocabulary.yaml", d / "vocabulary.yaml")
    shutil.copy(RULES / "national.yaml", d / "national.yaml")
    for f in (FIXTURES / "rules" / "states").glob("*.yaml"):
        shutil.copy(f, d / "states" / f.name)
    return d


@pytest.fixture(scope="session")
def fixture_book(fixture_rules_dir) -> RuleBook:
    """The fixture state loaded; it must load cleanly."""
    b = load_book(fixture_rules_dir)
    assert not b.broken, {k: str(v) for k, v in b.broken.items()}
    return b
