"""Filing instructions: the plain-language sheet on top of the packet.

Everything legal on it comes from the engine's answer for this person (court, fee, forms,
evidence, temporary order, hearing, duration: each cited in the rules); the fixed wording only
frames it. Facts the rules could not confirm are listed under "check these with the court clerk".
"""

from __future__ import annotations

from typing import Sequence

from reportlab.platypus import KeepTogether

from .base import render, spacer
from .context import DocContext
from .words import steps


def _money(amount: float) -> str:
    return f"${amount:,.2f}".replace(".00", "")


def instructions_pdf(ctx: DocContext, form_lines: Sequence[str], with_letter: bool) -> bytes:
    s = ctx.styles
    opt, case = ctx.option, ctx.case
    story: list = [s.p(ctx.say("instr_title"), s.title), s.p(ctx.say("instr_intro"), s.small)]
    if ctx.lang == "es":
        story.append(s.p(ctx.say("rules_english") + " " + ctx.say("court_english"), s.small))
    story.append(s.p(ctx.say("danger"), s.box))
    hotlines = [r for r in ctx.assessment.safety.resources if r.phone or r.text]
    if hotlines:
        story.append(s.p(ctx.say("help_now"), s.h2))
        story += s.bullets(f"{r.name}: {' · '.join(x for x in (r.phone, r.text) if x)}" for r in hotlines)

    story += [s.p(ctx.say("order"), s.h2), s.p(opt.name, bold=True), s.p(opt.summary), s.p(f"{ctx.say('law')}: {opt.statute}", s.small)]
    if opt.eligible is True:
        story.append(s.p(ctx.say("eligible_yes")))
    elif opt.eligible is None:
        story.append(s.p(ctx.say("eligible_maybe")))
        story += s.bullets(r.text for r in opt.reasons if r.met is None)
    else:
        story.append(s.p(ctx.say("eligible_no")))
        story += s.bullets([r.text for r in opt.reasons if r.met is False] + ([opt.alternative] if opt.alternative else []))
    if opt.confirm_with_clerk:
        story.append(s.p(ctx.say("confirm"), s.h2))
        story += s.bullets(f"{c.about}: {c.note}" for c in opt.confirm_with_clerk)

    story.append(s.p(ctx.say("where"), s.h2))
    for court in opt.courts:
        extra = " ".join(x for x in (court.division, court.note, ctx.say("depends") if court.depends else None) if x)
        story += s.bullets([f"{court.name}{(' — ' + extra) if extra else ''}" + (f" ({court.url})" if court.url else "")])

    story.append(s.p(ctx.say("cost"), s.h2))
    fee = opt.fee
    if fee is None or (fee.amount_usd is None and not fee.options):
        story.append(s.p(ctx.say("fee_unknown")))
    elif fee.amount_usd is not None:
        head = ctx.say("free") if fee.amount_usd == 0 else _money(fee.amount_usd)
        story.append(s.p(f"{head} — {fee.why}"))
    else:
        story += s.bullets(f"{ctx.say('free') if o.amount_usd == 0 else _money(o.amount_usd) if o.amount_usd is not None else '?'} — {o.why}" for o in fee.options)
    if fee is not None and fee.waiver_form and fee.amount_usd != 0:
        story.append(s.p(f"{ctx.say('fee_waiver')} {fee.waiver_form}.", s.small))

    story += [s.p(ctx.say("forms"), s.h2)] + s.bullets(form_lines)
    story += [s.p(ctx.say("before"), s.h2)] + s.bullets(steps(ctx.lang, "before_steps"), "☐")
    if case.petitioner.needs_interpreter:
        story.append(s.p(ctx.say("interpreter", language=case.petitioner.language or "?")))
    if opt.evidence:
        story.append(s.p(ctx.say("evidence"), s.h2))
        story += s.bullets((f"{ctx.label('evidence_kind', e.kind)}"
                            f"{' (' + ctx.say('required') + ')' if e.level.value == 'required' else ''}: {e.why}" for e in opt.evidence), "☐")

    story.append(s.p(ctx.say("next"), s.h2))
    t = opt.temporary_order
    if t is not None and t.available:
        bits = [x for x in (t.decided, t.lasts) if x]
        story += s.bullets([f"{ctx.say('temporary')}: " + " ".join(bits)] if bits else [ctx.say("temporary")])
        if t.hearing_within_days is not None:
            story += s.bullets([ctx.say("hearing_within", days=t.hearing_within_days)])
        if t.hearing:
            story += s.bullets([t.hearing])
    story += s.bullets([ctx.say("service")])
    f = opt.final_order
    if f is not None:
        story += s.bullets([f"{ctx.say('final')}: {f.duration}" + (f" {ctx.say('renewable')}" if f.renewable else "")
                            + (f" {f.renewal}" if f.renewal else "")])
    story += [s.p(ctx.say("hearing"), s.h2)] + s.bullets(steps(ctx.lang, "hearing_steps"))
    safety = [s.p(ctx.say("safety"), s.h2)] + s.bullets(steps(ctx.lang, "safety_steps"))
    if ctx.assessment.safety.firearms and case.respondent_has_firearms:
        safety += s.bullets([ctx.assessment.safety.firearms])
    if with_letter:
        safety.append(s.p(ctx.say("letter_note"), s.box))
    story.append(KeepTogether(safety))
    story += [spacer(6), s.p(ctx.assessment.safety.emergency, s.small)]
    return render(story, ctx.say("footer"), ctx.fonts)
