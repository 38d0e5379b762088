"""One PDF from the packet's documents, without rewriting the court form.

A filled court form is already its cleaned template plus an incremental update (`fill.py`). The
merged packet appends one more update to the largest filled form: the other documents' objects
(renumbered), a new page tree with the form's own tree as one branch, the other forms' fields
under the form's /AcroForm (each form's fields wrapped in a parent named `f2`, `f3`… so the same
field name in two forms never becomes one field), and a bookmark per document. Only the small
documents are serialized; the 2.7 MB court form is copied as bytes. Rewriting the whole file
with qpdf cost about 100 ms per packet (bench/paperwork.py); this costs a few.

Sources are read through `ObjectSource`: a filled form reads its objects from the template
parsed at start-up plus the fill's changes (nothing is parsed again); a generated document is
parsed from its bytes (they are small).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject, DictionaryObject, IndirectObject, NameObject, NullObject, NumberObject, StreamObject,
    TextStringObject,
)


@dataclass
class ObjectSource:
    """A PDF as objects: how to read one by number, its catalog, pages and where its xref ends."""

    data: bytes
    get: Callable[[int], Any]
    root_id: int
    page_ids: list[int]
    size: int
    startxref: int
    info_id: Optional[int] = None
    id_array: Any = None

    @property
    def root(self) -> DictionaryObject:
        return self.get(self.root_id)

    @property
    def acroform(self) -> Optional[DictionaryObject]:
        form = self.root.get("/AcroForm")
        if form is None:
            return None
        return self.get(form.idnum) if isinstance(form, IndirectObject) else form


def source_from_bytes(data: bytes) -> ObjectSource:
    reader = PdfReader(io.BytesIO(data))
    trailer = reader.trailer
    info = trailer.raw_get("/Info") if "/Info" in trailer else None
    return ObjectSource(
        data=data, get=lambda n: reader.get_object(n), root_id=trailer.raw_get("/Root").idnum,
        page_ids=[p.indirect_reference.idnum for p in reader.pages], size=int(trailer["/Size"]),
        startxref=_startxref(data), info_id=info.idnum if isinstance(info, IndirectObject) else None,
        id_array=trailer.get("/ID"),
    )


def _startxref(data: bytes) -> int:
    tail = data[-1024:]
    return int(tail[tail.rindex(b"startxref") + 9:].split()[0])


@dataclass
class _Out:
    """The update being written on top of the base document."""

    base: ObjectSource
    next_id: int
    objects: dict[int, Any] = field(default_factory=dict)

    def add(self, obj: Any) -> IndirectObject:
        ref = IndirectObject(self.next_id, 0, None)
        self.objects[self.next_id] = obj
        self.next_id += 1
        return ref

    def reserve(self) -> int:
        self.next_id += 1
        return self.next_id - 1


def merge(parts: list[tuple[str, ObjectSource]]) -> bytes:
    """Documents in order, each with its bookmark title, as one PDF."""
    forms = [i for i, (_, src) in enumerate(parts) if src.acroform is not None]
    base_index = max(forms, key=lambda i: len(parts[i][1].data)) if forms else max(range(len(parts)), key=lambda i: len(parts[i][1].data))
    base = parts[base_index][1]
    out = _Out(base, base.size)
    old_pages_root = base.root.raw_get("/Pages").idnum
    new_pages_root = out.reserve()
    kids, firsts = ArrayObject(), []
    wrappers = ArrayObject()
    for index, (_, src) in enumerate(parts):
        if index == base_index:
            firsts.append(base.page_ids[0])
            kids.append(IndirectObject(old_pages_root, 0, None))
            continue
        remap = _copy_pages(src, out, new_pages_root)
        firsts.append(remap[src.page_ids[0]])
        kids.extend(IndirectObject(remap[p], 0, None) for p in src.page_ids)
        form = src.acroform
        if form is not None and form.get("/Fields"):
            wrappers.append(_wrap_fields(src, form, remap, out, f"f{index + 1}"))
    old_root_node = DictionaryObject(base.get(old_pages_root))
    old_root_node[NameObject("/Parent")] = IndirectObject(new_pages_root, 0, None)
    out.objects[old_pages_root] = old_root_node
    out.objects[new_pages_root] = DictionaryObject({
        NameObject("/Type"): NameObject("/Pages"), NameObject("/Kids"): kids,
        NameObject("/Count"): NumberObject(sum(len(src.page_ids) for _, src in parts)),
    })
    catalog = DictionaryObject(base.root)
    catalog[NameObject("/Pages")] = IndirectObject(new_pages_root, 0, None)
    catalog[NameObject("/Outlines")] = _outline(out, [(title, first) for (title, _), first in zip(parts, firsts)])
    catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    if wrappers:
        _extend_acroform(out, base, catalog, wrappers, [src for i, (_, src) in enumerate(parts) if i != base_index])
    out.objects[base.root_id] = catalog
    info = DictionaryObject(base.get(base.info_id)) if base.info_id else DictionaryObject()
    info[NameObject("/Title")] = TextStringObject("Document")
    info_id = base.info_id or out.reserve()
    out.objects[info_id] = info
    return _write(base, out, info_id)


def _copy_pages(src: ObjectSource, out: _Out, parent: int) -> dict[int, int]:
    """Copy every object the pages reach (not their old page tree), renumbered."""
    remap: dict[int, int] = {}
    todo = list(src.page_ids)
    pages = set(src.page_ids)
    skip = {src.root_id}
    while todo:
        n = todo.pop()
        if n in remap or n in skip:
            continue
        obj = src.get(n)
        if isinstance(obj, DictionaryObject) and obj.get("/Type") in ("/Pages", "/Catalog"):
            skip.add(n)
            continue
        remap[n] = out.reserve()
        for ref in _refs(obj, drop_parent=n in pages):
            todo.append(ref)
    for old, new in remap.items():
        copied = _renumber(src.get(old), remap)
        if old in pages:
            copied[NameObject("/Parent")] = IndirectObject(parent, 0, None)
        out.objects[new] = copied
    return remap


def _refs(obj: Any, drop_parent: bool = False) -> list[int]:
    found: list[int] = []
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, IndirectObject):
            found.append(o.idnum)
        elif isinstance(o, DictionaryObject):
            stack.extend(v for k, v in o.items() if not (drop_parent and o is obj and k == "/Parent"))
        elif isinstance(o, ArrayObject):
            stack.extend(o)
    return found


def _renumber(obj: Any, remap: dict[int, int]) -> Any:
    if isinstance(obj, IndirectObject):
        return IndirectObject(remap[obj.idnum], 0, None) if obj.idnum in remap else NullObject()
    if isinstance(obj, StreamObject):
        new = obj.__class__.__new__(obj.__class__)
        dict.__init__(new)
        new.__dict__.update(obj.__dict__)
        new.indirect_reference = None
        for k, v in obj.items():
            if k != "/Length":
                new[k] = _renumber(v, remap)
        return new
    if isinstance(obj, DictionaryObject):
        return DictionaryObject({k: _renumber(v, remap) for k, v in obj.items()})
    if isinstance(obj, ArrayObject):
        return ArrayObject(_renumber(v, remap) for v in obj)
    return obj


def _wrap_fields(src: ObjectSource, form: DictionaryObject, remap: dict[int, int], out: _Out, name: str) -> IndirectObject:
    """Put a form's top-level fields under one new parent so names never clash across forms."""
    wrapper_id = out.reserve()
    kids = ArrayObject()
    for ref in form["/Fields"]:
        ref = ref if isinstance(ref, IndirectObject) else getattr(ref, "indirect_reference", None)
        if ref is None:
            continue
        if ref.idnum not in remap:  # a field with no widget on any page: copy it too
            remap.update({ref.idnum: out.reserve()})
            out.objects[remap[ref.idnum]] = _renumber(src.get(ref.idnum), remap)
        field_obj = out.objects[remap[ref.idnum]]
        field_obj[NameObject("/Parent")] = IndirectObject(wrapper_id, 0, None)
        kids.append(IndirectObject(remap[ref.idnum], 0, None))
    out.objects[wrapper_id] = DictionaryObject({NameObject("/T"): TextStringObject(name), NameObject("/Kids"): kids})
    return IndirectObject(wrapper_id, 0, None)


