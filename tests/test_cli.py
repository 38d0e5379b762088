"""The `aegis` command: JSON in and out, and one clear line (exit 2) for bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", __import__("io").StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_assess_reads_a_situation_and_writes_an_assessment(capsys, monkeypatch, fixture_rules_dir):
    situation = {"state": "VT", "relationships": ["neighbor"], "conduct": ["stalking"], "petitioner_age": 40}
    code, out, err = run(capsys, "--rules", str(fixture_rules_dir), "assess", "--on", "2026-11-23", "-",
                         stdin=json.dumps(situation), monkeypatch=monkeypatch)
    assert code == 0, err
    answer = json.loads(out)
    assert answer["on"] == "2026-11-23"
    assert {o["id"]: o["eligible"] for o in answer["options"]} == {"vt_dv": False, "vt_stalking": True}


def test_assess_answers_an_array_with_an_array(capsys, monkeypatch, fixture_rules_dir):
    many = [{"state": "VT"}, {"state": "vt", "relationships": ["spouse"]}]
    code, out, _ = run(capsys, "--rules", str(fixture_rules_dir), "assess", "--on", "2026-11-23",
                       stdin=json.dumps(many), monkeypatch=monkeypatch)
    assert code == 0
    assert [a["state"] for a in json.loads(out)] == ["VT", "VT"]


@pytest.mark.parametrize(
    "payload, message",
    [
        ('{"state": "ZZ"}', "state: 'ZZ' is not a US state code"),
        ('{"state": "VT", "relationships": ["formr_spouse"]}', "relationships[0]: 'formr_spouse' is not a relationship term"),
        ('{"state": "VT", "petitioner_age": "old"}', "petitioner_age: 'old' must be a number"),
        ('{"state": "VT", "last_incident_on": "2026-02-30"}', "last_incident_on: '2026-02-30' is not a date"),
        ('{"state": "VT", "favourite_colour": "blue"}', "favourite_colour: unknown key 'favourite_colour'"),
        ('[{"state": "VT"}, {"state": "VT", "conduct": ["yelling"]}]', "[1].conduct[0]: 'yelling' is not a conduct term"),
        ('{"state": "VT",', "input: not valid JSON at line 1"),
        ('{"relationships": []}', "state: 'state' is required here"),
        ('"CA"', "input: expected a JSON object"),
        ('{"state": "TX"}', "state: there are no rules for TX yet"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(capsys, monkeypatch, fixture_rules_dir, payload, message):
    code, out, err = run(capsys, "--rules", str(fixture_rules_dir), "assess", "--on", "2026-11-23",
                         stdin=payload, monkeypatch=monkeypatch)
    assert code == 2
    assert out == ""
    assert message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_bad_date_option_is_named(capsys, monkeypatch, fixture_rules_dir):
    code, _, err = run(capsys, "--rules", str(fixture_rules_dir), "assess", "--on", "23/11/2026",
                       stdin='{"state": "VT"}', monkeypatch=monkeypatch)
    assert code == 2 and "--on: '23/11/2026' is not a date (use YYYY-MM-DD)" in err


def test_lint_reports_a_broken_state_by_file_and_line_and_loads_nothing_of_it(capsys, tmp_path, fixture_rules_dir):
    rules = tmp_path / "rules"
    shutil.copytree(fixture_rules_dir, rules)
    text = (rules / "states" / "vt.yaml").read_text().replace("level: family", "level: familly")
    (rules / "states" / "vt.yaml").write_text(text)
    code, out, err = run(capsys, "--rules", str(rules), "rules", "lint")
    assert code == 1
    assert "vt.yaml:" in err and "courts[1].court.level: 'familly' is not a court level term" in err
    code, _, err = run(capsys, "--rules", str(rules), "assess", "--on", "2026-11-23", str(ROOT / "pyproject.toml"))
    assert code == 2


def test_rules_test_runs_the_fixture_cases_and_reports_what_is_missing(capsys, fixture_rules_dir):
    code, out, _ = run(capsys, "--rules", str(fixture_rules_dir), "rules", "test", "VT")
    assert "VT: 2 cases, 2 passed, 0 failed" in out
    assert "MISSING VT: vt_dv: 1 case(s) where it is available; write at least 2" in out
    assert code == 1


def test_explain_prints_order_types_courts_fees_and_a_relationship_grid(capsys, fixture_rules_dir):
    code, out, _ = run(capsys, "--rules", str(fixture_rules_dir), "rules", "explain", "vt")
    assert code == 0
    assert "vt_dv: Fixture Abuse Order [domestic_violence]" in out
    assert "if respondent_age < 18: Fixture Juvenile Court [juvenile]" in out
    assert "if conduct_any stalking: $0" in out
    assert "Relationship grid" in out


def test_schema_prints_the_json_schema(capsys):
    code, out, _ = run(capsys, "rules", "schema")
    assert code == 0 and json.loads(out)["title"] == "Aegis state rules"


def test_the_console_script_is_installed_and_never_shows_a_traceback(fixture_rules_dir):
    aegis = Path(sys.executable).parent / "aegis"
    proc = subprocess.run([str(aegis), "--rules", str(fixture_rules_dir), "assess", "-"], input="not json",
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith("aegis: input: not valid JSON")
