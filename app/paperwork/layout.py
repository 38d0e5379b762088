"""Fitting a value into a form box: wrap it with the box's font metrics, shrink a little if that
is enough, and otherwise say it does not fit (the filler then moves it to an attachment).

pypdf draws multiline values on one line and viewers clip what does not fit while keeping it as
hidden text (../shared/notes/pdf-and-browser-toolchain.md), so the decision is made here, in
code, from the widget's rectangle and font: nothing is ever clipped or lost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Optional

from reportlab.pdfbase import pdfmetrics

Measure = Callable[[str, float], float]

PAD_X = 2.0
PAD_Y = 1.5
LEADING = 1.16
MIN_SIZE = 6.0


def standard_font(da_font: str) -> str:
    """The standard-14 font whose metrics match a form's /DA font (Times New Roman -> Times)."""
    name = da_font.lower()
    bold = "bold" in name or name.endswith(",b")
    if "times" in name or "serif" in name and "sans" not in name:
        return "Times-Bold" if bold else "Times-Roman"
    if "cour" in name or "mono" in name:
        return "Courier-Bold" if bold else "Courier"
    return "Helvetica-Bold" if bold else "Helvetica"


def winansi(text: str) -> bool:
    """True when the standard fonts (WinAnsi encoding) can print every character."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def standard_measure(font: str) -> Measure:
    return lambda s, size: pdfmetrics.stringWidth(s, font, size)


def wrap(text: str, width: float, size: float, measure: Measure) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between characters (CJK text has no spaces)."""
    lines: list[str] = []
    space = measure(" ", size)
    for para in text.split("\n"):
        line, line_w = "", 0.0
        for word in para.split(" "):
            w = measure(word, size)
            if line and line_w + space + w <= width:
                line, line_w = f"{line} {word}", line_w + space + w
                continue
            if line or not word:
                if line:
                    lines.append(line)
                line, line_w = "", 0.0
            if w <= width:
                line, line_w = word, w
                continue
            for ch in word:  # break an over-long word
                cw = measure(ch, size)
                if line and line_w + cw > width:
                    lines.append(line)
                    line, line_w = "", 0.0
                line, line_w = line + ch, line_w + cw
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Fit:
    lines: tuple[str, ...]
    size: float
    fits: bool


def fit(text: str, width: float, height: float, da_size: float, multiline: bool,
        measure: Measure, max_len: Optional[int] = None) -> Fit:
    """Lay out `text` in a box; `fits` is False when it cannot be shown whole at a legible size."""
    if max_len is not None and len(text) > max_len:
        return Fit((), da_size or 10.0, False)
    inner_w = max(width - 2 * PAD_X, 1.0)
    inner_h = max(height - 2 * PAD_Y, 1.0)
    for size in _sizes(da_size, height, multiline):
        if multiline:
            lines = wrap(text, inner_w, size, measure)
            capacity = max(1, math.floor((inner_h + (LEADING - 1) * size) / (size * LEADING)))
            if len(lines) <= capacity:
                return Fit(tuple(lines), size, True)
        elif "\n" not in text and measure(text, size) <= inner_w:
            return Fit((text,), size, True)
    return Fit((), _sizes(da_size, height, multiline)[0], False)


def _sizes(da_size: float, height: float, multiline: bool) -> list[float]:
    """Font sizes to try, largest first: the form's own size, then a little smaller, never below 6 pt."""
    if da_size and da_size > 0:
        start = da_size
    else:  # auto size (0 Tf): what fits the box's height, capped at 12 pt (10 pt for multiline boxes)
        start = 10.0 if multiline else min(12.0, max(MIN_SIZE, (height - 2 * PAD_Y) / LEADING))
    start = min(start, max(MIN_SIZE, (height - 2 * PAD_Y) / 1.0)) if not multiline else start
    out = []
    size = start
    while size >= MIN_SIZE - 1e-6 and size >= start * 0.7 - 1e-6:
        out.append(round(size, 2))
        size -= 0.5
    return out or [MIN_SIZE]
