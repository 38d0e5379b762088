"""Paperwork test helpers: the official court PDFs from ../shared/real-forms (never copied into the
repository), a forms directory that points at them, the maps, fonts and example cases."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from app.paperwork.case import Case, parse_case
from app.paperwork.fonts import FontSet, font_set
from app.paperwork.formmap import FormMap, load_maps
from app.paperwork.library import FormsLibrary

ROOT = Path(__file__).resolve().parents[2]
MAPS = ROOT / "forms"
EXAMPLES = ROOT / "examples" / "cases"


def find_real_forms(root: Path = ROOT) -> Path:
    """Where ../shared/real-forms is: $AEGIS_REAL_FORMS, else beside this checkout, else beside the
    repository it was cloned from (a clone in /tmp still finds the shared fixtures)."""
    if os.environ.get("AEGIS_REAL_FORMS"):
        return Path(os.environ["AEGIS_REAL_FORMS"])
    candidates = [root.parent / "shared" / "real-forms"]
    try:
        origin = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        origin = ""
    if origin and "://" not in origin:
        candidates.append(Path(origin).resolve().parent / "shared" / "real-forms")
    return next((c for c in candidates if c.is_dir()), candidates[0])


REAL_FORMS = find_real_forms()
ON = date(2026, 11, 23)
#: Which file of ../shared/real-forms each map was written for.
SOURCE_PDF = {
    "CA/DV-100": "CA/DV-100.pdf", "CA/DV-109": "CA/DV-109.pdf", "CA/CLETS-001": "CA/CLETS-001.pdf", "CA/CH-100": "CA/CH-100.pdf",
    "MA/209A-complaint-p1": "MA/209A-complaint-p1.pdf", "MA/209A-complaint-p2": "MA/209A-complaint-p2.pdf",
    "MA/209A-affidavit": "MA/209A-affidavit.pdf", "MA/209A-258E-plaintiff-confidential-info": "MA/209A-258E-plaintiff-confidential-info.pdf",
    "MA/209A-258E-defendant-info": "MA/209A-258E-defendant-info.pdf", "IL/ATJ-403.5": "IL/ATJ-403.5.pdf",
    "MI/CC-375": "MI/CC-375.pdf", "MI/CC-377": "MI/CC-377.pdf",
}


def real(rel: str) -> Path:
    path = REAL_FORMS / rel
    if not path.is_file():
        pytest.skip(f"official PDF {path} is not here (set AEGIS_REAL_FORMS to ../shared/real-forms)")
    return path


def tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (make test installs poppler-utils and qpdf)")
    return found


def pdftotext(data: bytes, tmp_path: Path, first: int | None = None, last: int | None = None) -> str:
    src = tmp_path / "in.pdf"
    src.write_bytes(data)
    args = [tool("pdftotext"), "-layout"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    out = subprocess.run(args + [str(src), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8", "replace")




def example(name: str) -> Case:
    path = EXAMPLES / name
    return parse_case(path.read_text(encoding="utf-8"), str(path))
