"""House rules for the bundled rule files that the loader alone does not enforce."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from app.engine.schema import rules_schema
from app.engine.validation import walk
from app.engine.vocabulary import SECTIONS

RULES = Path(__file__).resolve().parents[2] / "rules"


def test_the_committed_schema_is_generated_from_the_models():
    committed = json.loads((RULES / "schema.json").read_text(encoding="utf-8"))
    assert committed == rules_schema(), "rules/schema.json is stale: run `make schema`"


def test_the_vocabulary_labels_every_term_in_english_and_spanish():
    data = yaml.safe_load((RULES / "vocabulary.yaml").read_text(encoding="utf-8"))
    for section, enum in SECTIONS.items():
        assert list(data[section]) == [m.value for m in enum], section
        for term, labels in data[section].items():
            assert labels["en"].strip() and labels["es"].strip() and labels["definition"].strip(), term


def test_the_bundled_states_all_load(book):
    assert not book.broken, "\n".join(str(e) for e in book.broken.values())
    assert {"CA", "NY", "TX", "FL", "MA", "WA"} <= set(book.states)


def test_every_rule_file_points_editors_at_the_schema():
    for path in (RULES / "states").glob("*.yaml"):
        if not path.name.endswith(".cases.yaml"):
            assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema.json"), path.name


def test_no_rule_file_uses_tabs_or_windows_line_endings():
    for path in (RULES / "states").glob("*.yaml"):
        raw = path.read_bytes()
        assert b"\t" not in raw and b"\r\n" not in raw, path.name


def test_every_unverified_fact_says_what_to_confirm(book):
    for rules in book.states.values():
        for _, obj in walk(rules):
            if getattr(obj, "unverified", False) is True:
                assert obj.note and len(obj.note) > 10


def test_every_order_type_offers_a_way_forward_when_it_does_not_fit(book):
    for code, rules in book.states.items():
        for order in rules.order_types:
            assert order.if_not_eligible, f"{code} {order.id} has no if_not_eligible"
