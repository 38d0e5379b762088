"""What every generated document shares: embedded fonts, plain styles, a neutral footer.

Text is escaped for reportlab's paragraph markup and every character a font lacks is wrapped in
the fallback font (CJK), so any name or story prints. PDF metadata stays neutral: the title says
"Document", never "Restraining order", because file names and titles show up in recent-file lists.
"""

from __future__ import annotations

import io
from typing import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..fonts import FontSet


class Styles:
    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        base = dict(fontName=fonts.regular, leading=14, fontSize=10.5, alignment=TA_LEFT, splitLongWords=1)
        self.body = ParagraphStyle("body", spaceAfter=5, **base)
        self.small = ParagraphStyle("small", **{**base, "fontSize": 8.5, "leading": 11})
        self.title = ParagraphStyle("title", **{**base, "fontName": fonts.bold, "fontSize": 15, "leading": 19, "spaceAfter": 6})
        self.h2 = ParagraphStyle("h2", **{**base, "fontName": fonts.bold, "fontSize": 12, "leading": 15, "spaceBefore": 8, "spaceAfter": 4})
        self.numbered = ParagraphStyle("numbered", leftIndent=22, firstLineIndent=-22, spaceAfter=6, **base)
        self.bullet = ParagraphStyle("bullet", leftIndent=14, firstLineIndent=-10, spaceAfter=3, **base)
        self.box = ParagraphStyle("box", **{**base, "fontName": fonts.bold, "backColor": colors.HexColor("#fff4d6"),
                                            "borderColor": colors.HexColor("#b07d00"), "borderWidth": 0.8, "borderPadding": 6,
                                            "spaceBefore": 6, "spaceAfter": 12})

    def markup(self, text: str, bold: bool = False) -> str:
        """Escape text for a Paragraph; characters the main font lacks switch to the fallback font."""
        out = []
        for font, piece in self.fonts.runs(text, bold=bold):
            piece = escape(piece).replace("\n", "<br/>")
            out.append(piece if font in (self.fonts.regular, self.fonts.bold) else f'<font name="{font}">{piece}</font>')
        return "".join(out)

    def p(self, text: str, style: ParagraphStyle | None = None, bold: bool = False) -> Paragraph:
        inner = self.markup(text, bold)
        return Paragraph(f"<b>{inner}</b>" if bold else inner, style or self.body)

    def bullets(self, items: Iterable[str], mark: str = "•") -> list[Paragraph]:
        return [Paragraph(f"{mark}&nbsp;&nbsp;{self.markup(i)}", self.bullet) for i in items]

    def table(self, rows: Sequence[Sequence[str]], widths: Sequence[float], header: bool = True) -> Table:
        data = [[self.p(c, self.small, bold=header and r == 0) for c in row] for r, row in enumerate(rows)]
        t = Table(data, colWidths=list(widths), repeatRows=1 if header else 0)
        t.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee") if header else colors.white),
        ]))
        return t


def render(story: list[Flowable], footer: str, fonts: FontSet) -> bytes:
    """Lay out a story on US Letter pages with a footer and page numbers."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=LETTER, leftMargin=0.9 * inch, rightMargin=0.9 * inch,
                            topMargin=0.8 * inch, bottomMargin=0.8 * inch, title="Document", author="", subject="",
                            creator="", producer="")

    def on_page(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 8)
        x = 0.9 * inch
        text = footer
        for font, piece in fonts.runs(f"{text}   ·   {document.page}"):
            canvas.setFont(font, 8)
            canvas.drawString(x, 0.5 * inch, piece)
            x += canvas.stringWidth(piece, font, 8)
        canvas.restoreState()

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def spacer(points: float = 8) -> Spacer:
    return Spacer(1, points)


__all__ = ["Styles", "render", "spacer", "KeepTogether"]
