"""Field maps: `forms/<ST>/<FORM>.yaml`, data that says which case value goes in which PDF field.

A map names the official PDF it was written for (its SHA-256, revision and source) and, for each
real field name, one of a few verbs:

- `from: <case path>` (with an optional `format`) for text and choice fields;
- `checked_if: {<case path>: <value>}` for a checkbox (all pairs must hold; a list value holds
  when it contains the value; `true` against a text holds when the text is given). `on:` records
  the checkbox's on-state as read from the PDF so that `aegis forms check` notices when a new
  revision changes it; the filler always uses the on-state the PDF itself declares;
- `from:` + `choices: {<case value>: <on-state>}` for a radio group;
- `checked_if_continued: <field name>` for the "not enough space, see attached" checkbox next to
  a text box: checked when that box's text went to an attachment;
- `overflow: attachment` + `item:` on a text field: when the text does not fit the box, the box
  says "See Attachment N" and the text goes on a continuation page headed with that item.
  Every text field overflows to an attachment when it must (nothing is ever clipped); `item:`
  only says how the continuation page names the place it continues.

No expressions: anything cleverer belongs in the `Case` model as a named property.
The loader is the validator: every problem is reported as `file:line key: what to do`.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path as FsPath
from typing import Literal, Optional, Union

from pydantic import Field, HttpUrl, model_validator

from app.engine.errors import Problem, RuleFileError
from app.engine.conditions import Strict
from app.engine.rules import FORM_ID_PATTERN
from app.engine.validation import parse_as

from . import case_paths


class Format(str, Enum):
    """How a value is written into a box."""

    DATE = "date"  # MM/DD/YYYY, as US court forms print dates
    UPPER = "upper"
    YES_NO = "yes_no"


Scalar = Union[str, int, float, bool]


class FieldMap(Strict):
    from_: Optional[str] = Field(default=None, alias="from")
    format: Optional[Format] = None
    checked_if: Optional[dict[str, Scalar]] = Field(default=None, min_length=1)
    on: Optional[str] = Field(default=None, min_length=1, description="the on-state read from the PDF, for drift checks")
    choices: Optional[dict[str, str]] = Field(default=None, min_length=1)
    checked_if_continued: Optional[str] = Field(default=None, min_length=1, description="a text field of this form: checked when it continues on an attachment")
    overflow: Optional[Literal["attachment"]] = None
    item: Optional[str] = Field(default=None, min_length=1, max_length=40)

    @model_validator(mode="after")
    def _one_verb(self) -> "FieldMap":
        verbs = [v for v in (self.from_, self.checked_if, self.checked_if_continued) if v is not None]
        if len(verbs) != 1:
            raise ValueError("give exactly one of `from:` (a text, choice or radio field), `checked_if:` or `checked_if_continued:` (a checkbox)")
        if self.checked_if is not None and (self.format or self.choices or self.overflow):
            raise ValueError("a checkbox (`checked_if:`) takes no `format`, `choices` or `overflow`")
        if self.item and not self.overflow:
            raise ValueError("`item:` names where an overflowing text continues: add `overflow: attachment`")
        return self


class FormMap(Strict):
    id: str = Field(pattern=FORM_ID_PATTERN, description="the id the state's rules use, e.g. CA/DV-100")
    number: str = Field(min_length=1, description="the number printed on the form, e.g. DV-100")
    title: str = Field(min_length=1)
    revision: str = Field(min_length=1, description="the revision printed on the form, e.g. Rev. January 1, 2025")
    source_url: HttpUrl
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    mandatory: bool = True
    note: Optional[str] = None
    fields: dict[str, FieldMap] = Field(min_length=1)

    @property
    def state(self) -> str:
        return self.id.split("/", 1)[0]


def parse_map(text: str, file: str) -> FormMap:
    """Parse and check one map; raise `RuleFileError` listing every problem with its line."""
    fmap, doc = parse_as(FormMap, text, file)
    problems = []
    for name, entry in fmap.fields.items():
        if entry.checked_if_continued is not None:
            if entry.checked_if_continued not in fmap.fields or fmap.fields[entry.checked_if_continued].from_ is None:
                problems.append(Problem(file, doc.line_of(("fields", name, "checked_if_continued")), f"fields.{name}",
                                        "checked_if_continued names a text field of this map (one with `from:`)"))
            continue
        paths = [entry.from_] if entry.from_ else list(entry.checked_if or {})
        for path in paths:
            try:
                case_paths.check(path)
            except case_paths.PathError as exc:
                key = ("fields", name, "from" if entry.from_ else "checked_if")
                problems.append(Problem(file, doc.line_of(key), f"fields.{name}", f"{exc} (see app/paperwork/case.py for the case's parts)"))
    where = FsPath(file)
    in_state_folder = len(where.parent.name) == 2 and where.parent.name.isupper()
    if in_state_folder and f"{where.parent.name}/{where.stem}" != fmap.id:
        problems.append(Problem(file, doc.line_of(("id",)), "id", f"a map for {fmap.id} belongs in forms/{fmap.id}.yaml"))
    if problems:
        raise RuleFileError(problems)
    return fmap


def map_files(maps_dir: FsPath) -> dict[str, FsPath]:
    """`forms/<ST>/<FORM>.yaml` by form id (`CA/DV-100`)."""
    return {f"{p.parent.name}/{p.stem}": p for p in sorted(maps_dir.glob("*/*.yaml"))}


def load_maps(maps_dir: FsPath) -> dict[str, FormMap]:
    """Every map in a directory; any broken map is an error (a form is never half-mapped)."""
    out: dict[str, FormMap] = {}
    problems: list[Problem] = []
    for form_id, path in map_files(maps_dir).items():
        try:
            out[form_id] = parse_map(path.read_text(encoding="utf-8"), str(path))
        except RuleFileError as exc:
            problems.extend(exc.problems)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), 1, "", f"cannot read the file ({exc})"))
    if problems:
        raise RuleFileError(problems)
    return out
