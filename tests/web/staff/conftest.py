"""Staff editor fixtures: a small rules directory (California only), a fresh database per test,
the app built through `create_app(settings)`, and signed-in clients per role.

The database is SQLite in the test's tmp dir. `AEGIS_TEST_DATABASE=postgresql` runs every test
on a fresh database in a throwaway PostgreSQL server instead (see `postgres_support`);
test_postgres.py always uses PostgreSQL when the server binaries are installed."""

from __future__ import annotations

import os
import re
import shutil
import warnings
from pathlib import Path
from typing import Optional

import pytest
from argon2 import PasswordHasher

from app.web.app import create_app
from app.web.settings import Settings

from .postgres_support import ThrowawayPostgres, why_not_available

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "rules"
PASSWORD = "correct horse battery staple"
ROLES = ("editor", "reviewer", "admin")
TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="session")
def small_rules(tmp_path_factory) -> Path:
    """The real vocabulary and national help, and California's rules and cases."""
    d = tmp_path_factory.mktemp("rules")
    (d / "states").mkdir()
    for name in ("vocabulary.yaml", "national.yaml"):
        shutil.copy(RULES / name, d / name)
    for name in ("ca.yaml", "ca.cases.yaml"):
        shutil.copy(RULES / "states" / name, d / "states" / name)
    return d


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL server for the whole test session (skips when not installed)."""
    reason = why_not_available()
    if reason:
        pytest.skip(reason)
    server = ThrowawayPostgres().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty PostgreSQL database for one test (a plain `postgresql://` URL)."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture
def database_url(request) -> Optional[str]:
    """None (SQLite in the data directory) unless `AEGIS_TEST_DATABASE=postgresql`."""
    wanted = os.environ.get("AEGIS_TEST_DATABASE", "sqlite").strip().lower()
    if wanted in ("", "sqlite"):
        return None
    if wanted != "postgresql":
        pytest.fail(f"AEGIS_TEST_DATABASE: '{wanted}' is not sqlite or postgresql")
    if why_not_available():  # asked for explicitly: a skip would hide that nothing ran on PostgreSQL
        pytest.fail(f"AEGIS_TEST_DATABASE=postgresql but {why_not_available()}")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def settings(small_rules, tmp_path, database_url) -> Settings:
    return Settings(rules_dir=small_rules, data_dir=tmp_path, forms_dir=tmp_path / "forms",
                    staff_secure_cookies=False, rules_poll_seconds=0, database_url=database_url)


def quick_hashes(app) -> None:
    """Cheaper argon2id parameters so tests stay fast (production keeps the library's defaults)."""
    app.state.staff.accounts.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def build(settings: Settings):
    app = create_app(settings)
    quick_hashes(app)
    for role in ROLES:
        app.state.staff.accounts.add_user(f"{role}@example.org", role, PASSWORD, actor="test")
    return app


@pytest.fixture
def app(settings):
    return build(settings)


def client(app) -> TestClient:
    return TestClient(app, follow_redirects=False)


def sign_in(app, email: str, password: str = PASSWORD) -> TestClient:
    """A client signed in as `email` (asserts the sign-in worked)."""
    c = client(app)
    answer = sign_in_with(c, email, password)
    assert answer.status_code == 303, answer.text
    return c


def sign_in_with(c: TestClient, email: str, password: str):
    page = c.get("/staff/login")
    return c.post("/staff/login", data={"email": email, "password": password, "csrf": token_in(page.text)})


def token_in(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def csrf_of(c: TestClient) -> str:
    return token_in(c.get("/staff/").text)


@pytest.fixture
def staff(app) -> dict[str, TestClient]:
    """One signed-in client per role."""
    return {role: sign_in(app, f"{role}@example.org") for role in ROLES}


def ca_texts(small_rules: Path) -> tuple[str, str]:
    return ((small_rules / "states" / "ca.yaml").read_text(encoding="utf-8"),
            (small_rules / "states" / "ca.cases.yaml").read_text(encoding="utf-8"))


def with_chro_fee(rules_text: str, cases_text: str, fee: int) -> tuple[str, str]:
    """California's civil harassment fee (435 in the bundled rules) changed, and the case that pins it."""
    start = rules_text.index("id: ca_chro")
    at = rules_text.index("amount_usd: 435", start)
    rules = rules_text[:at] + f"amount_usd: {fee}" + rules_text[at + len("amount_usd: 435"):]
    marker = "fee: {amount_usd: 435, unverified: true, waiver_form: CA/FW-001}"
    assert marker in cases_text
    return rules, cases_text.replace(marker, marker.replace("435", str(fee)))


def roommate_fee(app_or_client, on: str = "2026-11-23") -> object:
    """The civil harassment fee the public API gives a roommate who harasses."""
    c = app_or_client if isinstance(app_or_client, TestClient) else client(app_or_client)
    answer = c.post(f"/api/v1/assess?on={on}", json={"state": "CA", "relationships": ["roommate"],
                                                     "conduct": ["harassment"], "petitioner_age": 24, "respondent_age": 26})
    assert answer.status_code == 200, answer.text
    return next(o for o in answer.json()["options"] if o["id"] == "ca_chro")["fee"]["amount_usd"]


def save_draft(c: TestClient, rules_text: str, cases_text: str, base_id, note: str = "Fee update"):
    return c.post("/staff/states/CA/drafts", data={"csrf": csrf_of(c), "rules_text": rules_text, "cases_text": cases_text,
                                                    "base_version_id": str(base_id), "note": note})