def _extend_acroform(out: _Out, base: ObjectSource, catalog: DictionaryObject, wrappers: ArrayObject, others: list[ObjectSource]) -> None:
    raw = catalog.raw_get("/AcroForm")
    form = DictionaryObject(base.acroform)
    form[NameObject("/Fields")] = ArrayObject(list(form.get("/Fields", ArrayObject())) + list(wrappers))
    if isinstance(raw, IndirectObject):
        out.objects[raw.idnum] = form
    else:
        catalog[NameObject("/AcroForm")] = form


def _outline(out: _Out, items: list[tuple[str, int]]) -> IndirectObject:
    outline_id = out.reserve()
    ids = [out.reserve() for _ in items]
    for i, ((title, page), item_id) in enumerate(zip(items, ids)):
        entry = DictionaryObject({
            NameObject("/Title"): TextStringObject(title), NameObject("/Parent"): IndirectObject(outline_id, 0, None),
            NameObject("/Dest"): ArrayObject([IndirectObject(page, 0, None), NameObject("/Fit")]),
        })
        if i:
            entry[NameObject("/Prev")] = IndirectObject(ids[i - 1], 0, None)
        if i < len(ids) - 1:
            entry[NameObject("/Next")] = IndirectObject(ids[i + 1], 0, None)
        out.objects[item_id] = entry
    out.objects[outline_id] = DictionaryObject({
        NameObject("/Type"): NameObject("/Outlines"), NameObject("/First"): IndirectObject(ids[0], 0, None),
        NameObject("/Last"): IndirectObject(ids[-1], 0, None), NameObject("/Count"): NumberObject(len(ids)),
    })
    return IndirectObject(outline_id, 0, None)


