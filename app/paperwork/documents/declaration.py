"""The declaration: what happened, oldest first, in numbered paragraphs, each incident pointing to
its exhibits, and an exhibit index (Exhibit A, B, …) the person labels their copies with.

Judges read these quickly: one incident per paragraph, the date first, then place, what
happened, injuries, weapons, police, medical care, witnesses.
"""

from __future__ import annotations

from reportlab.lib.units import inch

from .base import render, spacer
from .context import DocContext


def incident_paragraphs(ctx: DocContext) -> list[str]:
    case = ctx.case
    letters = {id(item): letter for letter, _, item in case.exhibits}
    out = []
    rel = ctx.relationship_words
    out.append(ctx.say("decl_parties", respondent=case.respondent.name,
                       relationship=ctx.say("decl_relationship", words=rel) if rel else "").strip())
    for incident in case.incidents_by_date:
        parts = [ctx.say("decl_on", when=ctx.when(incident)) if incident.date else ctx.say("decl_around", when=incident.approximate_date)]
        if incident.place:
            parts[0] += " " + ctx.say("decl_at", place=incident.place)
        sentences = [parts[0] + ": " + incident.what_happened.strip()]
        if incident.injuries:
            sentences.append(f"{ctx.say('injuries')}: {incident.injuries}")
        if incident.weapons:
            sentences.append(f"{ctx.say('weapons')}: {incident.weapons}")
        if incident.police_called is not None:
            police = ctx.say("police_called" if incident.police_called else "police_not_called")
            if incident.police_report_number:
                police += f" {ctx.say('report_number')}: {incident.police_report_number}."
            sentences.append(police)
        if incident.medical_care:
            sentences.append(f"{ctx.say('medical')}: {incident.medical_care}")
        if incident.witnesses:
            sentences.append(f"{ctx.say('witnesses')}: {', '.join(incident.witnesses)}")
        for item in incident.evidence:
            sentences.append(ctx.say("see_exhibit", letter=letters[id(item)], description=item.description.rstrip('.')))
        out.append("\n".join(sentences))
    return out


def declaration_pdf(ctx: DocContext) -> bytes:
    s = ctx.styles
    case = ctx.case
    story: list = [s.p(ctx.say("decl_title"), s.title)]
    story += [s.p(line, s.small) for line in ctx.caption]
    story += [spacer(10), s.p(ctx.say("decl_intro", name=case.petitioner.name))]
    paragraphs = incident_paragraphs(ctx)
    if not case.incidents:
        paragraphs.append(ctx.say("no_incidents"))
    for n, text in enumerate(paragraphs, start=1):
        first, *rest = text.split("\n")
        story.append(s.p(f"{n}.\u00a0\u00a0{first}", s.numbered))
        story += [s.p(line, s.numbered) for line in rest]
    story += [spacer(8), s.p(ctx.say("decl_close")), spacer(26),
              s.p("_______________________________        _______________"),
              s.p(f"{ctx.say('signature')}                                                   {ctx.say('date')}", s.small),
              s.p(case.petitioner.name, s.small), spacer(6), s.p(ctx.say("decl_sign_note"), s.small)]
    story += [spacer(14), s.p(ctx.say("exhibits"), s.h2)]
    if case.exhibits:
        rows = [[ctx.say("exhibit"), ctx.say("description"), ctx.say("kind"), ctx.say("incident")]]
        for letter, incident, item in case.exhibits:
            rows.append([letter, item.description, ctx.label("evidence_kind", item.kind), ctx.when(incident)])
        story.append(s.table(rows, [0.8 * inch, 3.4 * inch, 1.5 * inch, 1.0 * inch]))
    else:
        story.append(s.p(ctx.say("no_exhibits")))
    return render(story, ctx.say("footer"), ctx.fonts)
