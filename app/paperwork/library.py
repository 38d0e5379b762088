"""Where official forms come from at run time.

Maps live in the repository (`forms/<ST>/<FORM>.yaml`); the official PDFs do not (they are court
files, and the project never commits a copy). They are looked up in a forms directory
(`AEGIS_FORMS_DIR`, laid out like the maps: `<dir>/CA/DV-100.pdf`), put there by
`aegis forms install PDF`, which checks the file against its map first. A PDF whose SHA-256 is
not the one its map was written for is not used: a shifted field would put an answer in the
wrong box of a court paper.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Optional

from .formmap import FormMap, load_maps
from .template import Template, TemplateError, TemplateStore, sha256_of


class FormStatus(str, Enum):
    READY = "ready"
    NOT_INSTALLED = "not installed"
    NO_MAP = "no map"
    DIFFERENT_FILE = "installed file differs from its map"


@dataclass
class FormsLibrary:
    maps: dict[str, FormMap]
    forms_dir: Optional[Path]
    store: TemplateStore = field(default_factory=TemplateStore)

    def path_of(self, form_id: str) -> Optional[Path]:
        return self.forms_dir / f"{form_id}.pdf" if self.forms_dir else None

    def status(self, form_id: str) -> FormStatus:
        fmap = self.maps.get(form_id)
        if fmap is None:
            return FormStatus.NO_MAP
        path = self.path_of(form_id)
        if path is None or not path.is_file():
            return FormStatus.NOT_INSTALLED
        try:
            template = self.store.get(path)
        except TemplateError:
            return FormStatus.DIFFERENT_FILE
        return FormStatus.READY if template.sha256 == fmap.sha256 else FormStatus.DIFFERENT_FILE

    def template(self, form_id: str) -> Optional[Template]:
        """The cleaned template when the form is ready to fill, else None."""
        if self.status(form_id) is not FormStatus.READY:
            return None
        return self.store.get(self.path_of(form_id))  # type: ignore[arg-type]

    def preload(self) -> dict[str, FormStatus]:
        """Parse every installed form now (start-up), so no request pays for it."""
        return {form_id: self.status(form_id) for form_id in self.maps}

    def install(self, pdf: Path, form_id: Optional[str] = None) -> tuple[str, Path]:
        """Copy an official PDF into the forms directory after checking it against its map."""
        from .drift import compare

        if self.forms_dir is None:
            raise TemplateError("no forms directory: set AEGIS_FORMS_DIR")
        digest = sha256_of(Path(pdf).read_bytes())
        candidates = [form_id] if form_id else [fid for fid, m in self.maps.items() if m.sha256 == digest]
        if not candidates or candidates[0] not in self.maps:
            raise TemplateError(f"{pdf}: no map matches this file (pass --map forms/ST/FORM.yaml to see the differences)")
        report = compare(self.store.get(Path(pdf)), self.maps[candidates[0]])
        if report.drifted:
            raise TemplateError(f"{pdf}: does not match forms/{candidates[0]}.yaml:\n{report.text()}")
        target = self.path_of(candidates[0])
        assert target is not None
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".pdf.part")
        shutil.copyfile(pdf, tmp)
        tmp.replace(target)
        return candidates[0], target


def load_library(maps_dir: Path, forms_dir: Optional[Path]) -> FormsLibrary:
    return FormsLibrary(load_maps(maps_dir), forms_dir)
