"""Reading rule YAML so that every error can name its line.

PyYAML's composed nodes keep their position; we walk them once to map each key path
(`("order_types", 0, "fees", 1)`) to its line, then build plain Python data. Three YAML
behaviours that would hide mistakes are switched off: duplicate keys are an error (PyYAML
silently keeps the last), timestamps stay strings (so "2024-13-01" is reported by the model
as a bad date instead of crashing the parser), only `true`/`false` are booleans (YAML 1.1 also
reads `on`, `no` and `yes` as booleans, which turns a case's `on:` key into True), and anchors/aliases are refused (they make a
file mean something other than what it shows, and the staff editor cannot keep them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import re

import yaml

from .errors import Problem

Path = tuple[Any, ...]
MAX_BYTES = 1_000_000


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader (libyaml's when present) without implicit timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# YAML 1.2 booleans only: `on:` (a case's date) and `no`/`yes` stay words, as staff mean them.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class Document:
    """Parsed YAML data plus the line of every key path (1-based)."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of the deepest known prefix of `path` (1 when nothing matches)."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1)


def parse(text: str, file: str) -> Document:
    """Parse YAML text, raising `Problem`s that name the file and line."""
    size = len(text.encode("utf-8", "replace"))
    if size > MAX_BYTES:
        raise _fail(file, 1, "", f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} (is this the right text?)")
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise _fail(file, number, "", "a tab is used for indentation (indent with spaces)")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _fail(file, 1, "", "the file is empty")
        lines: dict[Path, int] = {}
        _walk(node, (), lines, file, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "YAML syntax error"
        raise _fail(file, line, "", f"YAML syntax error: {what} (check indentation, colons and quotes)") from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise _fail(file, 1, "", f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()
    return Document(data=data, lines=lines)


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], file: str, seen_nodes: set[int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if id(node) in seen_nodes:
        raise _fail(file, lines[path], dotted(path), "YAML aliases (*name) are not allowed; write the value out")
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _fail(file, key_node.start_mark.line + 1, dotted(path), "YAML merge keys (<<) are not allowed")
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise _fail(file, line, dotted(path + (key,)), f"duplicate key '{key}' (first on line {seen[key]}); keep one")
            seen[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines, file, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, file, seen_nodes)


def dotted(path: Path) -> str:
    """`("order_types", 0, "fees")` -> `order_types[0].fees`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _fail(file: str, line: int, where: str, message: str) -> Exception:
    from .errors import RuleFileError

    return RuleFileError([Problem(file=file, line=line, path=where, message=message)])
