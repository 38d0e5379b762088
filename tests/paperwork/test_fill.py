"""Filling official forms: every mapped value reads back, shows when rendered, and nothing is lost."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.paperwork.case import Case
from app.paperwork.fill import fill, planned_values
from app.paperwork.overlay import draw_overlays, flatten
from app.paperwork.template import FieldKind, TemplateStore

from paperwork_support import SOURCE_PDF, example, pdftotext, real, tool

EXAMPLE_FOR = {
    "CA/DV-100": "ca-dv100.yaml", "CA/DV-109": "ca-dv100.yaml", "CA/CLETS-001": "ca-dv100.yaml", "CA/CH-100": "ca-ch100.yaml",
    "MA/209A-complaint-p1": "ma-209a.yaml", "MA/209A-complaint-p2": "ma-209a.yaml", "MA/209A-affidavit": "ma-209a.yaml",
    "MA/209A-258E-plaintiff-confidential-info": "ma-209a.yaml", "MA/209A-258E-defendant-info": "ma-209a.yaml",
    "IL/ATJ-403.5": "il-op.yaml", "MI/CC-375": "mi-ppo-domestic.yaml", "MI/CC-377": "mi-ppo-stalking.yaml",
}
DV_NAME = "DV-100[0].Page1[0].List1[0].Li1[0].YourName_tf[0]"
DV_STORY = "DV-100[0].Page3[0].List5[0].Li6[0].TextField[0]"
DV_MALE = "DV-100[0].Page1[0].List2[0].Li4[0].gender2d_cb[0]"


def _fields(data: bytes) -> dict:
    return PdfReader(io.BytesIO(data)).get_fields() or {}


@pytest.mark.parametrize("form_id", sorted(SOURCE_PDF))
def test_every_mapped_value_reads_back_from_the_filled_form(library, maps, fonts, form_id):
    fmap, template = maps[form_id], library.template(form_id)
    assert template is not None, f"{form_id} is installed in the test forms directory"
    case = example(EXAMPLE_FOR[form_id]).with_facts_from_details(__import__("datetime").date(2026, 11, 23))
    filled = fill(template, fmap, case, fonts)
    got = _fields(filled.data)
    continued = {c.field: c for c in filled.continuations}
    planned = planned_values(fmap, case)
    assert any(v not in (None, False) for v in planned.values()), "the example exercises this map"
    for name, value in planned.items():
        field = template.fields[name]
        stored = got[name].get("/V")
        if value is None or value is False:
            continue
        if field.kind in (FieldKind.CHECKBOX, FieldKind.RADIO):
            assert stored == "/" + field.on_states[0], name
        elif name in continued:
            assert stored.startswith("See Attachment"), name
            assert continued[name].text == value, "the attachment holds the whole text"
        else:
            assert stored == value, name


def test_a_checkbox_gets_the_on_state_its_widget_declares(library, maps, fonts, dv_case):
    filled = fill(library.template("CA/DV-100"), maps["CA/DV-100"], dv_case, fonts)
    reader = PdfReader(io.BytesIO(filled.data))
    assert reader.get_fields()[DV_MALE]["/V"] == "/1"
    widget = next(a.get_object() for p in reader.pages for a in p.get("/Annots") or []
                  if a.get_object().get("/T") == "gender2d_cb[0]")
    assert widget["/AS"] == "/1"


def test_a_story_too_long_for_its_box_goes_whole_to_an_attachment(library, maps, fonts, dv_case):
    story = " ".join(f"Sentence {i} of a long account of what happened that day." for i in range(120))
    incident = dv_case.incidents[0].model_copy(update={"what_happened": story})
    case = dv_case.model_copy(update={"incidents": (incident,) + dv_case.incidents[1:]})
    filled = fill(library.template("CA/DV-100"), maps["CA/DV-100"], case, fonts, first_attachment=3)
    assert _fields(filled.data)[DV_STORY]["/V"] == "See Attachment 3"
    [cont] = [c for c in filled.continuations if c.field == DV_STORY]
    assert cont.number == 3 and cont.text == story and "5f" in cont.item


def test_filled_values_are_drawn_so_every_viewer_shows_them(library, maps, fonts, dv_case, tmp_path):
    """Appearance streams are ours (NeedAppearances stays off): poppler draws the value in the box."""
    template = library.template("CA/DV-100")
    filled = fill(template, maps["CA/DV-100"], dv_case, fonts)
    assert PdfReader(io.BytesIO(filled.data)).trailer["/Root"]["/AcroForm"].get("/NeedAppearances") in (None, False)
    widget = template.fields[DV_NAME].widgets[0]
    blank = _ink(template.clean_bytes, widget, tmp_path / "blank")
    full = _ink(filled.data, widget, tmp_path / "full")
    assert full > blank + 20, "the name is visible in its box when rendered"


def test_chrome_s_pdf_engine_shows_the_values_too(library, maps, fonts, dv_case):
    """pdfium (Chrome's viewer) renders our appearance streams as poppler does."""
    import pypdfium2

    template = library.template("CA/DV-100")
    filled = fill(template, maps["CA/DV-100"], dv_case, fonts)
    widget = template.fields[DV_NAME].widgets[0]

    def ink(data: bytes) -> int:
        doc = pypdfium2.PdfDocument(data)
        doc.init_forms()  # as a viewer does: draw the form fields
        page = doc[widget.page]
        img = page.render(scale=1, may_draw_forms=True).to_pil().convert("L")
        x0, y0, x1, y1 = widget.rect
        return sum(img.crop((int(x0), int(img.height - y1), int(x1), int(img.height - y0))).histogram()[:128])

    assert ink(filled.data) > ink(template.clean_bytes) + 20


def _ink(data: bytes, widget, stem: Path) -> int:
    """Dark pixels inside a widget's rectangle on a 72-dpi grayscale render of its page."""
    pdf = stem.with_suffix(".pdf")
    pdf.write_bytes(data)
    n = widget.page + 1
    subprocess.run([tool("pdftoppm"), "-r", "72", "-gray", "-f", str(n), "-l", str(n), str(pdf), str(stem)], check=True)
    png = next(stem.parent.glob(stem.name + "*.pgm"))
    from PIL import Image

    img = Image.open(png)
    x0, y0, x1, y1 = widget.rect
    box = (int(x0), int(img.height - y1), int(x1), int(img.height - y0))
    return sum(img.crop(box).histogram()[:128])


def test_flattened_output_prints_values_and_keeps_checkboxes(library, maps, fonts, dv_case, tmp_path):
    template = library.template("CA/DV-100")
    filled = fill(template, maps["CA/DV-100"], dv_case, fonts)
    flat = flatten(draw_overlays(filled.data, filled.overlays, fonts))
    reader = PdfReader(io.BytesIO(flat))
    assert "/AcroForm" not in reader.trailer["/Root"] and not reader.get_fields()
    text = pdftotext(flat, tmp_path, 1, 1)
    assert "Maria Elena Ruiz" in text and "Daniel James Corbin" in text
    widget = template.fields[DV_MALE].widgets[0]
    assert _ink(flat, widget, tmp_path / "flat") > _ink(template.clean_bytes, widget, tmp_path / "blank"), "the M box stays checked"


def test_names_outside_latin_1_print_with_embedded_fonts(library, maps, fonts, dv_case, tmp_path):
    petitioner = dv_case.petitioner.model_copy(update={"name": "王小明 Nguyễn Thị Hoa 😀"})
    case = dv_case.model_copy(update={"petitioner": petitioner})
    filled = fill(library.template("CA/DV-100"), maps["CA/DV-100"], case, fonts)
    assert _fields(filled.data)[DV_NAME]["/V"] == "王小明 Nguyễn Thị Hoa 😀", "the stored value is exact"
    assert filled.overlays, "the value is drawn by the overlay, not as '?'"
    printed = draw_overlays(filled.data, filled.overlays, fonts)
    text = pdftotext(flatten(printed), tmp_path, 1, 1)
    assert "王小明" in text and "Nguyễn Thị Hoa" in text and "?" not in text.split("Your name:")[1][:30]


def test_a_fill_never_rereads_the_template_file(maps, fonts, dv_case, tmp_path, monkeypatch):
    pdf = tmp_path / "DV-100.pdf"
    pdf.write_bytes(real("CA/DV-100.pdf").read_bytes())
    store = TemplateStore()
    template = store.get(pdf)
    assert store.get(pdf) is template, "parsed once, kept in memory"
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(AssertionError("re-read")))
    fill(template, maps["CA/DV-100"], dv_case, fonts)
    fill(template, maps["CA/DV-100"], dv_case, fonts)


