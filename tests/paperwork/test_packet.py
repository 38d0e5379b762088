"""The packet: one download with everything to file, in the person's language, nothing stored."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader

from app.paperwork.library import FormsLibrary
from app.paperwork.packet import PacketError, build_packet

from paperwork_support import EXAMPLES, ON, example, pdftotext

pytestmark = pytest.mark.usefixtures("library")


def _build(case, book, library, fonts, **kw):
    return build_packet(case, book, library, fonts, ON, **kw)


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_every_example_case_builds_a_packet_with_a_bookmark_per_document(name, book, library, fonts):
    packet = _build(example(name), book, library, fonts)
    data = packet.merged()
    reader = PdfReader(io.BytesIO(data))
    assert [o.title for o in reader.outline] == [d.title for d in packet.documents]
    assert len(reader.pages) == sum(len(PdfReader(io.BytesIO(d.data)).pages) for d in packet.documents)
    assert reader.metadata.title == "Document", "a neutral title: recent-file lists must not say 'restraining order'"
    assert packet.documents[0].file_name == "01-instructions.pdf"


def test_official_forms_are_filled_when_installed_and_named_when_not(dv_case, book, library, fonts, maps):
    filled = _build(dv_case, book, library, fonts)
    titles = [d.title for d in filled.documents]
    assert any(t.startswith("DV-100") for t in titles) and any(t.startswith("CLETS-001") for t in titles)
    empty = FormsLibrary(maps, None)
    fallback = _build(dv_case, book, empty, fonts)
    assert [d.title for d in fallback.documents][1] == "Petition for Domestic Violence Restraining Order"


def test_the_generated_petition_names_the_official_form_and_the_statute(dv_case, book, maps, fonts, tmp_path):
    packet = _build(dv_case, book, FormsLibrary(maps, None), fonts)
    text = pdftotext(packet.documents[1].data, tmp_path)
    assert "DV-100" in text and "Fam. Code" in text and "Daniel James Corbin" in text
    assert "1200 Harbor Way" not in text, "a confidential home address never goes on the petition"


def test_instructions_give_court_fee_forms_and_hotlines(dv_case, book, library, fonts, tmp_path):
    text = pdftotext(_build(dv_case, book, library, fonts).documents[0].data, tmp_path)
    assert "911" in text and "1-800-799-7233" in text
    assert "No fee" in text and "Superior Court" in text and "DV-109" in text


def test_a_spanish_speaker_reads_spanish_and_the_court_reads_english(book, library, fonts, tmp_path):
    packet = _build(example("ma-209a.yaml"), book, library, fonts, letter=True)
    assert packet.documents[0].title == "Qué hacer ahora"
    text = pdftotext(packet.documents[0].data, tmp_path)
    assert "Si está en peligro ahora mismo, llame al 911." in text and "inglés" in text
    declaration = next(d for d in packet.documents if d.file_name.endswith("statement.pdf"))
    assert "Declaration: what happened" in pdftotext(declaration.data, tmp_path)
    assert "déjeme en paz" in pdftotext(packet.documents[-1].data, tmp_path)


def test_the_declaration_is_chronological_with_an_exhibit_index(dv_case, book, library, fonts, tmp_path):
    text = pdftotext(_build(dv_case, book, library, fonts).documents[-1].data, tmp_path)
    assert text.index("Around early August 2026") < text.index("09/14/2026") < text.index("10/28/2026")
    assert "See Exhibit A" in text and "Exhibit index" in text and "OPD-26-104877" in text


def test_the_letter_is_only_there_when_asked_and_never_shows_the_address(dv_case, book, library, fonts, tmp_path):
    assert not any(d.file_name.endswith("letter.pdf") for d in _build(dv_case, book, library, fonts).documents)
    packet = _build(dv_case, book, library, fonts, letter=True)
    letter = next(d for d in packet.documents if d.file_name.endswith("letter.pdf"))
    text = pdftotext(letter.data, tmp_path)
    assert "leave me alone" in text and "Maria Elena Ruiz" in text
    for secret in ("1200 Harbor Way", "PO Box 5521", "510-555-0142", "safe.mail"):
        assert secret not in text
    assert "can make the other person angry" in pdftotext(packet.documents[0].data, tmp_path)


def test_text_that_does_not_fit_goes_to_numbered_attachment_pages(dv_case, book, library, fonts, tmp_path):
    story = "He kept calling. " * 400
    case = dv_case.model_copy(update={"incidents": (dv_case.incidents[0].model_copy(update={"what_happened": story}),) + dv_case.incidents[1:]})
    packet = _build(case, book, library, fonts)
    attachments = next(d for d in packet.documents if d.file_name.endswith("attachments.pdf"))
    text = " ".join(pdftotext(attachments.data, tmp_path).split())
    assert "Attachment 1" in text and "DV-100, item 5f" in text
    assert text.count("He kept calling.") == 400, "every word of the story is on the attachment"


def test_the_zip_holds_each_document_under_a_neutral_name(dv_case, book, library, fonts):
    packet = _build(dv_case, book, library, fonts)
    names = zipfile.ZipFile(io.BytesIO(packet.zipped())).namelist()
    assert names == [d.file_name for d in packet.documents]
    assert all("violence" not in n.lower() and "restrain" not in n.lower() for n in names)


def test_flattened_packets_have_no_fillable_fields_left(dv_case, book, library, fonts):
    data = _build(dv_case, book, library, fonts, flatten=True).merged()
    assert not PdfReader(io.BytesIO(data)).get_fields()


def test_an_unknown_order_type_is_a_clear_error(dv_case, book, library, fonts):
    with pytest.raises(PacketError, match="order_type: 'ca_nope' is not an order of CA; use one of: ca_dvro"):
        _build(dv_case.model_copy(update={"order_type": "ca_nope"}), book, library, fonts)


def test_without_an_order_type_the_first_order_the_person_can_get_is_used(dv_case, book, library, fonts):
    packet = _build(dv_case.model_copy(update={"order_type": None}), book, library, fonts)
    assert packet.option.id == "ca_dvro" and packet.option.eligible is True


def test_ages_come_from_dates_of_birth_on_the_packet_date(dv_case):
    facts = dv_case.with_facts_from_details(date(2026, 11, 23))
    assert (facts.petitioner_age, facts.respondent_age) == (32, 36)
    assert facts.last_incident_on == date(2026, 10, 28) and facts.incident_count == 3


def test_the_merged_packet_is_sound_and_keeps_every_form_s_fields(dv_case, book, library, fonts, tmp_path):
    import subprocess

    from paperwork_support import tool

    packet = _build(dv_case, book, library, fonts)
    data = packet.merged()
    out = tmp_path / "packet.pdf"
    out.write_bytes(data)
    check = subprocess.run([tool("qpdf"), "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    reader = PdfReader(io.BytesIO(data))
    starts, page = [], 0
    for doc in packet.documents:
        starts.append(page)
        page += len(PdfReader(io.BytesIO(doc.data)).pages)
    assert [reader.get_destination_page_number(o) for o in reader.outline] == starts
    fields = reader.get_fields()
    assert fields["DV-100[0].Page1[0].List1[0].Li1[0].YourName_tf[0]"]["/V"] == "Maria Elena Ruiz"
    clets = [k for k in fields if k.endswith("CLETS-001[0].Page1[0].List2[0].Li1[0].yournametf[0]")]
    assert len(clets) == 1 and fields[clets[0]]["/V"] == "Maria Elena Ruiz", "the second form's fields live on, under their own parent"
