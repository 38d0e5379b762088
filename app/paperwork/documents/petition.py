"""A petition Aegis writes when the court's own form is not installed (or not mapped yet).

It follows the state's rules for the chosen order: titled with the order's name and statute,
it lists the parties, the relationship, the people to protect, what happened (pointing to the
declaration), the relief asked for and other cases. A notice at the top names the official
form and where to get it, because many courts accept only their own form.
"""

from __future__ import annotations

from typing import Optional

from reportlab.lib.units import inch

from ..case import Address
from .base import render, spacer
from .context import DocContext


def _address(ctx: DocContext, address: Optional[Address], confidential: bool = False) -> str:
    if confidential:
        return ctx.say("confidential")
    return address.one_line if address and address.one_line else ctx.say("not_given")


def _rows(ctx: DocContext, pairs: list[tuple[str, Optional[str]]]) -> list[list[str]]:
    return [[label, value] for label, value in pairs if value]


def relief_lines(ctx: DocContext) -> list[str]:
    r = ctx.case.relief
    out = []
    if r.no_contact:
        out.append(ctx.say("relief_no_contact"))
    if r.stay_away:
        out.append(ctx.say("relief_stay_away", yards=r.stay_away_distance_yards) if r.stay_away_distance_yards else ctx.say("relief_stay_away_plain"))
    if r.move_out:
        out.append(ctx.say("relief_move_out"))
    if r.firearms_surrender:
        out.append(ctx.say("relief_firearms"))
    if r.temporary_custody:
        out.append(ctx.say("relief_custody"))
    if r.visitation:
        out.append(ctx.say("relief_visitation", terms=r.visitation))
    if r.pets:
        out.append(ctx.say("relief_pets", pets=", ".join(r.pets)))
    if r.property:
        out.append(ctx.say("relief_property", what=r.property))
    if r.other:
        out.append(ctx.say("relief_other", what=r.other))
    return out


def petition_pdf(ctx: DocContext, official_number: Optional[str], official_title: Optional[str], official_url: Optional[str]) -> bytes:
    s = ctx.styles
    case, opt = ctx.case, ctx.option
    p, r = case.petitioner, case.respondent
    story: list = [s.p(ctx.say("pet_title", order=opt.name), s.title), s.p(ctx.say("pet_under", statute=opt.statute), s.small)]
    if official_number:
        notice = ctx.say("pet_notice", number=official_number, title=official_title or "")
        story.append(s.p(notice + (f" {official_url}" if official_url else ""), s.box))
    story += [s.p(line, s.small) for line in ctx.caption]
    widths = [1.8 * inch, 4.9 * inch]
    d = r.description
    looks = ", ".join(x for x in (d.sex, d.race, d.height, d.weight, d.hair, d.eyes, d.marks) if x)
    story += [s.p(ctx.say("petitioner"), s.h2), s.table(_rows(ctx, [
        (ctx.say("name"), p.name), (ctx.say("other_names"), ", ".join(p.other_names)),
        (ctx.say("born"), p.date_of_birth.strftime("%m/%d/%Y") if p.date_of_birth else None),
        (ctx.say("address"), _address(ctx, p.contact_address, p.keep_address_confidential and p.mailing_address is None)),
        (ctx.say("phone"), p.phone), (ctx.say("email"), p.email),
        (ctx.say("language"), p.language if p.needs_interpreter or p.language else None),
    ]), widths, header=False)]
    story += [s.p(ctx.say("respondent"), s.h2), s.table(_rows(ctx, [
        (ctx.say("name"), r.name), (ctx.say("other_names"), ", ".join(r.other_names)),
        (ctx.say("born"), r.date_of_birth.strftime("%m/%d/%Y") if r.date_of_birth else None),
        (ctx.say("age"), str(case.respondent_age) if case.respondent_age is not None else None),
        (ctx.say("looks"), looks), (ctx.say("address"), _address(ctx, r.address)),
        (ctx.say("employer"), " — ".join(x for x in (r.employer, r.employer_address.one_line if r.employer_address else None) if x)),
        (ctx.say("vehicle"), r.vehicle),
        (ctx.say("firearms"), r.firearms or ({True: ctx.say("yes"), False: ctx.say("no")}.get(r.has_firearms) if r.has_firearms is not None else None)),
    ]), widths, header=False)]
    rel = [ctx.relationship_words or ctx.say("not_given")]
    if case.lived_together:
        rel.append(ctx.say("lived_together"))
    story += [s.p(ctx.say("relationship"), s.h2), s.p(". ".join(rel) + ".")]
    if case.protected_people:
        story.append(s.p(ctx.say("protected"), s.h2))
        story += s.bullets(f"{x.name} — {x.relationship}" + (f", {ctx.say('age')} {x.age}" if x.age is not None else "")
                           + (f", {x.date_of_birth.strftime('%m/%d/%Y')}" if x.date_of_birth else "") for x in case.protected_people)
    story += [s.p(ctx.say("incidents"), s.h2), s.p(ctx.say("incidents_see"))]
    story += s.bullets(f"{ctx.when(i)}: {_first_sentence(i.what_happened)}" for i in case.incidents_by_date)
    story += [s.p(ctx.say("relief"), s.h2)] + s.bullets(relief_lines(ctx), "☐")
    story.append(s.p(ctx.say("existing"), s.h2))
    if case.existing_cases:
        story += s.bullets(" — ".join(x for x in (e.kind, e.court, e.case_number, e.filed_on.strftime("%m/%d/%Y") if e.filed_on else None, e.status) if x)
                           for e in case.existing_cases)
    else:
        story.append(s.p(ctx.say("none")))
    story += [spacer(28), s.p("_______________________________        _______________"),
              s.p(f"{ctx.say('signature')}                                                   {ctx.say('date')}", s.small),
              s.p(p.name, s.small), spacer(6), s.p(ctx.say("decl_sign_note"), s.small)]
    return render(story, ctx.say("footer"), ctx.fonts)


def _first_sentence(text: str, limit: int = 240) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1].rsplit(" ", 1)[0] + "…"
