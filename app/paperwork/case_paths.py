"""Case paths: how a field map names a value (`petitioner.address.city`, `incidents[0].when`).

A path is attribute names separated by dots, each optionally followed by `[n]` to pick the n-th
item of a list. Paths are checked against the `Case` model when a map is loaded (a misspelt
path is a map error with its line, not an empty box on a court form) and resolved against a
case when a form is filled (a missing item, e.g. a third incident that was never given, is
simply empty).
"""

from __future__ import annotations

import re
import types
import typing
from datetime import date
from enum import Enum
from typing import Any, Optional, Union

from pydantic import BaseModel

from .case import Case

_STEP = re.compile(r"^([a-z_][a-z0-9_]*)(?:\[(\d{1,3})\])?$")
Scalar = Union[str, int, float, bool, date, Enum]


class PathError(ValueError):
    """A path that does not name a value of a Case."""


def steps(path: str) -> list[tuple[str, Optional[int]]]:
    out = []
    for part in path.split("."):
        m = _STEP.match(part)
        if not m:
            raise PathError(f"'{part}' is not a name (letters, digits, _) with an optional [n]")
        out.append((m.group(1), int(m.group(2)) if m.group(2) is not None else None))
    return out


def _unwrap(tp: Any) -> Any:
    """Optional[X] -> X."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


def _attribute_type(owner: type, name: str) -> Any:
    if isinstance(owner, type) and issubclass(owner, BaseModel):
        if name in owner.model_fields:
            return owner.model_fields[name].annotation
        prop = getattr(owner, name, None)
        if isinstance(prop, property) and prop.fget is not None:
            hints = typing.get_type_hints(prop.fget, globalns=vars(__import__(owner.__module__, fromlist=["_"])))
            return hints.get("return", Any)
    raise PathError(f"'{name}' is not a part of {getattr(owner, '__name__', owner)}")


def check(path: str) -> Any:
    """The type a path leads to, or PathError naming the wrong step."""
    tp: Any = Case
    for name, index in steps(path):
        tp = _unwrap(_attribute_type(_unwrap(tp), name))
        if index is not None:
            if typing.get_origin(tp) is not tuple:
                raise PathError(f"'{name}' is not a list, so it takes no [{index}]")
            tp = _unwrap(typing.get_args(tp)[0])
    base = _unwrap(tp)
    if isinstance(base, type) and issubclass(base, BaseModel):
        raise PathError(f"'{path}' is a group of answers, not one value: name one of its parts")
    return base


def resolve(case: Case, path: str) -> Any:
    """The value at `path`, or None when any step is missing."""
    obj: Any = case
    for name, index in steps(path):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
        if index is not None:
            if index >= len(obj):
                return None
            obj = obj[index]
    return obj