def test_the_filled_file_is_a_valid_pdf_for_qpdf(library, maps, fonts, dv_case, tmp_path):
    filled = fill(library.template("CA/DV-100"), maps["CA/DV-100"], dv_case, fonts)
    out = tmp_path / "f.pdf"
    out.write_bytes(filled.data)
    result = subprocess.run([tool("qpdf"), "--check", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_california_files_lose_xfa_usage_rights_and_scripts_when_cleaned(library):
    template = library.template("CA/DV-100")
    assert set(template.removed) == {"XFA", "usage rights (/Perms)", "document JavaScript"}
    root = template.reader.trailer["/Root"]
    assert "/XFA" not in root["/AcroForm"] and "/Perms" not in root


def test_the_address_is_kept_off_the_petition_when_confidential(library, maps, fonts, dv_case):
    filled = fill(library.template("CA/DV-100"), maps["CA/DV-100"], dv_case, fonts)
    values = " ".join(str(v) for v in filled.values.values())
    assert "1200 Harbor Way" not in values and "PO Box 5521" in values
    assert isinstance(dv_case, Case)


def test_print_save_and_clear_buttons_are_hidden_and_disarmed(library, maps, fonts, dv_case):
    template = library.template("CA/DV-100")
    reader = PdfReader(io.BytesIO(fill(template, maps["CA/DV-100"], dv_case, fonts).data))
    buttons = [n for n, f in template.fields.items() if f.kind is FieldKind.PUSHBUTTON]
    checked = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/FT") == "/Btn" and int(a.get("/Ff", 0)) & (1 << 16):
                assert a["/F"] == 2 and "/A" not in a and "/AA" not in a
                checked += 1
    assert checked == len(buttons) > 0
