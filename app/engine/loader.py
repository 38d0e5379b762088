"""The loader is the validator: text in, a checked rule pack out, or every problem with its line.

A state whose file has any problem is reported and left out whole; the engine never serves
half a state. Parsing takes text (so the staff editor can check a draft without touching the
disk); `load_book` is the one function that reads a directory.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Optional

from pydantic import Field

from .conditions import Strict
from .errors import Problem, RuleFileError
from .compiled import CompiledState
from .rules import Dated, Resource, Source, StateRules
from .validation import check_citations, check_state, parse_as
from .vocabulary import SECTIONS


class TermLabel(Strict):
    """A vocabulary term's plain-language labels."""

    en: str = Field(min_length=1)
    es: str = Field(min_length=1)
    definition: str = Field(min_length=1)


class Vocabulary(Strict):
    """`rules/vocabulary.yaml`: labels for every term of every closed set."""

    relationship: dict[str, TermLabel]
    conduct: dict[str, TermLabel]
    order_kind: dict[str, TermLabel]
    petitioner_role: dict[str, TermLabel]
    court_level: dict[str, TermLabel]
    evidence_kind: dict[str, TermLabel]

    def label(self, section: str, term: str, lang: str = "en") -> str:
        """The plain-language label of a term (the id itself if none)."""
        entry = getattr(self, section).get(term)
        return getattr(entry, lang) if entry else term


class CitedText(Dated):
    """A cited sentence of general guidance."""

    text: str = Field(min_length=1)


class NationalRules(Strict):
    """`rules/national.yaml`: help that is the same in every state, cited like any rule."""

    sources: dict[str, Source] = Field(min_length=1)
    emergency: tuple[CitedText, ...] = Field(min_length=1)
    firearms: tuple[CitedText, ...] = ()
    other_help: tuple[CitedText, ...] = ()
    resources: tuple[Resource, ...] = ()


def parse_vocabulary(text: str, file: str = "rules/vocabulary.yaml") -> Vocabulary:
    """Parse and check the vocabulary: every enum term labelled, nothing extra."""
    vocab, doc = parse_as(Vocabulary, text, file)
    problems = []
    for section, enum in SECTIONS.items():
        have = set(getattr(vocab, section))
        want = {m.value for m in enum}
        for term in sorted(want - have):
            problems.append(Problem(file, doc.line_of((section,)), section, f"term '{term}' has no labels (add en, es, definition)"))
        for term in sorted(have - want):
            problems.append(Problem(file, doc.line_of((section, term)), f"{section}.{term}",
                                    f"'{term}' is not a {section} term in app/engine/vocabulary.py (add it there too, or remove it)"))
    if problems:
        raise RuleFileError(problems)
    return vocab


def parse_national(text: str, file: str = "rules/national.yaml") -> NationalRules:
    """Parse and check the national help file."""
    national, doc = parse_as(NationalRules, text, file)
    problems = check_citations(national, national.sources, doc, file)
    if problems:
        raise RuleFileError(problems)
    return national


def parse_state(text: str, file: str, expected_state: Optional[str] = None) -> StateRules:
    """Parse and check one state's rules; raise `RuleFileError` listing every problem."""
    rules, doc = parse_as(StateRules, text, file)
    problems = check_state(rules, doc, file, expected_state)
    if problems:
        raise RuleFileError(problems)
    return rules


def digest(*texts: str) -> str:
    """A short, stable fingerprint of rule texts (the `rules_version` of an answer)."""
    h = hashlib.sha256()
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:12]


@dataclass
class RuleBook:
    """Everything loaded from a rules directory: good states, and why the others were left out."""

    vocabulary: Vocabulary
    national: NationalRules
    states: dict[str, StateRules] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    broken: dict[str, RuleFileError] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    compiled: dict[str, CompiledState] = field(default_factory=dict)
    base_version: str = ""

    def add_state(self, code: str, text: str, file: str) -> None:
        """Parse one state's text into the book, or record why it is broken."""
        for table in (self.states, self.broken, self.compiled, self.versions):
            table.pop(code, None)
        self.files[code] = file
        try:
            rules = parse_state(text, file, expected_state=code)
        except RuleFileError as exc:
            self.broken[code] = exc
            return
        version = f"{code.lower()}-{digest(self.base_version, text)}"
        self.states[code] = rules
        self.versions[code] = version
        self.compiled[code] = CompiledState(rules, version, self.vocabulary, self.national)


def state_files(rules_dir: FsPath) -> dict[str, FsPath]:
    """`rules/states/<st>.yaml` files by upper-case state code (cases files excluded)."""
    out = {}
    for path in sorted((rules_dir / "states").glob("*.yaml")):
        if path.name.endswith(".cases.yaml"):
            continue
        out[path.stem.upper()] = path
    return out


def load_book(rules_dir: FsPath, only: Optional[list[str]] = None) -> RuleBook:
    """Read and check a rules directory. Vocabulary or national errors are fatal (raised);
    a broken state is kept in `broken` and left out of `states`."""
    vocab_text = _read(rules_dir / "vocabulary.yaml")
    national_text = _read(rules_dir / "national.yaml")
    book = RuleBook(
        vocabulary=parse_vocabulary(vocab_text, _shown(rules_dir / "vocabulary.yaml")),
        national=parse_national(national_text, _shown(rules_dir / "national.yaml")),
    )
    book.base_version = digest(vocab_text, national_text)
    wanted = {s.upper() for s in only} if only else None
    for code, path in state_files(rules_dir).items():
        if wanted is None or code in wanted:
            book.add_state(code, _read(path), _shown(path))
    return book


def _read(path: FsPath) -> str:
    """A rule file's text; an unreadable file is a `RuleFileError` naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RuleFileError([Problem(_shown(path), 1, "", f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8")]) from None
    except OSError as exc:
        raise RuleFileError([Problem(_shown(path), 1, "", f"cannot read the file ({exc.strerror})")]) from None


def _shown(path: FsPath) -> str:
    """A path as people read it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(FsPath.cwd()))
    except ValueError:
        return str(path)
