"""The staff editor on PostgreSQL, the database of multi-instance deployments.

Every test here gets a fresh database in the session's throwaway server (`postgres_support`),
reached by a plain `postgresql://` URL as an operator would write it; they skip, saying why, when
the server binaries are not installed (`make test` installs them). The whole staff suite can run
on PostgreSQL too: `AEGIS_TEST_DATABASE=postgresql`.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DatabaseError

from app.web.staff import audit
from app.web.staff.checking import check_draft
from app.web.staff.errors import AccountError, ReviewError
from app.web.staff.tables import AuditEntry, RuleVersion, open_database, with_driver
from app.web.staff.versions import BUNDLED, Versions

from .conftest import (PASSWORD, build, ca_texts, client, csrf_of, roommate_fee, save_draft, sign_in, sign_in_with,
                       with_chro_fee)
from .test_publishing import _new_version_id, _publish, build_second


@pytest.fixture
def database_url(postgres_url) -> str:
    """Every app in this module (the shared `settings`, `app` and `staff` fixtures) uses PostgreSQL."""
    return postgres_url


def _fee_450_draft(app, staff, small_rules) -> int:
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    return _new_version_id(save_draft(staff["editor"], rules, cases, app.state.staff.versions.head("CA").id))


def test_a_plain_postgresql_url_is_opened_with_psycopg_3(database_url):
    assert database_url.startswith("postgresql://")
    assert with_driver("postgresql://aegis@db/aegis") == "postgresql+psycopg://aegis@db/aegis"
    assert with_driver("postgres://aegis@db/aegis") == "postgresql+psycopg://aegis@db/aegis"
    assert with_driver("postgresql+psycopg2://aegis@db/aegis") == "postgresql+psycopg2://aegis@db/aegis"
    assert with_driver("sqlite:///var/aegis.db") == "sqlite:///var/aegis.db"
    engine = open_database(database_url)
    assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")
    assert {"staff_users", "staff_sessions", "rule_versions", "staff_audit"} <= set(inspect(engine).get_table_names())


def test_the_bundled_rules_seed_the_database_and_the_public_api_serves_them(app, small_rules):
    versions = app.state.staff.versions
    current = versions.current("CA")
    assert current.author == BUNDLED and current.status == "published" and current.published_seq == 1
    assert current.rules_text == (small_rules / "states" / "ca.yaml").read_text(encoding="utf-8")
    assert versions.seed(small_rules) == 0, "seeded once"
    assert roommate_fee(app) == 435


def test_a_saved_draft_is_kept_and_a_save_based_on_an_old_version_is_refused(app, staff, small_rules):
    base = app.state.staff.versions.head("CA").id
    version = _fee_450_draft(app, staff, small_rules)
    saved = app.state.staff.versions.get(version)
    assert (saved.status, saved.base_version_id, saved.author) == ("draft", base, "editor@example.org")
    assert roommate_fee(app) == 435, "a draft is never public"
    stale = save_draft(staff["admin"], *with_chro_fee(*ca_texts(small_rules), 460), base, note="Another fee")
    assert stale.status_code == 409 and "changed while you were editing" in stale.text
    assert app.state.staff.versions.head("CA").id == version


def test_the_database_refuses_a_second_version_on_the_same_base_even_past_the_check(app, small_rules):
    versions = app.state.staff.versions
    base = versions.head("CA")
    with pytest.raises(DatabaseError, match="base_version_id"):  # the unique constraint behind the optimistic lock
        with versions.engine.begin() as db:
            for note in ("one", "two"):
                db.execute(RuleVersion.__table__.insert().values(
                    state="CA", rules_text="x", cases_text="", status="draft", base_version_id=base.id, author="a",
                    note=note, created_at=base.created_at))
    assert versions.head("CA").id == base.id


def test_another_reviewer_publishes_and_the_public_api_answers_with_the_new_fee(app, staff, small_rules):
    version = _fee_450_draft(app, staff, small_rules)
    assert _publish(staff["editor"], version).status_code == 403
    assert _publish(staff["reviewer"], version).status_code == 303
    published = app.state.staff.versions.get(version)
    assert (published.status, published.reviewer, published.published_seq) == ("published", "reviewer@example.org", 2)
    assert roommate_fee(app) == 450


def test_a_second_instance_picks_up_a_publication_within_the_poll_interval(settings, small_rules):
    first = build(settings.model_copy(update={"rules_poll_seconds": 0}))
    second = build_second(settings.model_copy(update={"rules_poll_seconds": 0.5}))
    staff = {role: sign_in(first, f"{role}@example.org") for role in ("editor", "reviewer")}
    public = client(second)
    assert roommate_fee(public) == 435
    version = _fee_450_draft(first, staff, small_rules)
    assert _publish(staff["reviewer"], version).status_code == 303
    published_at = time.monotonic()
    while roommate_fee(public) != 450:
        assert time.monotonic() - published_at < 0.5 + 2, "the second instance never picked up the publication"
        time.sleep(0.05)
    assert second.state.staff.published.loaded_version_ids()["CA"] == version


def test_two_reviewers_publishing_one_draft_at_the_same_moment_publish_it_once(app, staff, small_rules):
    version_id = _fee_450_draft(app, staff, small_rules)
    versions = app.state.staff.versions
    version = versions.get(version_id)
    check = check_draft(app.state.staff.published.book(), "CA", version.rules_text, version.cases_text)
    reviewers = [f"reviewer{n}@example.org" for n in range(6)]
    start = threading.Barrier(len(reviewers))
    outcomes: dict[str, str] = {}

    def publish(reviewer: str) -> None:
        mine = Versions(versions.engine)
        start.wait()
        try:
            mine.publish(version_id, check, reviewer, self_review_allowed=False)
            outcomes[reviewer] = "published"
        except ReviewError as exc:
            outcomes[reviewer] = str(exc)

    threads = [threading.Thread(target=publish, args=(r,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    winners = [r for r, outcome in outcomes.items() if outcome == "published"]
    assert len(outcomes) == len(reviewers) and len(winners) == 1, outcomes
    assert versions.get(version_id).reviewer == winners[0]
    assert versions.latest_publication() == 2
    published = [e for e in audit.recent(versions.engine) if e.action == "published"]
    assert [(e.actor, e.version_id) for e in published] == [(winners[0], version_id)]


def test_instances_starting_together_on_an_empty_database_create_and_seed_it_once(database_url, small_rules):
    start = threading.Barrier(4)
    errors: list[BaseException] = []
    seeded: list[int] = []

    def instance() -> None:
        start.wait()
        try:
            seeded.append(Versions(open_database(database_url)).seed(small_rules))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=instance) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and sorted(seeded) == [0, 0, 0, 1]
    assert list(Versions(open_database(database_url)).current_ids()) == ["CA"]


@pytest.mark.parametrize("statement", ["UPDATE staff_audit SET actor = 'someone else'", "DELETE FROM staff_audit",
                                       "TRUNCATE staff_audit"])
def test_the_database_trigger_refuses_to_change_the_audit_log(app, staff, statement):
    engine = app.state.staff.versions.engine
    before = [(e.id, e.actor, e.action) for e in audit.recent(engine)]
    assert any(action == "signed in" for _, _, action in before)
    with pytest.raises(DatabaseError, match="the audit log is append-only"):
        with engine.begin() as db:
            db.execute(text(statement))
    assert [(e.id, e.actor, e.action) for e in audit.recent(engine)] == before
    with engine.begin() as db:  # appending still works
        db.execute(AuditEntry.__table__.insert().values(at=audit.recent(engine)[0].at, actor="test", action="appended"))
    assert audit.recent(engine, limit=1)[0].action == "appended"


def test_accounts_and_sessions_work(app, settings):
    accounts = app.state.staff.accounts
    with pytest.raises(AccountError, match="already an account"):
        accounts.add_user("Editor@Example.org", "editor", PASSWORD)
    with pytest.raises(AccountError, match="at most 254 characters"):  # PostgreSQL would refuse the row
        accounts.add_user("a" * 250 + "@example.org", "editor", PASSWORD)
    assert [u.email for u in accounts.users()] == ["admin@example.org", "editor@example.org", "reviewer@example.org"]

    browser = sign_in(app, "editor@example.org")
    assert browser.get("/staff/").status_code == 200
    assert sign_in_with(client(app), "editor@example.org", "wrong password here").status_code == 401
    assert sign_in_with(client(app), "edi\x00tor@example.org", PASSWORD).status_code == 401  # not a server error

    user = accounts.check_password("editor@example.org", PASSWORD)
    token, who = accounts.start_session(user)
    assert accounts.signed_in(token) == who
    later = accounts.now() + timedelta(hours=13)
    accounts.now = lambda: later
    assert accounts.signed_in(token) is None, "expired"
    accounts.now = type(accounts).__init__.__defaults__[0]
    assert accounts.end_every_session(who) == 2
    assert browser.get("/staff/").status_code == 303, "signed out everywhere"
    assert ("editor@example.org", "signed out everywhere") in [(e.actor, e.action) for e in audit.recent(accounts.engine)]


def test_a_nul_character_in_a_note_is_kept_as_a_replacement_character_not_a_server_error(app, staff, small_rules):
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    saved = save_draft(staff["editor"], rules, cases, app.state.staff.versions.head("CA").id, note="Fee\x00 rose")
    version = _new_version_id(saved)
    assert app.state.staff.versions.get(version).note == "Fee\ufffd rose"
    answer = staff["reviewer"].post(f"/staff/versions/{version}/publish",
                                    data={"csrf": csrf_of(staff["reviewer"]), "review_note": "ok\x00"})
    assert answer.status_code == 303
    with app.state.staff.versions.engine.connect() as db:
        assert db.scalar(select(AuditEntry.detail).where(AuditEntry.action == "published")) == "ok\ufffd"


def test_a_version_number_beyond_the_database_integers_is_not_found(staff):
    for number in (2**31 - 1, 2**31, 2**40, 2**70):
        assert staff["editor"].get(f"/staff/versions/{number}").status_code == 404, number
