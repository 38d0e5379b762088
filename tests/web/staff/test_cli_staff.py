"""`aegis users add|list` and `aegis rules export|import`."""

from __future__ import annotations

import io
import logging

import pytest

from app.cli import main
from app.web.settings import Settings
from app.web.staff.tables import open_database
from app.web.staff.versions import Versions

from .conftest import with_chro_fee

SECRET = "a long enough password 42"


@pytest.fixture
def env(monkeypatch, tmp_path, small_rules, database_url):
    monkeypatch.setenv("AEGIS_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("AEGIS_RULES_DIR", str(small_rules))
    if database_url:
        monkeypatch.setenv("AEGIS_DATABASE_URL", database_url)
    else:
        monkeypatch.delenv("AEGIS_DATABASE_URL", raising=False)
    return tmp_path


def _add(monkeypatch, email: str, role: str, password: str = SECRET) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["users", "add", email, "--role", role, "--password-stdin"])


def test_users_add_creates_an_account_that_can_be_listed(env, monkeypatch, capsys):
    assert _add(monkeypatch, "Editor@Example.org", "editor") == 0
    assert main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert "added editor@example.org as editor" in out and "editor@example.org\teditor" in out


def test_users_add_refuses_a_second_account_for_the_same_email_and_a_short_password(env, monkeypatch, capsys):
    assert _add(monkeypatch, "a@example.org", "admin") == 0
    assert _add(monkeypatch, "a@example.org", "editor") == 2
    assert "already an account" in capsys.readouterr().err
    assert _add(monkeypatch, "b@example.org", "editor", "short") == 2
    assert "at least 12 characters" in capsys.readouterr().err


def test_users_add_never_logs_or_prints_the_password(env, monkeypatch, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    assert _add(monkeypatch, "c@example.org", "reviewer") == 0
    captured = capsys.readouterr()
    assert SECRET not in caplog.text + captured.out + captured.err
    assert all(SECRET not in str(r.args) for r in caplog.records)


def test_export_writes_the_published_rules_and_cases(env, small_rules, capsys):
    out = env / "export"
    assert main(["rules", "export", str(out)]) == 0
    assert (out / "ca.yaml").read_text(encoding="utf-8") == (small_rules / "states" / "ca.yaml").read_text(encoding="utf-8")
    assert (out / "ca.cases.yaml").is_file()


def test_import_loads_a_changed_file_as_a_draft_and_refuses_a_broken_one(env, monkeypatch, small_rules, capsys):
    _add(monkeypatch, "ed@example.org", "editor")
    folder = env / "incoming"
    folder.mkdir()
    rules, cases = with_chro_fee((small_rules / "states" / "ca.yaml").read_text(encoding="utf-8"),
                                 (small_rules / "states" / "ca.cases.yaml").read_text(encoding="utf-8"), 450)
    (folder / "ca.yaml").write_text(rules, encoding="utf-8")
    (folder / "ca.cases.yaml").write_text(cases, encoding="utf-8")
    assert main(["rules", "import", str(folder), "--author", "ed@example.org"]) == 0
    versions = Versions(open_database(Settings.from_env().database))
    head = versions.head("CA")
    assert head.status == "draft" and "amount_usd: 450" in head.rules_text and head.author == "ed@example.org"
    (folder / "ca.yaml").write_text(rules.replace("kind: harassment", "kind: harassment\n    colour: blue", 1), encoding="utf-8")
    assert main(["rules", "import", str(folder), "--author", "ed@example.org"]) == 1
    assert "ca.yaml:" in capsys.readouterr().err
    assert versions.head("CA").id == head.id


def test_import_needs_an_existing_author(env, capsys, tmp_path):
    assert main(["rules", "import", str(tmp_path), "--author", "ghost@example.org"]) == 2
    assert "no account for ghost@example.org" in capsys.readouterr().err
