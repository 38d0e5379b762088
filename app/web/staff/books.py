"""Rule books built from texts held in the database rather than files.

The engine's `RuleBook.add_state` does the parsing and checking; these helpers only decide
what goes in, and never change a book that may be serving requests.
"""

from __future__ import annotations

from pathlib import Path

from app.engine import RuleBook
from app.engine.loader import digest, parse_national, parse_vocabulary


def rules_file(code: str) -> str:
    """How a state's rules are named in messages (as in the repository)."""
    return f"rules/states/{code.lower()}.yaml"


def cases_file(code: str) -> str:
    return f"rules/states/{code.lower()}.cases.yaml"


def base_book(rules_dir: Path) -> RuleBook:
    """A book with the vocabulary and national help from `rules_dir`, and no states yet."""
    vocab = (rules_dir / "vocabulary.yaml").read_text(encoding="utf-8")
    national = (rules_dir / "national.yaml").read_text(encoding="utf-8")
    book = RuleBook(vocabulary=parse_vocabulary(vocab), national=parse_national(national))
    book.base_version = digest(vocab, national)
    return book


def derive_book(book: RuleBook, texts: dict[str, str]) -> RuleBook:
    """A copy of `book` with the given states' texts (re)loaded; `book` itself is untouched."""
    new = RuleBook(vocabulary=book.vocabulary, national=book.national, states=dict(book.states),
                   versions=dict(book.versions), broken=dict(book.broken), files=dict(book.files),
                   compiled=dict(book.compiled), base_version=book.base_version)
    for code, text in texts.items():
        new.add_state(code, text, rules_file(code))
    return new
