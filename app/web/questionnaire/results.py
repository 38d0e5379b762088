"""The results page's view of an `Assessment`: what the person can ask for, what they cannot
and why, and help that is never a dead end.

Reasons, court notes and fee explanations come from the rule files, which are written in
English; on a Spanish page they are marked `lang="en"` so screen readers pronounce them right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from app.engine import Assessment, Option
from app.engine.loader import Vocabulary
from app.engine.vocabulary import FormRole, PetitionerRole


@dataclass
class OptionView:
    option: Option
    status: str  # yes | maybe | no
    name: str
    confidential_form: Optional[str] = None
    evidence: list[tuple[str, str, bool]] = field(default_factory=list)  # label, why, required


@dataclass
class ResultsView:
    yes: list[OptionView]
    maybe: list[OptionView]
    no: list[OptionView]
    work_or_school: list[OptionView]
    assessment: Assessment

    @property
    def fillable(self) -> list[OptionView]:
        """Orders to make papers for: every one that fits or may fit. Where the rules name no
        official form, the packet still has the instructions, a petition written from the
        state's rules, and the statement of what happened for the hearing."""
        return self.yes + self.maybe

    @property
    def dead_end(self) -> bool:
        return not (self.yes or self.maybe)


def status_of(option: Option) -> str:
    return {True: "yes", None: "maybe", False: "no"}[option.eligible]


def view(assessment: Assessment, vocab: Vocabulary, lang: str) -> ResultsView:
    groups: dict[str, list[OptionView]] = {"yes": [], "maybe": [], "no": []}
    work_or_school = []
    for option in assessment.options:
        kind_label = vocab.label("order_kind", option.kind.value, lang)
        v = OptionView(option, status_of(option), name=option.name if lang == "en" else f"{kind_label} ({option.name})")
        v.confidential_form = next((f.id for f in option.forms if f.role is FormRole.CONFIDENTIAL_INFORMATION), None)
        v.evidence = [(vocab.label("evidence_kind", e.kind.value, lang), e.why, e.level.value == "required") for e in option.evidence]
        groups[v.status].append(v)
        roles = set(option.petitioner.roles) if option.petitioner else set()
        if roles & {PetitionerRole.EMPLOYER, PetitionerRole.SCHOOL}:
            work_or_school.append(v)
    return ResultsView(groups["yes"], groups["maybe"], groups["no"], work_or_school, assessment)
