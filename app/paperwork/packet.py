"""The packet: one download with everything the person needs to file.

Court papers (petition, declaration, attachments) are in English; what the person reads
(instructions, letter) is in their language. Order: the instruction sheet (read first, not filed), the official forms filled in (or a
generated petition where the official form is not installed), continuation pages, the
declaration with its exhibit index, and — only when asked for — the cease-contact letter.

Merging appends to the largest filled form rather than rewriting it (`merge.py`).
Nothing is written to disk; the caller streams the bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Optional

from app.engine.assessment import Option
from app.engine.errors import AegisError
from app.engine.evaluate import assess
from app.engine.loader import RuleBook
from app.engine.vocabulary import FormRole

from .case import Case
from .documents.attachments import attachments_pdf
from .documents.context import DocContext
from .documents.declaration import declaration_pdf
from .documents.instructions import instructions_pdf
from .documents.letter import letter_pdf
from .documents.petition import petition_pdf
from .fill import fill
from .fonts import FontSet
from .library import FormsLibrary, FormStatus
from .merge import ObjectSource, merge, source_from_bytes
from .overlay import draw_overlays, flatten as flatten_pdf


class PacketError(AegisError):
    """A case the packet cannot be made for (unknown order, nothing to ask for); says what to do."""


@dataclass(frozen=True)
class Document:
    file_name: str
    title: str
    data: bytes
    source: Optional[ObjectSource] = field(default=None, compare=False, repr=False)


@dataclass
class Packet:
    option: Option
    documents: list[Document] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def merged(self) -> bytes:
        """One PDF, a bookmark per document, form fields kept working (see `merge.py`)."""
        return merge([(doc.title, doc.source or source_from_bytes(doc.data)) for doc in self.documents])

    def zipped(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for doc in self.documents:
                z.writestr(doc.file_name, doc.data)
        return buf.getvalue()


def choose_option(case: Case, options: tuple[Option, ...]) -> Option:
    if case.order_type:
        for opt in options:
            if opt.id == case.order_type:
                return opt
        raise PacketError(f"order_type: '{case.order_type}' is not an order of {case.state}; use one of: {', '.join(o.id for o in options)}")
    for wanted in (True, None):
        for opt in options:
            if opt.eligible is wanted:
                return opt
    raise PacketError("order_type: from these answers no order fits; choose one with order_type, or call the hotline for help")


def build_packet(case: Case, book: RuleBook, library: FormsLibrary, fonts: FontSet, on: date,
                 flatten: bool = False, letter: bool = False) -> Packet:
    """Everything for one case. Pure apart from reading installed forms through the library's cache."""
    case = case.with_facts_from_details(on)
    assessment = assess(case, book, on)
    option = choose_option(case, assessment.options)
    ctx = DocContext(case, assessment, option, book.vocabulary, fonts)  # English: what the court reads
    own = replace(ctx, lang=case.language)  # the person's language: what they read
    packet = Packet(option)
    forms: list[Document] = []
    continuations = []
    form_lines: list[str] = []
    petition_done = False
    for form in option.forms:
        template = library.template(form.id)
        fmap = library.maps.get(form.id)
        number = fmap.number if fmap else form.id.split("/", 1)[1]
        if template is not None and fmap is not None:
            filled = fill(template, fmap, case, fonts, first_attachment=len(continuations) + 1)
            data, source = filled.data, filled.source
            if filled.overlays or flatten:
                data, source = draw_overlays(filled.data, filled.overlays, fonts), None
            if flatten:
                data = flatten_pdf(data)
            continuations.extend(filled.continuations)
            title = form.title if number in form.title else f"{number} {form.title}"
            forms.append(Document(f"{len(forms) + 2:02d}-form-{len(forms) + 1}.pdf", title, data, source))
            form_lines.append(f"{number} — {form.title}: {own.say('form_filled')}")
            petition_done = petition_done or form.role is FormRole.PETITION
            continue
        status = library.status(form.id)
        if status is FormStatus.DIFFERENT_FILE:
            packet.notes.append(f"{form.id}: the installed PDF is not the revision its map was written for; run `aegis forms check`")
        if form.role is FormRole.PETITION and not petition_done:
            data = petition_pdf(ctx, number, form.title, form.url)
            forms.append(Document(f"{len(forms) + 2:02d}-form-{len(forms) + 1}.pdf", ctx.say("pet_title", order=option.name), data))
            form_lines.append(f"{number} — {form.title}: {own.say('form_generated')} {form.url or ''}".strip())
            petition_done = True
        else:
            optional = "" if form.mandatory else f" {own.say('optional')}"
            form_lines.append(f"{number} — {form.title}{optional}: {own.say('form_get')} {form.url or ''}".strip())
    if not petition_done:
        data = petition_pdf(ctx, None, None, None)
        forms.append(Document(f"{len(forms) + 2:02d}-form-{len(forms) + 1}.pdf", ctx.say("pet_title", order=option.name), data))
    docs = [Document("01-instructions.pdf", own.say("instr_title"), instructions_pdf(own, form_lines, letter))]
    docs += forms
    if continuations:
        docs.append(Document(f"{len(docs) + 1:02d}-attachments.pdf", ", ".join(ctx.say("att_title", n=c.number) for c in continuations[:1]) + ("…" if len(continuations) > 1 else ""),
                             attachments_pdf(ctx, continuations)))
    docs.append(Document(f"{len(docs) + 1:02d}-statement.pdf", ctx.say("decl_title"), declaration_pdf(ctx)))
    if letter:
        docs.append(Document(f"{len(docs) + 1:02d}-letter.pdf", own.say("letter_to", name=case.respondent.name), letter_pdf(own, on)))
    packet.documents = docs
    return packet
