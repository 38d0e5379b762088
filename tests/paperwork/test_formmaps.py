"""Field maps are data checked against the real PDFs they were written for."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.engine.errors import RuleFileError
from app.paperwork.drift import compare
from app.paperwork.formmap import parse_map
from app.paperwork.template import FieldKind, load_template

from paperwork_support import MAPS, SOURCE_PDF, real

BAD = Path(__file__).resolve().parent / "bad_maps"


def test_every_map_has_a_source_pdf_listed_for_the_tests(maps):
    assert set(maps) == set(SOURCE_PDF)


@pytest.mark.parametrize("form_id", sorted(SOURCE_PDF))
def test_every_mapped_field_exists_in_its_pdf_with_the_kind_and_on_state_the_map_expects(maps, form_id):
    fmap = maps[form_id]
    template = load_template(real(SOURCE_PDF[form_id]))
    assert template.sha256 == fmap.sha256, "the map records the SHA-256 of the file it was written for"
    for name, entry in fmap.fields.items():
        assert name in template.fields, name
        field = template.fields[name]
        assert field.kind not in (FieldKind.PUSHBUTTON, FieldKind.SIGNATURE), f"{name}: buttons and signatures are never mapped"
        if entry.checked_if is not None or entry.checked_if_continued is not None:
            assert field.kind in (FieldKind.CHECKBOX, FieldKind.RADIO), name
            assert entry.on in field.on_states, f"{name}: on-state {entry.on!r} is not one of {field.on_states}"
        else:
            assert field.kind in (FieldKind.TEXT, FieldKind.CHOICE), name
    assert not compare(template, fmap).drifted


def test_checkbox_on_states_are_read_from_the_pdf_not_assumed():
    template = load_template(real("CA/DV-100.pdf"))
    gender = [template.fields[f"DV-100[0].Page1[0].List2[0].Li4[0].gender2d_cb[{i}]"].on_states for i in range(3)]
    assert gender == [("1",), ("3",), ("5",)]
    assert load_template(real("MI/CC-375.pdf")).fields["petitioner_respondent_married"].on_states == ("On",)


def test_the_2024_dv100_drifts_from_the_2025_map(maps):
    report = compare(load_template(real("CA/DV-100_rev2024.pdf")), maps["CA/DV-100"])
    assert report.drifted and not report.same_file
    assert "DV-100[0].Page1[0].rightCaption[0].CaseNumber[0]" in report.missing
    assert len(report.missing) > 20
    assert report.new, "fields only the 2024 revision has are listed"
    text = report.text()
    assert "DIFFERENT" in text and "DRIFT" in text


def test_the_2025_dv100_does_not_drift_from_its_map(maps):
    report = compare(load_template(real("CA/DV-100.pdf")), maps["CA/DV-100"])
    assert not report.drifted and report.same_file and "OK: no drift" in report.text()


def test_a_flat_pdf_is_refused_with_a_clear_message():
    from app.paperwork.template import TemplateError

    with pytest.raises(TemplateError, match="no fillable fields"):
        load_template(real("UT/request-for-protective-order_rev2014.pdf"))


@pytest.mark.parametrize("fixture, line, message", [
    ("unknown_path.yaml", 9, "'nmae' is not a part of Petitioner"),
    ("two_verbs.yaml", 8, "give exactly one of"),
    ("group_not_value.yaml", 9, "is a group of answers"),
    ("continued_unknown.yaml", 9, "checked_if_continued names a text field"),
    ("item_without_overflow.yaml", 8, "add `overflow: attachment`"),
    ("bad_sha.yaml", 6, "sha256"),
    ("CA/wrong_place.yaml", 1, "belongs in forms/CA/DV-999.yaml"),
])
def test_a_broken_map_is_reported_with_its_line(fixture, line, message):
    path = BAD / fixture
    with pytest.raises(RuleFileError) as err:
        parse_map(path.read_text(encoding="utf-8"), str(path))
    problems = err.value.problems
    assert len(problems) == 1, problems
    assert message in str(problems[0]) and problems[0].line == line, str(problems[0])


def test_bundled_maps_are_named_after_their_ids():
    for path in MAPS.glob("*/*.yaml"):
        assert parse_map(path.read_text(encoding="utf-8"), f"forms/{path.parent.name}/{path.name}").id == f"{path.parent.name}/{path.stem}"
