"""Drafts, review, publication, history, restore and optimistic locking."""

from __future__ import annotations

import re
import shutil

from app.web.staff.tables import PUBLISHED

from .conftest import RULES, build, ca_texts, client, csrf_of, roommate_fee, save_draft, sign_in, with_chro_fee


def _new_version_id(answer) -> int:
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/staff/versions/(\d+)", answer.headers["location"])
    assert found, answer.headers["location"]
    return int(found.group(1))


def _publish(c, version_id: int):
    return c.post(f"/staff/versions/{version_id}/publish", data={"csrf": csrf_of(c)})


def test_a_saved_draft_is_never_public(app, staff, small_rules):
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    base = app.state.staff.versions.head("CA").id
    version = _new_version_id(save_draft(staff["editor"], rules, cases, base))
    assert app.state.staff.versions.get(version).status == "draft"
    assert roommate_fee(app) == 435


def test_a_reviewer_publishes_and_the_public_api_answers_with_the_new_fee_without_a_restart(app, staff, small_rules):
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    version = _new_version_id(save_draft(staff["editor"], rules, cases, app.state.staff.versions.head("CA").id))
    assert _publish(staff["reviewer"], version).status_code == 303
    assert roommate_fee(app) == 450
    row = app.state.staff.versions.get(version)
    assert (row.status, row.author, row.reviewer) == (PUBLISHED, "editor@example.org", "reviewer@example.org")


def test_the_author_cannot_publish_their_own_draft(app, staff, small_rules):
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    version = _new_version_id(save_draft(staff["admin"], rules, cases, app.state.staff.versions.head("CA").id))
    answer = _publish(staff["admin"], version)
    assert answer.status_code == 409
    assert "someone other than the author" in answer.text
    assert roommate_fee(app) == 435


def test_self_review_setting_lets_a_one_person_office_publish(settings, small_rules):
    app = build(settings.model_copy(update={"staff_self_review": True}))
    admin = sign_in(app, "admin@example.org")
    rules, cases = with_chro_fee(*ca_texts(small_rules), 460)
    version = _new_version_id(save_draft(admin, rules, cases, app.state.staff.versions.head("CA").id))
    assert _publish(admin, version).status_code == 303
    assert roommate_fee(app) == 460


def test_saving_on_top_of_an_old_version_is_refused_and_the_text_is_kept_on_the_page(app, staff, small_rules):
    original = app.state.staff.versions.head("CA").id
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    _new_version_id(save_draft(staff["editor"], rules, cases, original))
    late_rules, late_cases = with_chro_fee(*ca_texts(small_rules), 470)
    answer = save_draft(staff["admin"], late_rules, late_cases, original, note="Another fee")
    assert answer.status_code == 409
    assert "changed while you were editing" in answer.text and "amount_usd: 470" in answer.text
    assert len(app.state.staff.versions.history("CA")) == 2


def test_a_change_note_is_required(app, staff, small_rules):
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    answer = save_draft(staff["editor"], rules, cases, app.state.staff.versions.head("CA").id, note="  ")
    assert answer.status_code == 422 and "change note is required" in answer.text
    assert len(app.state.staff.versions.history("CA")) == 1


def test_history_keeps_every_version_and_restore_makes_a_new_one(app, staff, small_rules):
    first = app.state.staff.versions.head("CA").id
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    changed = _new_version_id(save_draft(staff["editor"], rules, cases, first))
    _publish(staff["reviewer"], changed)
    page = staff["editor"].get("/staff/states/CA/versions").text
    assert f"/staff/versions/{first}" in page and f"/staff/versions/{changed}" in page and "Fee update" in page
    answer = staff["editor"].post(f"/staff/versions/{first}/restore", data={"csrf": csrf_of(staff["editor"]), "note": "Fee was wrong"})
    restored = _new_version_id(answer)
    assert restored not in (first, changed)
    assert app.state.staff.versions.get(restored).rules_text == app.state.staff.versions.get(first).rules_text
    assert roommate_fee(app) == 450, "a restore is a draft until reviewed"
    _publish(staff["reviewer"], restored)
    assert roommate_fee(app) == 435
    assert len(app.state.staff.versions.history("CA")) == 3


