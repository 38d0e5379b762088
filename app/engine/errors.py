"""The engine's one error family.

`AegisError` is the base of every error the engine raises on purpose; callers catch it and show
its message. `RuleFileError` carries every problem found in one file, each naming the file,
line and key path with a hint on how to fix it, because the person reading it is a legal-aid
worker, not a programmer.
"""

from __future__ import annotations

from dataclasses import dataclass


class AegisError(ValueError):
    """Base of the errors Aegis raises for bad input or bad rules."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where it is and what to do about it."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where} {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class RuleFileError(AegisError):
    """A rule, cases or vocabulary file that cannot be loaded; nothing of it is used."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.path))
        super().__init__("\n".join(str(p) for p in self.problems))


class SituationError(AegisError):
    """A situation (the engine's input) that is not valid; the message names the field."""
