"""Embedded fonts for everything Aegis draws itself: generated documents and the overlay that
prints form values outside Latin-1 (a Chinese name, Vietnamese diacritics, an emoji).

Court forms' own fonts are the 14 standard PDF fonts with WinAnsi encoding: a value they cannot
encode would print as `?`. Text Aegis draws uses DejaVu Sans (Latin, Greek, Cyrillic, Hebrew,
Arabic letters, monochrome emoticons) and falls back per character to Droid Sans Fallback (CJK).
Both come from Debian (fonts-dejavu-core, fonts-droid-fallback); when they are missing, the Vera
fonts bundled with reportlab keep Latin text working and the missing glyphs show as boxes, never
as silently dropped text.

Right-to-left scripts are drawn in logical order (reportlab does no bidi shaping): legible letter
by letter, not typeset. A known limit, said in the README.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

import reportlab

DEFAULT_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/droid"),
    Path("/usr/share/fonts/truetype/noto"),
    Path(reportlab.__file__).parent / "fonts",
)

REGULAR = "AegisSans"
BOLD = "AegisSans-Bold"
FALLBACK = "AegisFallback"

_CANDIDATES = {
    REGULAR: ("DejaVuSans.ttf", "Vera.ttf"),
    BOLD: ("DejaVuSans-Bold.ttf", "VeraBd.ttf"),
    FALLBACK: ("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf"),
}

_lock = threading.Lock()


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    fallbacks: tuple[str, ...]
    files: dict

    def runs(self, text: str, bold: bool = False) -> list[tuple[str, str]]:
        """Split text into (font, piece) runs so each character is drawn by a font that has it."""
        first = self.bold if bold else self.regular
        glyphs = _glyphs(first)
        if all(ord(ch) in glyphs or _ignorable(ch) for ch in set(text)):
            return [(first, text)] if text else []  # the common case: one font draws it all
        order = (first,) + self.fallbacks
        out: list[tuple[str, str]] = []
        for ch in text:
            font = first
            if not _ignorable(ch) and ord(ch) not in _glyphs(first):
                font = next((f for f in order if ord(ch) in _glyphs(f)), first)
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in self.runs(text, bold))


def _ignorable(ch: str) -> bool:
    return ch in " \n\t" or unicodedata.category(ch) in ("Zs", "Cc", "Cf")


_glyph_cache: dict[str, frozenset[int]] = {}


def _glyphs(font: str) -> frozenset[int]:
    found = _glyph_cache.get(font)
    if found is None:
        face = pdfmetrics.getFont(font).face
        found = frozenset(getattr(face, "charToGlyph", {}).keys())
        _glyph_cache[font] = found
    return found


_registered: dict[tuple[str, ...], FontSet] = {}


def font_set(dirs: Optional[Iterable[Path]] = None) -> FontSet:
    """Register the fonts once per process and return the set (thread-safe)."""
    search = tuple(str(d) for d in (dirs or DEFAULT_FONT_DIRS))
    with _lock:
        if search in _registered:
            return _registered[search]
        files = {}
        for name, candidates in _CANDIDATES.items():
            path = _find(candidates, search)
            if path is None:
                continue
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(path)))
            files[name] = str(path)
        if REGULAR not in files:
            raise RuntimeError("no TrueType font found (install fonts-dejavu-core)")  # reportlab's Vera is always there
        fallbacks = tuple(n for n in (FALLBACK,) if n in files)
        fs = FontSet(REGULAR, BOLD if BOLD in files else REGULAR, fallbacks, files)
        _registered[search] = fs
        return fs


def _find(names: tuple[str, ...], dirs: tuple[str, ...]) -> Optional[Path]:
    for name in names:
        for d in dirs:
            p = Path(d) / name
            if p.is_file() and os.access(p, os.R_OK):
                return p
    return None
