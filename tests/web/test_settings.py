"""Settings come from AEGIS_* variables in one place, and a bad value names its variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.web.settings import BUNDLED_MAPS, BUNDLED_RULES, Settings, SettingsError

KEY_HEX = "00112233445566778899aabbccddeeff" * 2


def test_with_no_variables_the_bundled_rules_and_maps_are_used():
    settings = Settings.from_env({})
    assert settings.rules_dir == BUNDLED_RULES and settings.maps_dir == BUNDLED_MAPS
    assert settings.forms_dir == settings.data_dir / "forms"
    assert settings.database == f"sqlite:///{settings.data_dir / 'aegis.db'}"
    assert len(settings.secret_key) == 32


def test_each_process_without_a_secret_key_gets_its_own_random_key():
    assert Settings.from_env({}).secret_key != Settings.from_env({}).secret_key


@pytest.mark.parametrize("variable, field", [("AEGIS_RULES_DIR", "rules_dir"), ("AEGIS_FORMS_DIR", "forms_dir"),
                                             ("AEGIS_MAPS_DIR", "maps_dir"), ("AEGIS_DATA_DIR", "data_dir")])
def test_each_directory_variable_sets_its_directory(variable, field):
    assert getattr(Settings.from_env({variable: "/srv/aegis/x"}), field) == Path("/srv/aegis/x")


def test_the_forms_directory_follows_the_data_directory_unless_set():
    assert Settings.from_env({"AEGIS_DATA_DIR": "/srv/aegis"}).forms_dir == Path("/srv/aegis/forms")
    both = Settings.from_env({"AEGIS_DATA_DIR": "/srv/aegis", "AEGIS_FORMS_DIR": "/opt/forms"})
    assert both.forms_dir == Path("/opt/forms")


def test_an_empty_variable_counts_as_unset():
    assert Settings.from_env({"AEGIS_RULES_DIR": "", "AEGIS_SECRET_KEY": ""}).rules_dir == BUNDLED_RULES


def test_the_database_url_variable_replaces_the_sqlite_file():
    settings = Settings.from_env({"AEGIS_DATABASE_URL": "postgresql://aegis@db/aegis"})
    assert settings.database == "postgresql://aegis@db/aegis"


def test_a_secret_key_of_64_hex_digits_becomes_the_key():
    assert Settings.from_env({"AEGIS_SECRET_KEY": KEY_HEX}).secret_key == bytes.fromhex(KEY_HEX)


@pytest.mark.parametrize("value, says", [("not-hex", "64 hex digits"), ("abcd", "2 bytes given, 32 needed"),
                                         (KEY_HEX + "00", "33 bytes given")])
def test_a_bad_secret_key_names_the_variable_and_the_fix(value, says):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({"AEGIS_SECRET_KEY": value})
    assert str(raised.value).startswith("AEGIS_SECRET_KEY: ") and says in str(raised.value)
    assert value not in str(raised.value)  # a secret, even a wrong one, is not echoed


def test_the_secret_key_is_not_shown_when_settings_are_printed():
    settings = Settings.from_env({"AEGIS_SECRET_KEY": KEY_HEX})
    assert KEY_HEX not in repr(settings) and repr(bytes.fromhex(KEY_HEX)) not in repr(settings)


@pytest.mark.parametrize("value, expected", [("1", True), ("yes", True), ("TRUE", True), ("0", False), ("no", False), (" false ", False)])
def test_staff_self_review_takes_yes_or_no(value, expected):
    assert Settings.from_env({"AEGIS_STAFF_SELF_REVIEW": value}).staff_self_review is expected


def test_insecure_cookies_turns_secure_cookies_off():
    assert Settings.from_env({}).staff_secure_cookies is True
    assert Settings.from_env({"AEGIS_INSECURE_COOKIES": "yes"}).staff_secure_cookies is False
    assert Settings.from_env({"AEGIS_INSECURE_COOKIES": "no"}).staff_secure_cookies is True


@pytest.mark.parametrize("variable", ["AEGIS_STAFF_SELF_REVIEW", "AEGIS_INSECURE_COOKIES"])
def test_a_flag_that_is_not_yes_or_no_names_its_variable(variable):
    with pytest.raises(SettingsError, match=f"^{variable}: 'maybe' is not yes or no"):
        Settings.from_env({variable: "maybe"})


def test_the_rules_poll_interval_comes_from_its_variable():
    assert Settings.from_env({}).rules_poll_seconds == 2.0
    assert Settings.from_env({"AEGIS_RULES_POLL_SECONDS": "5"}).rules_poll_seconds == 5.0
    assert Settings.from_env({"AEGIS_RULES_POLL_SECONDS": " 0.5 "}).rules_poll_seconds == 0.5


@pytest.mark.parametrize("value, says", [("soon", "is not a number of seconds"), ("0", "above zero"),
                                         ("-3", "above zero"), ("nan", "above zero"), ("inf", "above zero")])
def test_a_poll_interval_that_is_not_a_positive_number_names_its_variable(value, says):
    with pytest.raises(SettingsError, match=f"^AEGIS_RULES_POLL_SECONDS: '{value}' .*{says}"):
        Settings.from_env({"AEGIS_RULES_POLL_SECONDS": value})


def test_overrides_win_over_the_environment():
    assert Settings.from_env({"AEGIS_RULES_DIR": "/a"}, rules_dir=Path("/b")).rules_dir == Path("/b")


def test_variables_that_are_not_aegis_settings_are_ignored():
    assert Settings.from_env({"HOME": "/root", "AEGIS_UNKNOWN": "1"}).rules_dir == BUNDLED_RULES
