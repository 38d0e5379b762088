"""The README shows the two set-up commands and a coverage table that matches the rules."""

from __future__ import annotations

from pathlib import Path

from app.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readme_shows_the_two_setup_commands():
    assert "make run" in README and "make test" in README


def test_the_readme_coverage_table_is_what_aegis_rules_coverage_prints(capsys):
    assert main(["rules", "coverage"]) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    in_readme = [line for line in README.splitlines() if line.startswith("| ") and "|---" not in line]
    table = in_readme[in_readme.index(printed[0]):][: len(printed)]
    assert table == printed, "README coverage table is stale: paste the output of `aegis rules coverage`"
