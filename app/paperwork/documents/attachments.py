"""Continuation pages ("Attachment N"), like California's MC-025: the whole text of a box that
did not fit, headed with the form and item it continues and the case caption."""

from __future__ import annotations

from typing import Sequence

from reportlab.platypus import PageBreak

from ..fill import Continuation
from .base import render, spacer
from .context import DocContext


def attachments_pdf(ctx: DocContext, items: Sequence[Continuation]) -> bytes:
    s = ctx.styles
    story: list = []
    for i, item in enumerate(items):
        if i:
            story.append(PageBreak())
        story.append(s.p(ctx.say("att_title", n=item.number), s.title))
        story.append(s.p(ctx.say("att_continues", where=item.item), s.h2))
        story.extend(s.p(line, s.small) for line in ctx.caption)
        story.append(spacer(10))
        for para in item.text.split("\n"):
            story.append(s.p(para or " "))
    return render(story, ctx.say("footer"), ctx.fonts)
