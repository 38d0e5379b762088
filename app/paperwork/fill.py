"""Filling an official form from a case, by its field map.

Values are written as an incremental update appended to the cleaned template: only the field
and widget dictionaries that change, plus one appearance stream per filled widget, are
serialized (pypdf objects, pypdf serialization). Cloning a whole court PDF with pypdf costs about
a third of a second for California's DV-100 (2,900 objects); appending an update costs a few
milliseconds, and the template is never re-read.

Every widget gets an appearance stream drawn here (NeedAppearances stays false), so the value
looks the same in Acrobat, Chrome, Preview and poppler: text is wrapped with the box's font
metrics, shrunk a little when that is enough, and otherwise moved whole to a numbered
continuation page while the box says "See Attachment N". Values the form's WinAnsi fonts cannot
print (CJK, emoji, most non-Latin scripts) keep their exact /V, get an empty appearance, and are
printed by an overlay drawn with embedded fonts (see `overlay.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Optional

from pypdf.generic import (
    ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, IndirectObject, NameObject,
    NumberObject, TextStringObject,
)

from app.engine.errors import AegisError

from . import case_paths
from .case import Case
from .fonts import FontSet
from .formmap import FieldMap, FormMap, Format
from .merge import ObjectSource, append_update
from .layout import LEADING, PAD_X, PAD_Y, Fit, fit, standard_font, standard_measure, winansi
from .template import FieldKind, PdfField, Template, Widget


class FillError(AegisError):
    """A map that does not match its PDF (run `aegis forms check`)."""


@dataclass(frozen=True)
class Continuation:
    """Text that did not fit its box, continued on an attachment page."""

    number: int
    form: str
    item: str
    text: str
    field: str = ""


@dataclass(frozen=True)
class OverlayText:
    """A value drawn onto the page with embedded fonts (outside WinAnsi)."""

    page: int
    rect: tuple[float, float, float, float]
    lines: tuple[str, ...]
    size: float
    quadding: int


@dataclass
class FilledForm:
    form_id: str
    number: str
    title: str
    data: bytes
    values: dict[str, Any] = field(default_factory=dict)
    continuations: list[Continuation] = field(default_factory=list)
    overlays: list[OverlayText] = field(default_factory=list)
    #: The filled file as objects (the template's, parsed at start-up, plus this fill's), so the
    #: packet can merge it without parsing it again.
    source: Optional[ObjectSource] = None


def text_of(value: Any, fmt: Optional[Format]) -> Optional[str]:
    """A case value as the form prints it."""
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return ("Yes" if value else "No") if fmt in (None, Format.YES_NO) else str(value)
    if isinstance(value, date):
        return value.strftime("%m/%d/%Y")
    if isinstance(value, (tuple, list, frozenset)):
        parts = [t for t in (text_of(v, fmt) for v in value) if t]
        return ", ".join(parts) if parts else None
    text = str(value)
    if fmt is Format.UPPER:
        text = text.upper()
    return text if text.strip() else None


def holds(case: Case, conditions: dict[str, Any]) -> bool:
    """`checked_if`: every path has the value (a list contains it; `true` means 'given')."""
    for path, wanted in conditions.items():
        got = case_paths.resolve(case, path)
        if isinstance(got, Enum):
            got = got.value
        if isinstance(got, (tuple, list, frozenset)):
            values = {v.value if isinstance(v, Enum) else v for v in got}
            if (wanted is True and not values) or (wanted is not True and wanted not in values):
                return False
        elif wanted is True and not isinstance(got, bool):
            if got is None or (isinstance(got, str) and not got.strip()):
                return False
        elif got != wanted and not (isinstance(got, date) and str(got) == str(wanted)):
            return False
    return True


def planned_values(fmap: FormMap, case: Case) -> dict[str, Any]:
    """What each mapped field should say: text, an on-state for buttons, or None to leave blank."""
    out: dict[str, Any] = {}
    for name, entry in fmap.fields.items():
        if entry.checked_if_continued is not None:
            out[name] = None  # decided while filling, once the text's fit is known
            continue
        if entry.checked_if is not None:
            out[name] = holds(case, entry.checked_if)
            continue
        raw = case_paths.resolve(case, entry.from_ or "")
        if entry.choices is not None:
            key = raw.value if isinstance(raw, Enum) else raw
            out[name] = entry.choices.get(str(key).lower() if isinstance(key, bool) else str(key)) if key is not None else None
        else:
            out[name] = text_of(raw, entry.format)
    return out


def fill(template: Template, fmap: FormMap, case: Case, fonts: FontSet, first_attachment: int = 1) -> FilledForm:
    """Fill one form. Continuations are numbered from `first_attachment`."""
    update = _Update(template)
    filled = FilledForm(fmap.id, fmap.number, fmap.title, b"")
    next_number = first_attachment
    for name, value in planned_values(fmap, case).items():
        pdf_field = template.fields.get(name)
        if pdf_field is None:
            raise FillError(f"forms/{fmap.id}.yaml: field '{name}' is not in {template.path} (run `aegis forms check`)")
        entry = fmap.fields[name]
        if value is None or value is False:
            continue
        if pdf_field.kind in (FieldKind.CHECKBOX, FieldKind.RADIO):
            state = _on_state(pdf_field, value, fmap, name)
            update.set_button(pdf_field, state)
            filled.values[name] = state
        elif pdf_field.kind in (FieldKind.TEXT, FieldKind.CHOICE):
            text = str(value)
            placed = _place_text(update, pdf_field, text, fonts, filled)
            if not placed:
                label = f"{fmap.number}, item {entry.item}" if entry.item else f"{fmap.number}, {pdf_field.tooltip or name.split('.')[-1]}"
                filled.continuations.append(Continuation(next_number, fmap.number, label.strip().rstrip(":"), text, name))
                _place_text(update, pdf_field, f"See Attachment {next_number}", fonts, filled)
                next_number += 1
            filled.values[name] = text
        else:
            raise FillError(f"forms/{fmap.id}.yaml: field '{name}' is a {pdf_field.kind.value}; it cannot be filled")
    update.hide_pushbuttons()
    continued = {name for name in filled.values if any(c.field == name for c in filled.continuations)}
    for name, entry in fmap.fields.items():
        if entry.checked_if_continued in continued:
            pdf_field = template.fields[name]
            state = _on_state(pdf_field, True, fmap, name)
            update.set_button(pdf_field, state)
            filled.values[name] = state
    filled.data, filled.source = update.write()
    return filled


def _on_state(pdf_field: PdfField, value: Any, fmap: FormMap, name: str) -> str:
    states = pdf_field.on_states
    if not states:
        raise FillError(f"forms/{fmap.id}.yaml: checkbox '{name}' has no on-state in its appearance dictionary")
    if value is True:
        return states[0]
    if str(value) not in states:
        raise FillError(f"forms/{fmap.id}.yaml: '{name}' has no option '{value}' (it has {', '.join(states)})")
    return str(value)


def _place_text(update: "_Update", pdf_field: PdfField, text: str, fonts: FontSet, filled: FilledForm) -> bool:
    """Lay the text out in every widget of the field; False when it does not fit one of them."""
    latin = winansi(text)
    measure = standard_measure(standard_font(pdf_field.font)) if latin else (lambda s, size: fonts.width(s, size))
    fits: list[tuple[Widget, Fit]] = []
    for w in pdf_field.widgets:
        f = fit(text, w.width, w.height, pdf_field.font_size, pdf_field.multiline, measure, pdf_field.max_len)
        if not f.fits:
            return False
        fits.append((w, f))
    quadding = update.quadding(pdf_field)
    for w, f in fits:
        if latin:
            update.set_text_appearance(w, f, standard_font(pdf_field.font), quadding)
        else:
            update.set_blank_appearance(w)
            filled.overlays.append(OverlayText(w.page, w.rect, f.lines, f.size, quadding))
    update.set_value(pdf_field, text)
    return True


class _Update:
    """An incremental update: changed objects keep their numbers, new ones are appended."""

    def __init__(self, template: Template):
        self.t = template
        self.changed: dict[int, DictionaryObject] = {}
        self.new: list[Any] = []
        self.next_id = int(template.reader.trailer["/Size"])
        self.fonts: dict[str, IndirectObject] = {}

    def obj(self, idnum: int) -> DictionaryObject:
        if idnum not in self.changed:
            self.changed[idnum] = DictionaryObject(self.t.get(idnum))
        return self.changed[idnum]

    def add(self, obj: Any) -> IndirectObject:
        ref = IndirectObject(self.next_id, 0, None)
        self.next_id += 1
        self.new.append((ref.idnum, obj))
        return ref

    def quadding(self, pdf_field: PdfField) -> int:
        q = self.t.get(pdf_field.ref).get("/Q")
        return int(q) if q is not None else 0

    def set_value(self, pdf_field: PdfField, text: str) -> None:
        self.obj(pdf_field.ref)[NameObject("/V")] = TextStringObject(text)

    def set_button(self, pdf_field: PdfField, state: str) -> None:
        on = NameObject("/" + state)
        self.obj(pdf_field.ref)[NameObject("/V")] = on
        for w in pdf_field.widgets:
            self.obj(w.ref)[NameObject("/AS")] = on if state in w.on_states else NameObject("/Off")

    def font(self, base: str) -> IndirectObject:
        if base not in self.fonts:
            self.fonts[base] = self.add(DictionaryObject({
                NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/" + base), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }))
        return self.fonts[base]

    def _appearance(self, w: Widget, content: bytes, font: Optional[str]) -> None:
        stream = DecodedStreamObject()
        stream.set_data(content)
        stream[NameObject("/Type")] = NameObject("/XObject")
        stream[NameObject("/Subtype")] = NameObject("/Form")
        stream[NameObject("/BBox")] = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(round(w.width, 3)), FloatObject(round(w.height, 3))])
        resources = DictionaryObject()
        if font:
            resources[NameObject("/Font")] = DictionaryObject({NameObject("/AgF"): self.font(font)})
        stream[NameObject("/Resources")] = resources
        self.obj(w.ref)[NameObject("/AP")] = DictionaryObject({NameObject("/N"): self.add(stream)})

    def hide_pushbuttons(self) -> None:
        """Court forms carry Print/Save/Clear buttons with scripts: "Clear this form" would wipe
        every answer in Acrobat. Filled copies hide them (flag Hidden) and drop their actions."""
        for f in self.t.fields.values():
            if f.kind is not FieldKind.PUSHBUTTON:
                continue
            for w in f.widgets:
                widget = self.obj(w.ref)
                widget[NameObject("/F")] = NumberObject(2)
                for key in ("/A", "/AA"):
                    if key in widget:
                        del widget[key]

    def set_blank_appearance(self, w: Widget) -> None:
        self._appearance(w, b"/Tx BMC\nEMC\n", None)

    def set_text_appearance(self, w: Widget, f: Fit, font: str, quadding: int) -> None:
        width, height, size = w.width, w.height, f.size
        lead = size * LEADING
        ops = [b"/Tx BMC", b"q", f"1 1 {width - 2:.2f} {height - 2:.2f} re W n".encode(), b"BT", f"/AgF {size:.2f} Tf 0 g".encode()]
        if len(f.lines) == 1 and height < 2.2 * lead:
            y = (height - size) / 2 + size * 0.22
        else:
            y = height - PAD_Y - size * 0.9
        for line in f.lines:
            line_w = standard_measure(font)(line, size)
            x = PAD_X if quadding == 0 else (width - line_w) / 2 if quadding == 1 else width - PAD_X - line_w
            ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm <{line.encode('cp1252').hex()}> Tj".encode())
            y -= lead
        ops += [b"ET", b"Q", b"EMC"]
        self._appearance(w, b"\n".join(ops) + b"\n", font)

    def write(self) -> tuple[bytes, ObjectSource]:
        trailer = self.t.reader.trailer
        t = DictionaryObject({NameObject("/Size"): NumberObject(self.next_id), NameObject("/Root"): trailer.raw_get("/Root"),
                              NameObject("/Prev"): NumberObject(self.t.startxref)})
        for key in ("/Info", "/ID"):
            if key in trailer:
                t[NameObject(key)] = trailer.raw_get(key)
        data, xref = append_update(self.t.clean_bytes, sorted(self.changed.items()) + self.new, t)
        latest = {**self.changed, **dict(self.new)}
        reader = self.t.reader
        info = trailer.raw_get("/Info") if "/Info" in trailer else None
        source = ObjectSource(
            data=data, get=lambda n: latest[n] if n in latest else reader.get_object(n),
            root_id=trailer.raw_get("/Root").idnum, page_ids=list(self.t.page_ids), size=self.next_id, startxref=xref,
            info_id=info.idnum if isinstance(info, IndirectObject) else None, id_array=trailer.get("/ID"))
        return data, source
