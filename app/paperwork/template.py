"""Official court PDFs: open once, clean, list their fields, keep in memory.

Court PDFs are hostile to filling (see ../shared/notes/pdf-and-browser-toolchain.md):
California's are AES-encrypted with an empty user password, hybrid XFA (Acrobat would show the
blank XFA data instead of our values), carry Reader usage rights (/Perms, which any rewrite
breaks, so Reader warns) and document JavaScript. `load_template` decrypts, drops /XFA, /Perms
and the scripts, and keeps the cleaned bytes plus an inventory of every terminal field: its
kind, flags, MaxLen, font from /DA, widgets (page and rectangle) and the on-states its widgets
really declare in /AP /N (California's `1`, `3`, `5`; Michigan's `On`; never assumed `Yes`).

`TemplateStore` caches templates by path so a fill never re-reads or re-decrypts a file.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Optional

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError, PyPdfError
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject

from app.engine.errors import AegisError

# pypdf logs "Ignoring padding error" on every AES court file and recovers from broken
# cross-reference tables (Michigan CC 377) with a warning: neither is the user's business.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class TemplateError(AegisError):
    """A PDF that cannot be used as a form (unreadable, password-protected, no fields)."""


class FieldKind(str, Enum):
    TEXT = "text"
    CHECKBOX = "checkbox"
    RADIO = "radio"
    CHOICE = "choice"
    SIGNATURE = "signature"
    PUSHBUTTON = "pushbutton"


# PDF 32000 table 226/228/229: field flag bits (1-based bit positions).
READ_ONLY = 1 << 0
MULTILINE = 1 << 12
PASSWORD = 1 << 13
RADIO_FLAG = 1 << 15
PUSHBUTTON_FLAG = 1 << 16
COMB = 1 << 24


@dataclass(frozen=True)
class Widget:
    ref: int
    page: int
    rect: tuple[float, float, float, float]
    on_states: tuple[str, ...]

    @property
    def width(self) -> float:
        return abs(self.rect[2] - self.rect[0])

    @property
    def height(self) -> float:
        return abs(self.rect[3] - self.rect[1])


@dataclass(frozen=True)
class PdfField:
    ref: int
    name: str
    kind: FieldKind
    flags: int
    max_len: Optional[int]
    font: str
    font_size: float
    tooltip: Optional[str]
    widgets: tuple[Widget, ...]
    options: tuple[str, ...] = ()

    @property
    def multiline(self) -> bool:
        return bool(self.flags & MULTILINE)

    @property
    def read_only(self) -> bool:
        return bool(self.flags & READ_ONLY)

    @property
    def comb(self) -> bool:
        return bool(self.flags & COMB)

    @property
    def on_states(self) -> tuple[str, ...]:
        seen: list[str] = []
        for w in self.widgets:
            seen.extend(s for s in w.on_states if s not in seen)
        return tuple(seen)


@dataclass
class Template:
    """A cleaned official PDF and its fields."""

    path: str
    sha256: str
    clean_bytes: bytes
    fields: dict[str, PdfField]
    page_sizes: tuple[tuple[float, float], ...]
    reader: PdfReader
    removed: tuple[str, ...] = ()
    page_ids: tuple[int, ...] = ()

    @property
    def startxref(self) -> int:
        tail = self.clean_bytes[-1024:]
        return int(tail[tail.rindex(b"startxref") + 9:].split()[0])

    def get(self, idnum: int):
        """A parsed object of the cleaned file (parsed at load; fills only read it)."""
        return self.reader.get_object(idnum)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_template(path: Path) -> Template:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the file ({exc.strerror})") from None
    return template_from_bytes(raw, str(path))


def template_from_bytes(raw: bytes, shown: str) -> Template:
    if not raw.lstrip()[:5] == b"%PDF-":
        raise TemplateError(f"{shown}: not a PDF file")
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise TemplateError(f"{shown}: the PDF needs a password to open; use the court's unlocked download")
        writer = PdfWriter(clone_from=reader)
    except (PdfReadError, PyPdfError, ValueError, KeyError) as exc:
        raise TemplateError(f"{shown}: the PDF cannot be read ({exc})") from None
    removed = _clean(writer)
    buf = io.BytesIO()
    writer.write(buf)
    clean = buf.getvalue()
    master = PdfReader(io.BytesIO(clean))
    fields, sizes = inventory(master)
    if not fields:
        raise TemplateError(f"{shown}: the PDF has no fillable fields (a flat form: Aegis prints its own petition instead)")
    _parse_everything(master)  # now, so that fills and merges (maybe in several threads) only read
    page_ids = tuple(p.indirect_reference.idnum for p in master.pages)
    return Template(shown, sha256_of(raw), clean, fields, sizes, master, removed, page_ids)


def _parse_everything(reader: PdfReader) -> None:
    """Resolve every object of the cleaned file once; pypdf caches them in the reader."""
    size = int(reader.trailer["/Size"])
    for idnum in range(1, size):
        try:
            reader.get_object(idnum)
        except (PdfReadError, PyPdfError, ValueError, KeyError, IndexError):
            continue


def _clean(writer: PdfWriter) -> tuple[str, ...]:
    """Drop what would hide or undo our values: XFA, usage rights, scripts."""
    removed = []
    root = writer._root_object
    acro = root.get("/AcroForm")
    acro = acro.get_object() if acro is not None else None
    if isinstance(acro, DictionaryObject):
        if "/XFA" in acro:
            del acro[NameObject("/XFA")]
            removed.append("XFA")
        acro[NameObject("/NeedAppearances")] = BooleanObject(False)  # we draw every appearance ourselves
        if "/SigFlags" in acro:
            del acro[NameObject("/SigFlags")]  # append-only would ask for incremental saves; we write anew
    if "/Perms" in root:
        del root[NameObject("/Perms")]
        removed.append("usage rights (/Perms)")
    names = root.get("/Names")
    names = names.get_object() if names is not None else None
    if isinstance(names, DictionaryObject) and "/JavaScript" in names:
        del names[NameObject("/JavaScript")]
        removed.append("document JavaScript")
    if "/OpenAction" in root:
        action = root["/OpenAction"].get_object()
        if isinstance(action, DictionaryObject) and action.get("/S") == "/JavaScript":
            del root[NameObject("/OpenAction")]
    _neutral_metadata(writer)
    return tuple(removed)


def _neutral_metadata(writer: PdfWriter) -> None:
    """The title a viewer shows in its tab and recent-files list must not say "restraining
    order": the person's phone may be checked. The court's own title, author and XMP packet go;
    the form's pages are untouched."""
    root = writer._root_object
    if "/Metadata" in root:
        del root[NameObject("/Metadata")]
    prefs = root.get("/ViewerPreferences")
    prefs = prefs.get_object() if prefs is not None else None
    if isinstance(prefs, DictionaryObject) and "/DisplayDocTitle" in prefs:
        del prefs[NameObject("/DisplayDocTitle")]
    writer.metadata = {"/Title": "Document"}


