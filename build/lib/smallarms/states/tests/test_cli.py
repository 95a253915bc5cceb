"""``smallarms states resolve`` and ``smallarms states list --json``, run as a user would."""

import json
import os
import subprocess
import sys

import pytest


def smallarms(*args, stdin=""):
    environ = dict(os.environ, DEBUG="true")
    environ.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "smallarms", *args],
        input=stdin,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_resolve_writes_one_json_object_per_line_in_input_order_and_exits_zero():
    result = smallarms(
        "states", "resolve", stdin="the Niger\nNigeria\nCôte d’Ivoire\nIran (Islamic Republic of)\n"
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == [
        {"input": "the Niger", "iso3": "NER", "name": "Niger"},
        {"input": "Nigeria", "iso3": "NGA", "name": "Nigeria"},
        {"input": "Côte d’Ivoire", "iso3": "CIV", "name": "Côte d'Ivoire"},
        {
            "input": "Iran (Islamic Republic of)",
            "iso3": "IRN",
            "name": "Iran (Islamic Republic of)",
        },
    ]
    assert result.stderr == ""


def test_resolve_exits_one_and_lists_unresolved_names_on_standard_error():
    result = smallarms("states", "resolve", stdin="Swaziland\nKorea\nAtlantis\nGuinea-Bissau\n")
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["iso3"] for line in lines] == ["SWZ", None, None, "GNB"]
    assert lines[1] == {"input": "Korea", "iso3": None, "name": None}
    assert "2 name(s) not resolved" in result.stderr
    assert "'Korea'" in result.stderr and "'Atlantis'" in result.stderr
    assert "Swaziland" not in result.stderr


def test_resolve_of_empty_input_writes_nothing_and_succeeds():
    result = smallarms("states", "resolve", stdin="")
    assert (result.returncode, result.stdout) == (0, "")


def test_list_json_writes_every_state_with_codes_groups_and_six_names():
    result = smallarms("states", "list", "--json")
    assert result.returncode == 0, result.stderr
    states = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(states) == 195
    kenya = next(s for s in states if s["iso3"] == "KEN")
    assert kenya == {
        "iso3": "KEN",
        "iso2": "KE",
        "m49": "404",
        "un_member": True,
        "regional_group": "african",
        "region": "002",
        "subregion": "202",
        "names": {
            "ar": "كينيا",
            "zh-hans": "肯尼亚",
            "en": "Kenya",
            "fr": "Kenya",
            "ru": "Кения",
            "es": "Kenya",
        },
    }
    holy_see = next(s for s in states if s["iso3"] == "VAT")
    assert (holy_see["un_member"], holy_see["regional_group"]) == (False, None)


@pytest.mark.parametrize("args", [["states", "list"], ["states"]])
def test_list_without_json_and_a_missing_verb_fail_with_a_message(args):
    result = smallarms(*args)
    assert result.returncode != 0
    assert result.stderr.strip()
