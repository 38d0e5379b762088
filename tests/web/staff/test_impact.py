"""The impact preview names, in words, the answers a draft changes."""

from __future__ import annotations

from datetime import date

from app.web.staff.books import base_book, derive_book
from app.web.staff.impact import AGE_BANDS, grid, impact

from .conftest import ca_texts, with_chro_fee

ON = date(2026, 11, 23)


def _books(small_rules, draft_text):
    published = derive_book(base_book(small_rules), {"CA": ca_texts(small_rules)[0]})
    return published, derive_book(published, {"CA": draft_text})


def test_a_fee_change_is_listed_for_the_situations_that_pay_it(small_rules):
    rules, _ = with_chro_fee(*ca_texts(small_rules), 450)
    found = [str(c) for c in impact("CA", *_books(small_rules, rules), ON).changes]
    assert "Roommate, harassment, any age: filing fee for Civil Harassment Restraining Order changes from $435 to $450" in found
    assert not any("stalking" in line and "Civil Harassment" in line for line in found), "stalking is free either way"


def test_narrowing_who_qualifies_says_no_longer_eligible(small_rules):
    rules = ca_texts(small_rules)[0]
    start = rules.index("  - id: ca_chro\n")
    at = rules.index("            - stalking\n", start)
    draft = rules[:at] + rules[at + len("            - stalking\n"):]
    found = [str(c) for c in impact("CA", *_books(small_rules, draft), ON).changes]
    assert "Neighbor, stalking, any age: no longer eligible for Civil Harassment Restraining Order" in found


def test_the_same_text_changes_nothing(small_rules):
    published, draft = _books(small_rules, ca_texts(small_rules)[0])
    result = impact("CA", published, draft, ON)
    assert result.changes == () and result.situations == len(grid("CA"))


def test_the_grid_covers_every_age_band():
    bands = {name for (_, _, name), _ in grid("CA")}
    assert bands == {name for name, _ in AGE_BANDS}
