"""What every generated document is written from: the case, the chosen option, the vocabulary, fonts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from app.engine.assessment import Assessment, Option
from app.engine.loader import Vocabulary

from ..case import Case
from ..fonts import FontSet
from .base import Styles
from .words import say


@dataclass(frozen=True)
class DocContext:
    case: Case
    assessment: Assessment
    option: Option
    vocabulary: Vocabulary
    fonts: FontSet
    #: The language of this document: the person's own for what they read (instructions, letter),
    #: English for what the court reads (petition, declaration, attachments).
    lang: str = "en"

    @cached_property
    def styles(self) -> Styles:
        return Styles(self.fonts)

    def say(self, key: str, **values: object) -> str:
        return say(self.lang, key, **values)

    def label(self, section: str, term: object) -> str:
        value = getattr(term, "value", term)
        return self.vocabulary.label(section, str(value), self.lang)

    def when(self, incident) -> str:
        """An incident's date as printed: MM/DD/YYYY, or the approximate date in words."""
        if incident.date:
            return incident.date.strftime("%m/%d/%Y")
        return self.say("about", when=incident.approximate_date)

    @property
    def relationship_words(self) -> str:
        rels = sorted(r.value for r in (self.case.relationships or ()))
        return ", ".join(self.label("relationship", r) for r in rels)

    @property
    def caption(self) -> list[str]:
        """Court, parties and case number: the heading court papers carry."""
        c = self.case
        court = self.option.courts[0].name if self.option.courts else ""
        county = f" — {self.say('county')}: {c.county}" if c.county else ""
        return [
            f"{self.say('court')}: {court}{county}",
            f"{self.say('petitioner')}: {c.petitioner.name}",
            f"{self.say('respondent')}: {c.respondent.name}",
            f"{self.say('case_number')}: {c.case_number or '__________'}",
        ]
