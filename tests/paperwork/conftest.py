"""Paperwork fixtures (see paperwork_support.py for the helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.paperwork.case import Case
from app.paperwork.fonts import FontSet, font_set
from app.paperwork.formmap import FormMap, load_maps
from app.paperwork.library import FormsLibrary
from paperwork_support import MAPS, REAL_FORMS, SOURCE_PDF, example


@pytest.fixture(scope="session")
def maps() -> dict[str, FormMap]:
    return load_maps(MAPS)


@pytest.fixture(scope="session")
def forms_dir(tmp_path_factory) -> Path:
    """A forms directory laid out as AEGIS_FORMS_DIR expects, linking to the real PDFs."""
    if not REAL_FORMS.is_dir():
        pytest.skip(f"the official PDFs are not at {REAL_FORMS} (set AEGIS_REAL_FORMS to ../shared/real-forms)")
    d = tmp_path_factory.mktemp("forms")
    for form_id, rel in SOURCE_PDF.items():
        src = REAL_FORMS / rel
        if src.is_file():
            (d / form_id).parent.mkdir(parents=True, exist_ok=True)
            (d / f"{form_id}.pdf").symlink_to(src)
    return d


@pytest.fixture(scope="session")
def library(maps, forms_dir) -> FormsLibrary:
    lib = FormsLibrary(maps, forms_dir)
    lib.preload()
    return lib


@pytest.fixture(scope="session")
def fonts() -> FontSet:
    return font_set()


@pytest.fixture(scope="session")
def dv_case() -> Case:
    return example("ca-dv100.yaml")