def _inherited(node: DictionaryObject, key: str):
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def _font_of(da: str) -> tuple[str, float]:
    """`/TimesNewRomanPSMT 11.00 Tf 0 g` -> ("TimesNewRomanPSMT", 11.0)."""
    parts = da.split()
    for i, part in enumerate(parts):
        if part == "Tf" and i >= 2:
            try:
                return parts[i - 2].lstrip("/"), float(parts[i - 1])
            except ValueError:
                break
    return "Helv", 0.0


def inventory(reader: PdfReader) -> tuple[dict[str, PdfField], tuple[tuple[float, float], ...]]:
    """Every terminal field with its widgets, in page order."""
    page_of: dict[int, int] = {}
    sizes = []
    for index, page in enumerate(reader.pages):
        box = page.mediabox
        sizes.append((float(box.width), float(box.height)))
        for annot in page.get("/Annots") or ArrayObject():
            if hasattr(annot, "idnum"):
                page_of[annot.idnum] = index
    root = reader.trailer["/Root"]
    acro = root.get("/AcroForm")
    if acro is None:
        return {}, tuple(sizes)
    acro = acro.get_object()
    default_da = str(acro.get("/DA", "/Helv 0 Tf 0 g"))
    fields: dict[str, PdfField] = {}

    def visit(ref, prefix: str) -> None:
        node = ref.get_object()
        partial = node.get("/T")
        name = f"{prefix}.{partial}" if prefix and partial is not None else (str(partial) if partial is not None else prefix)
        kids = node.get("/Kids")
        field_kids = [k for k in kids if "/T" in k.get_object()] if kids else []
        if field_kids:
            for kid in field_kids:
                visit(kid, name)
            return
        widgets_refs = [k for k in kids] if kids else [ref]
        fields[name] = _field(ref, node, name, widgets_refs, page_of, default_da)

    for ref in acro.get("/Fields") or ArrayObject():
        visit(ref, "")
    ordered = dict(sorted(fields.items(), key=lambda kv: min((w.page for w in kv[1].widgets), default=0)))
    return ordered, tuple(sizes)


