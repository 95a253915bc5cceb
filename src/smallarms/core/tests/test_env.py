import os
import re
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from smallarms.core.env import (
    env_bool,
    env_database,
    env_int,
    env_int_list,
    env_ip_address,
    env_list,
    env_path,
)


def test_boolean_accepts_the_usual_spellings():
    assert env_bool("DEBUG", False, environ={"DEBUG": "Yes"}) is True
    assert env_bool("DEBUG", True, environ={"DEBUG": "0"}) is False
    assert env_bool("DEBUG", True, environ={}) is True


def test_boolean_refuses_anything_else_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^DEBUG must be a boolean .*got 'maybe'"):
        env_bool("DEBUG", False, environ={"DEBUG": "maybe"})


def test_whole_number_refuses_text_and_values_below_the_minimum():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number, got 'smtp'"):
        env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "smtp"})
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be at least 1, got 0"):
        env_int("EMAIL_PORT", 25, minimum=1, environ={"EMAIL_PORT": "0"})


def test_list_refuses_empty_items():
    assert env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "a.org, b.org"}) == [
        "a.org",
        "b.org",
    ]
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS must be a comma-separated"):
        env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "a.org,,b.org"})


def test_a_list_of_whole_numbers_refuses_what_is_not_one_naming_the_variable():
    environ = {"REPORTING_REMINDER_DAYS": "14, 3"}
    assert env_int_list("REPORTING_REMINDER_DAYS", [7], environ=environ) == [14, 3]
    assert env_int_list("REPORTING_REMINDER_DAYS", [7], environ={}) == [7]
    with pytest.raises(
        ImproperlyConfigured,
        match="REPORTING_REMINDER_DAYS must be a comma-separated list of whole numbers, got 'x'",
    ):
        env_int_list("REPORTING_REMINDER_DAYS", [7], environ={"REPORTING_REMINDER_DAYS": "14,x"})
    with pytest.raises(ImproperlyConfigured, match="at least 1, got 0"):
        env_int_list(
            "REPORTING_REMINDER_DAYS", [7], minimum=1, environ={"REPORTING_REMINDER_DAYS": "0"}
        )


def test_path_must_be_absolute():
    with pytest.raises(ImproperlyConfigured, match="SMALLARMS_DATA_DIR must be an absolute path"):
        env_path("SMALLARMS_DATA_DIR", None, environ={"SMALLARMS_DATA_DIR": "data"})


def test_ip_address_is_canonical_and_a_wildcard_only_where_allowed():
    assert env_ip_address("TRUSTED_PROXY", "127.0.0.1", environ={}) == "127.0.0.1"
    spelled_out = {"TRUSTED_PROXY": "0:0:0:0:0:0:0:1"}
    assert env_ip_address("TRUSTED_PROXY", "127.0.0.1", environ=spelled_out) == "::1"
    anyone = {"TRUSTED_PROXY": "*"}
    assert env_ip_address("TRUSTED_PROXY", "127.0.0.1", wildcard=True, environ=anyone) == "*"
    with pytest.raises(ImproperlyConfigured, match=r"TRUSTED_PROXY must be an IP address, got"):
        env_ip_address("TRUSTED_PROXY", "127.0.0.1", environ=anyone)


def test_ip_address_refuses_host_names_and_networks_naming_the_variable():
    for value in ("nginx", "10.0.0.0/8", "10.0.0.1,10.0.0.2"):
        with pytest.raises(
            ImproperlyConfigured,
            match="^" + re.escape(f"TRUSTED_PROXY must be an IP address or *, got '{value}'"),
        ):
            env_ip_address("TRUSTED_PROXY", "", wildcard=True, environ={"TRUSTED_PROXY": value})


def test_database_url_accepts_sqlite_and_postgres():
    sqlite = env_database("DATABASE_URL", "sqlite:////tmp/x.sqlite3", environ={})
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == "/tmp/x.sqlite3"
    postgres = env_database(
        "DATABASE_URL", "", environ={"DATABASE_URL": "postgres://u@db.internal:5433/smallarms"}
    )
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["HOST"], postgres["PORT"], postgres["NAME"]) == (
        "db.internal",
        5433,
        "smallarms",
    )


def test_sqlite_waits_for_its_write_lock_as_long_as_the_busy_timeout_says():
    sqlite = env_database("DATABASE_URL", "sqlite:////tmp/x.sqlite3", sqlite_timeout=12, environ={})
    assert sqlite["OPTIONS"]["timeout"] == 12
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_database_url_refuses_other_engines_naming_the_variable():
    with pytest.raises(
        ImproperlyConfigured, match="DATABASE_URL must use sqlite:// or postgres://"
    ):
        env_database("DATABASE_URL", "", environ={"DATABASE_URL": "mysql://root@localhost/x"})
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL is not a valid database URL"):
        env_database("DATABASE_URL", "", environ={"DATABASE_URL": "nonsense"})


def _run_smallarms(*args, **environment):
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    environ.update(environment)
    return subprocess.run(
        [sys.executable, "-m", "smallarms", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_refuse_to_start_without_secret_key_in_production(tmp_path):
    result = _run_smallarms("check", DEBUG="false", SMALLARMS_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_bad_setting_is_one_line_naming_it_for_any_command(tmp_path):
    result = _run_smallarms("states", "list", DEBUG="false", SMALLARMS_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "smallarms: SECRET_KEY must be set when DEBUG is off (50 or more random characters). "
        'See "Configuration" in the README.\n'
    )


def test_smallarms_help_lists_the_projects_commands_with_their_help(tmp_path):
    from smallarms.__main__ import COMMANDS

    for asked in ([], ["help"], ["--help"]):
        result = _run_smallarms(*asked, DEBUG="true", SMALLARMS_DATA_DIR=str(tmp_path))
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0] == "Usage: smallarms <command> [options]"
        listed = [line.split()[0] for line in lines if line.startswith("  ") and line[2] != " "]
        assert listed == list(COMMANDS)
        assert "  states        Resolve State names, list the States, or load the reference" in (
            result.stdout
        )
        assert "smallarms help --commands lists them all." in result.stdout


def test_settings_refuse_a_bad_debug_value(tmp_path):
    result = _run_smallarms("check", DEBUG="sometimes", SMALLARMS_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path):
    result = _run_smallarms(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k7#Vq2!xR9pL@4mZ8wT1&nB6yC3^hJ5sD0fG%aE-uI+oP*lK=zX",
        ALLOWED_HOSTS="smallarms.example.org",
        SMALLARMS_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
