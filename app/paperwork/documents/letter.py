"""The cease-contact letter: the first step an advocate suggests, telling the person in writing
to leave you alone. It never carries the sender's address (it could lead them to you), and it is
only produced when asked for, after the warning that it can escalate things."""

from __future__ import annotations

from datetime import date

from .base import render, spacer
from .context import DocContext
from .words import steps


def letter_pdf(ctx: DocContext, on: date) -> bytes:
    s = ctx.styles
    story = [s.p(on.strftime("%m/%d/%Y")), spacer(12), s.p(ctx.say("letter_to", name=ctx.case.respondent.name)), spacer(12)]
    story += [s.p(line) for line in steps(ctx.lang, "letter_body")]
    story += [spacer(24), s.p(ctx.case.petitioner.name), spacer(30), s.p("_______________________________"), s.p(ctx.say("signature"), s.small)]
    return render(story, " ", ctx.fonts)
