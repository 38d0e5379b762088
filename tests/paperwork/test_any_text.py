"""Whatever a person types, the packet is a valid PDF and nothing they wrote is lost."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from app.paperwork.fill import fill


NAME = "DV-100[0].Page1[0].List1[0].Li1[0].YourName_tf[0]"
STORY = "DV-100[0].Page3[0].List5[0].Li6[0].TextField[0]"
ALPHABETS = st.sampled_from([
    st.characters(blacklist_categories=("Cs",)),  # anything, control characters included
    st.characters(min_codepoint=0x0590, max_codepoint=0x06FF),  # Hebrew and Arabic (right to left)
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.sampled_from(list("abc defg ñé\n")),
])
TEXTS = ALPHABETS.flatmap(lambda a: st.text(a, min_size=1, max_size=400)) | st.just("x" * 20_000) | st.just("长" * 5_000)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=TEXTS, story=TEXTS)
def test_any_text_gives_a_valid_pdf_and_nothing_is_lost(library, maps, fonts, dv_case, name, story):
    incident = dv_case.incidents[0].model_copy(update={"what_happened": story})
    case = dv_case.model_copy(update={"incidents": (incident,) + dv_case.incidents[1:]})
    case = case.model_copy(update={"petitioner": case.petitioner.model_copy(update={"name": name})})
    filled = fill(library.template("CA/DV-100"), maps["CA/DV-100"], case, fonts)
    fields = PdfReader(io.BytesIO(filled.data)).get_fields()
    continued = {c.field: c.text for c in filled.continuations}
    for field, text in ((NAME, name), (STORY, story)):
        stored = fields[field].get("/V")
        if field in continued:
            assert continued[field] == text and stored.startswith("See Attachment")
        elif text.strip():
            assert stored == text