def _idnum(ref, name: str) -> int:
    if not hasattr(ref, "idnum"):
        raise TemplateError(f"field {name} is not an indirect object; Aegis cannot update it in place")
    return int(ref.idnum)


def _field(field_ref, node: DictionaryObject, name: str, widget_refs, page_of: dict[int, int], default_da: str) -> PdfField:
    ft = _inherited(node, "/FT")
    flags = int(_inherited(node, "/Ff") or 0)
    if ft == "/Tx":
        kind = FieldKind.TEXT
    elif ft == "/Ch":
        kind = FieldKind.CHOICE
    elif ft == "/Sig":
        kind = FieldKind.SIGNATURE
    elif flags & PUSHBUTTON_FLAG:
        kind = FieldKind.PUSHBUTTON
    elif flags & RADIO_FLAG:
        kind = FieldKind.RADIO
    else:
        kind = FieldKind.CHECKBOX
    da = str(_inherited(node, "/DA") or default_da)
    font, size = _font_of(da)
    max_len = _inherited(node, "/MaxLen")
    widgets = []
    for ref in widget_refs:
        w = ref.get_object()
        rect = tuple(float(x) for x in (w.get("/Rect") or (0, 0, 0, 0)))
        on: tuple[str, ...] = ()
        if kind in (FieldKind.CHECKBOX, FieldKind.RADIO):
            ap = w.get("/AP")
            normal = ap.get_object().get("/N") if ap is not None else None
            normal = normal.get_object() if normal is not None else None
            if isinstance(normal, DictionaryObject):
                on = tuple(str(k)[1:] for k in normal.keys() if k != "/Off")
        page = page_of.get(getattr(ref, "idnum", -1), 0)
        widgets.append(Widget(_idnum(ref, name), page, rect, on))  # type: ignore[arg-type]
    options: tuple[str, ...] = ()
    opt = _inherited(node, "/Opt")
    if opt is not None:
        options = tuple(str(o[1] if isinstance(o, (list, ArrayObject)) else o) for o in opt.get_object())
    tooltip = node.get("/TU")
    return PdfField(_idnum(field_ref, name), name, kind, flags, int(max_len) if max_len is not None else None, font, size,
                    str(tooltip) if tooltip is not None else None, tuple(widgets), options)


class TemplateStore:
    """Parsed, cleaned templates by file, read once per process (thread-safe)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, float, int], Template] = {}
        self._lock = threading.Lock()

    def get(self, path: Path) -> Template:
        p = Path(path)
        try:
            st = p.stat()
        except OSError as exc:
            raise TemplateError(f"{path}: cannot read the file ({exc.strerror})") from None
        key = (str(p.resolve()), st.st_mtime, st.st_size)
        with self._lock:
            found = self._cache.get(key)
        if found is None:
            found = load_template(p)
            with self._lock:
                self._cache[key] = found
        return found
