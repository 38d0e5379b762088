"""Radio groups and choice lists (Illinois OP-P 403.3 has both; no bundled map uses it yet)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from app.paperwork.fill import fill
from app.paperwork.formmap import FormMap
from app.paperwork.template import load_template

from paperwork_support import real

GUNS = "4 - Checkboxes"


def test_a_radio_group_gets_one_kid_on_and_a_choice_list_its_value(fonts, dv_case):
    template = load_template(real("IL/OP-P-403.3.pdf"))
    fmap = FormMap.model_validate({
        "id": "IL/OP-P-403.3", "number": "OP-P 403.3", "title": "t", "revision": "11/19", "source_url": "https://example.org/",
        "sha256": template.sha256, "fields": {
            GUNS: {"from": "respondent.has_firearms", "choices": {"true": "Yes", "false": "No"}},
            "Counties1": {"from": "county"},
        }})
    case = dv_case.model_copy(update={"county": "Adams"})
    filled = fill(template, fmap, case, fonts)
    reader = PdfReader(io.BytesIO(filled.data))
    fields = reader.get_fields()
    assert fields[GUNS]["/V"] == "/Yes" and fields["Counties1"]["/V"] == "Adams"
    states = {}
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            parent = a.get("/Parent")
            if parent is not None and parent.get_object().get("/T") == GUNS:
                states[tuple(k for k in a["/AP"]["/N"].keys() if k != "/Off")] = a["/AS"]
    assert states == {("/Yes",): "/Yes", ("/No",): "/Off", ("/Do Not Know",): "/Off"}