def _write(base: ObjectSource, out: _Out, info_id: int) -> bytes:
    trailer = DictionaryObject({
        NameObject("/Size"): NumberObject(out.next_id), NameObject("/Root"): IndirectObject(base.root_id, 0, None),
        NameObject("/Info"): IndirectObject(info_id, 0, None), NameObject("/Prev"): NumberObject(base.startxref),
    })
    if base.id_array is not None:
        trailer[NameObject("/ID")] = base.id_array
    return append_update(base.data, sorted(out.objects.items()), trailer)[0]


def append_update(base: bytes, objects: list[tuple[int, Any]], trailer: DictionaryObject) -> tuple[bytes, int]:
    """`base` plus an incremental update (PDF 32000 §7.5.6): the objects, a cross-reference
    section for them, and the trailer (which must carry /Prev). Returns the bytes and the new
    section's offset."""
    buf = io.BytesIO()
    buf.write(base)
    if not base.endswith(b"\n"):
        buf.write(b"\n")
    offsets: dict[int, int] = {}
    for idnum, obj in objects:
        offsets[idnum] = buf.tell()
        buf.write(f"{idnum} 0 obj\n".encode())
        obj.write_to_stream(buf)
        buf.write(b"\nendobj\n")
    xref = buf.tell()
    buf.write(b"xref\n0 1\n0000000000 65535 f \n")
    for idnum in sorted(offsets):
        buf.write(f"{idnum} 1\n{offsets[idnum]:010d} 00000 n \n".encode())
    buf.write(b"trailer\n")
    trailer.write_to_stream(buf)
    buf.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    return buf.getvalue(), xref