def test_only_the_newest_version_can_be_published(app, staff, small_rules):
    base = app.state.staff.versions.head("CA").id
    older = _new_version_id(save_draft(staff["editor"], *with_chro_fee(*ca_texts(small_rules), 450), base))
    _new_version_id(save_draft(staff["editor"], *with_chro_fee(*ca_texts(small_rules), 455), older))
    answer = _publish(staff["reviewer"], older)
    assert answer.status_code == 409 and "is newer" in answer.text


def test_a_second_instance_picks_up_a_publication_from_the_shared_database(app, staff, settings, small_rules):
    other = client(build_second(settings))
    assert roommate_fee(other) == 435
    version = _new_version_id(save_draft(staff["editor"], *with_chro_fee(*ca_texts(small_rules), 450),
                                         app.state.staff.versions.head("CA").id))
    _publish(staff["reviewer"], version)
    assert roommate_fee(other) == 450


def build_second(settings):
    """Another instance on the same database (the users already exist)."""
    from app.web.app import create_app

    return create_app(settings)


def test_the_poll_waits_rules_poll_seconds_between_database_queries(app):
    published = app.state.staff.published
    now = [100.0]
    calls = []
    published.clock = lambda: now[0]
    published.poll_seconds = 5
    published._checked_at = 100.0
    real = published.versions.latest_publication
    published.versions.latest_publication = lambda: calls.append(1) or real()
    published.book()
    now[0] = 104.9
    published.book()
    assert calls == []
    now[0] = 105.0
    published.book()
    assert calls == [1]


def test_the_last_good_rules_keep_being_served_when_the_database_fails(app, staff, small_rules):
    published = app.state.staff.published
    before = published.book()

    def broken():
        raise OSError("database unreachable")

    published.versions.latest_publication = broken
    assert published.book() is before
    assert roommate_fee(app) == 435


def test_the_bundled_rules_seed_the_database_once_and_later_only_new_states(app, small_rules, tmp_path):
    versions = app.state.staff.versions
    assert versions.seed(small_rules) == 0, "already seeded at start"
    grown = tmp_path / "grown"
    shutil.copytree(small_rules, grown)
    for name in ("ny.yaml", "ny.cases.yaml"):
        shutil.copy(RULES / "states" / name, grown / "states" / name)
    assert versions.seed(grown) == 1
    assert set(versions.current_ids()) == {"CA", "NY"}
    assert versions.history("CA")[0].id == versions.current_ids()["CA"], "CA untouched"


def test_a_draft_on_top_of_another_draft_shows_the_reviewer_every_change_from_the_public_version(app, staff, small_rules):
    base = app.state.staff.versions.head("CA").id
    first = _new_version_id(save_draft(staff["editor"], *with_chro_fee(*ca_texts(small_rules), 450), base))
    rules, cases = with_chro_fee(*ca_texts(small_rules), 450)
    rules = rules.replace("name: California\n", "name: California (State of)\n", 1)
    second = _new_version_id(save_draft(staff["editor"], rules, cases, first))
    page = staff["reviewer"].get(f"/staff/versions/{second}").text
    assert "-      - amount_usd: 435" in page and "+      - amount_usd: 450" in page
    assert "+name: California (State of)" in page


def test_a_published_text_that_no_longer_loads_leaves_the_previous_rules_in_service(app, caplog):
    from sqlalchemy.orm import Session

    from app.web.staff.accounts import utcnow
    from app.web.staff.tables import RuleVersion

    versions = app.state.staff.versions
    head = versions.head("CA")
    with Session(versions.engine) as db, db.begin():  # as if the vocabulary changed under a published text
        db.add(RuleVersion(state="CA", rules_text="state: CA\n", cases_text="", status=PUBLISHED, base_version_id=head.id,
                           author="x", reviewer="y", note="broken", created_at=utcnow(), published_at=utcnow(),
                           published_seq=versions.latest_publication() + 1))
    assert roommate_fee(app) == 435
    assert app.state.staff.published.loaded_version_ids()["CA"] == head.id
    assert "still serving the previous one" in caplog.text
