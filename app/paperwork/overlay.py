"""Printing what the form's own fonts cannot: an overlay drawn with embedded fonts, and flattening.

A value outside WinAnsi (王小明, Nguyễn, 😀) keeps its exact /V in the field but an empty
appearance; the text is drawn onto the page with DejaVu Sans and Droid Sans Fallback, embedded
(subset) by reportlab, so it prints and stays extractable. Flattening (print-ready, values
permanent) uses qpdf through pikepdf: pypdf's flatten loses radio selections
(../shared/notes/pdf-and-browser-toolchain.md, trap 3).
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Iterable

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from .fill import OverlayText
from .fonts import FontSet
from .layout import LEADING, PAD_X, PAD_Y


def draw_overlays(data: bytes, overlays: Iterable[OverlayText], fonts: FontSet) -> bytes:
    """Stamp overlay text onto the pages of a filled form."""
    by_page: dict[int, list[OverlayText]] = defaultdict(list)
    for item in overlays:
        by_page[item.page].append(item)
    if not by_page:
        return data
    pdf = pikepdf.open(io.BytesIO(data))
    buf = io.BytesIO()
    canvas = Canvas(buf)
    order = sorted(by_page)
    for index in order:
        box = pdf.pages[index].mediabox
        canvas.setPageSize((float(box[2]) - float(box[0]), float(box[3]) - float(box[1])))
        canvas.translate(-float(box[0]), -float(box[1]))
        for item in by_page[index]:
            _draw(canvas, item, fonts)
        canvas.showPage()
    canvas.save()
    stamps = pikepdf.open(io.BytesIO(buf.getvalue()))
    for stamp_page, index in zip(stamps.pages, order):
        pdf.pages[index].add_overlay(stamp_page)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _draw(canvas: Canvas, item: OverlayText, fonts: FontSet) -> None:
    x0, y0, x1, y1 = item.rect
    left, bottom, width, height = min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)
    size, lead = item.size, item.size * LEADING
    if len(item.lines) == 1 and height < 2.2 * lead:
        y = bottom + (height - size) / 2 + size * 0.22
    else:
        y = bottom + height - PAD_Y - size * 0.9
    for line in item.lines:
        line_w = fonts.width(line, size)
        x = left + (PAD_X if item.quadding == 0 else (width - line_w) / 2 if item.quadding == 1 else width - PAD_X - line_w)
        for font, piece in fonts.runs(line):
            canvas.setFont(font, size)
            canvas.drawString(x, y, piece)
            x += canvas.stringWidth(piece, font, size)
        y -= lead


def flatten(data: bytes) -> bytes:
    """Print-ready: every field's appearance merged into its page, the fields removed."""
    pdf = pikepdf.open(io.BytesIO(data))
    pdf.flatten_annotations(mode="all")
    for page in pdf.pages:  # widgets left without an appearance (empty boxes) go too
        annots = page.obj.get("/Annots")
        if annots is not None:
            kept = [a for a in annots if a.get("/Subtype") != "/Widget"]
            if kept:
                page.obj.Annots = pikepdf.Array(kept)
            else:
                del page.obj["/Annots"]
    if "/AcroForm" in pdf.Root:
        del pdf.Root["/AcroForm"]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
