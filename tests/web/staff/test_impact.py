"""The impact preview names, in words, the answers a draft changes."""

from __future__ import annotations

from datetime import date

import pytest

from app.web.staff.books import base_book, derive_book
from app.web.staff.impact import AGE_BANDS, grid, impact

from .conftest import ca_texts, with_chro_fee

ON = date(2026, 11, 23)


@pytest.fixture(scope="module")
def published(small_rules):
    """The published book and the cache of its answers, shared by this module's tests."""
    return derive_book(base_book(small_rules), {"CA": ca_texts(small_rules)[0]}), {}


def _impact(published, draft_text):
    book, cache = published
    return impact("CA", book, derive_book(book, {"CA": draft_text}), ON, cache)


def test_a_fee_change_is_listed_for_the_situations_that_pay_it(published, small_rules):
    rules, _ = with_chro_fee(*ca_texts(small_rules), 450)
    found = [str(c) for c in _impact(published, rules).changes]
    assert "Roommate, harassment, any age: filing fee for Civil Harassment Restraining Order changes from $435 to $450" in found
    assert not any("stalking" in line and "Civil Harassment" in line for line in found), "stalking is free either way"


def test_narrowing_who_qualifies_says_no_longer_eligible(published, small_rules):
    rules = ca_texts(small_rules)[0]
    start = rules.index("  - id: ca_chro\n")
    at = rules.index("            - stalking\n", start)
    draft = rules[:at] + rules[at + len("            - stalking\n"):]
    found = [str(c) for c in _impact(published, draft).changes]
    assert "Neighbor, stalking, any age: no longer eligible for Civil Harassment Restraining Order" in found


def test_the_same_text_changes_nothing(published, small_rules):
    result = _impact(published, ca_texts(small_rules)[0])
    assert result.changes == () and result.situations == len(grid("CA"))


def test_the_grid_covers_every_age_band():
    bands = {name for (_, _, name), _ in grid("CA")}
    assert bands == {name for name, _ in AGE_BANDS}
