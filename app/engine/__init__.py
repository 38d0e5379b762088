"""Aegis rules engine: cited per-state rules and a pure evaluator.

Pure domain code: imports only the standard library, pydantic and yaml; no clock, no
environment, no web or PDF. The public API is what `__all__` lists.
"""

from .assessment import Assessment, Option
from .errors import AegisError, Problem, RuleFileError, SituationError
from .evaluate import assess
from .loader import RuleBook, load_book, parse_state
from .rules import StateRules
from .situation import Situation

__all__ = [
    "AegisError",
    "Assessment",
    "Option",
    "Problem",
    "RuleBook",
    "RuleFileError",
    "Situation",
    "SituationError",
    "StateRules",
    "assess",
    "load_book",
    "parse_state",
]
