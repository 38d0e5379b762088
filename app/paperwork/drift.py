"""Form drift: does this PDF still match the map written for it?

Courts revise forms and rename fields (only 222 of DV-100's 313 field names survived from the
2024 to the 2025 revision). A map silently applied to a new revision would put answers in the
wrong boxes, or nowhere. `compare` lists what changed: the file's SHA-256, mapped fields that are
gone, fields of the PDF the map does not know, mapped fields whose kind changed (a checkbox
that became text), and checkboxes whose on-state changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .formmap import FormMap
from .template import FieldKind, Template

_FILLABLE = (FieldKind.TEXT, FieldKind.CHECKBOX, FieldKind.RADIO, FieldKind.CHOICE)


@dataclass
class DriftReport:
    form_id: str
    pdf: str
    expected_sha256: str
    actual_sha256: str
    missing: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    wrong_kind: list[str] = field(default_factory=list)
    changed_on: list[str] = field(default_factory=list)

    @property
    def same_file(self) -> bool:
        return self.expected_sha256 == self.actual_sha256

    @property
    def drifted(self) -> bool:
        return bool(self.missing or self.wrong_kind or self.changed_on or not self.same_file)

    def text(self) -> str:
        lines = [f"{self.pdf} against forms/{self.form_id}.yaml"]
        if self.same_file:
            lines.append("  SHA-256: same file as the map was written for")
        else:
            lines.append(f"  SHA-256: DIFFERENT (map {self.expected_sha256[:16]}…, file {self.actual_sha256[:16]}…)")
        for title, items in (("mapped fields missing from the PDF", self.missing), ("mapped fields of another kind", self.wrong_kind),
                             ("checkbox on-states changed", self.changed_on), ("fields in the PDF the map does not use", self.new)):
            lines.append(f"  {title}: {len(items)}")
            lines.extend(f"    - {item}" for item in items[:40])
            if len(items) > 40:
                lines.append(f"    … and {len(items) - 40} more")
        lines.append("  DRIFT: update the map before using this file" if self.drifted else "  OK: no drift")
        return "\n".join(lines)


def compare(template: Template, fmap: FormMap) -> DriftReport:
    report = DriftReport(fmap.id, template.path, fmap.sha256, template.sha256)
    for name, entry in fmap.fields.items():
        pdf_field = template.fields.get(name)
        if pdf_field is None:
            report.missing.append(name)
            continue
        is_button = pdf_field.kind in (FieldKind.CHECKBOX, FieldKind.RADIO)
        wants_button = entry.checked_if is not None or entry.choices is not None or entry.checked_if_continued is not None
        if pdf_field.kind not in _FILLABLE or is_button != wants_button:
            report.wrong_kind.append(f"{name}: the map treats it as {'a checkbox' if wants_button else 'text'}, the PDF has {pdf_field.kind.value}")
            continue
        if entry.on is not None and entry.on not in pdf_field.on_states:
            report.changed_on.append(f"{name}: map says on-state '{entry.on}', the PDF has {', '.join(pdf_field.on_states) or 'none'}")
        for state in (entry.choices or {}).values():
            if state not in pdf_field.on_states:
                report.changed_on.append(f"{name}: option '{state}' is gone (the PDF has {', '.join(pdf_field.on_states)})")
    report.new = [n for n, f in template.fields.items() if n not in fmap.fields and f.kind in _FILLABLE]
    return report
