"""`aegis packet` and `aegis forms`: clear errors with exit 2, drift with exit 1, files written whole."""

from __future__ import annotations

import io
import shutil

from pypdf import PdfReader

from app.cli import main

from paperwork_support import EXAMPLES, MAPS, real


def test_packet_writes_one_pdf_for_the_example(forms_dir, tmp_path, capsys):
    out = tmp_path / "packet.pdf"
    assert main(["packet", str(EXAMPLES / "ca-dv100.yaml"), "-o", str(out), "--forms-dir", str(forms_dir), "--on", "2026-11-23"]) == 0
    assert PdfReader(io.BytesIO(out.read_bytes())).outline
    assert "order ca_dvro" in capsys.readouterr().out
    assert not list(tmp_path.glob("*.part")), "written whole, then renamed"


def test_packet_with_the_letter_warns_first(forms_dir, tmp_path, capsys):
    out = tmp_path / "p.zip"
    assert main(["packet", str(EXAMPLES / "ca-dv100.yaml"), "-o", str(out), "--zip", "--letter", "--forms-dir", str(forms_dir)]) == 0
    assert "can make the other person angry" in capsys.readouterr().err


def test_a_bad_case_file_exits_2_naming_the_line_and_field(tmp_path, capsys):
    bad = tmp_path / "case.yaml"
    bad.write_text("state: CA\npetitioner: {name: A}\nrespondent: {name: B, age: -1}\n", encoding="utf-8")
    assert main(["packet", str(bad), "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3 respondent.age" in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_case_file_exits_2(tmp_path, capsys):
    assert main(["packet", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_forms_check_reports_drift_with_exit_1(capsys):
    code = main(["forms", "check", str(real("CA/DV-100_rev2024.pdf")), "--map", str(MAPS / "CA" / "DV-100.yaml")])
    out = capsys.readouterr().out
    assert code == 1 and "mapped fields missing from the PDF" in out and "DRIFT" in out


def test_forms_check_finds_the_map_written_for_the_file(capsys):
    assert main(["forms", "check", str(real("CA/DV-100.pdf"))]) == 0
    assert "OK: no drift" in capsys.readouterr().out


def test_forms_install_copies_a_matching_file_and_refuses_a_drifted_one(tmp_path, capsys):
    target = tmp_path / "forms"
    assert main(["forms", "install", str(real("CA/DV-100.pdf")), "--forms-dir", str(target)]) == 0
    assert (target / "CA" / "DV-100.pdf").read_bytes() == real("CA/DV-100.pdf").read_bytes()
    old = tmp_path / "old.pdf"
    shutil.copy(real("CA/DV-100_rev2024.pdf"), old)
    assert main(["forms", "install", str(old), "--map", str(MAPS / "CA" / "DV-100.yaml"), "--forms-dir", str(target)]) == 1
    assert "does not match" in capsys.readouterr().err
    assert (target / "CA" / "DV-100.pdf").read_bytes() == real("CA/DV-100.pdf").read_bytes(), "the good copy is untouched"


def test_forms_fields_lists_on_states_for_a_new_map(capsys):
    assert main(["forms", "fields", str(real("MI/CC-375.pdf"))]) == 0
    out = capsys.readouterr().out
    assert "petitioner_respondent_married on=On" in out and "# sha256:" in out
