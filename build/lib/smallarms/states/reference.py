"""The shipped reference data: States, M49 areas and organizations, read from the JSON files
in ``data/`` (sources: docs/reference-data.md). This module only reads; ``services`` loads
the data into the database and ``resolver`` builds the name index from it.
"""

import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("ar", "zh-hans", "en", "fr", "ru", "es")


def _read(name: str):
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def states() -> tuple[dict, ...]:
    return tuple(_read("states.json"))


@cache
def areas() -> tuple[dict, ...]:
    return tuple(_read("m49_areas.json"))


@cache
def organizations() -> tuple[dict, ...]:
    return tuple(_read("organizations.json"))


def all_names(state: dict) -> list[tuple[str, str]]:
    """Every (language, name) the data gives a State: UN short and formal, former, other."""
    found = []
    for language, names in state["names"].items():
        found.extend((language, names[kind]) for kind in ("short", "formal") if names.get(kind))
    for former in state.get("former_names", []):
        for language, names in former["names"].items():
            found.extend((language, name) for name in names)
    for language, names in state.get("other_names", {}).items():
        found.extend((language, name) for name in names)
    return found


def state_summary(state: dict) -> dict:
    """The public description of a State used by ``smallarms states list --json``."""
    return {
        "iso3": state["iso3"],
        "iso2": state["iso2"],
        "m49": state["m49"],
        "un_member": state["un_member"],
        "regional_group": state["regional_group"],
        "region": state["m49_region"],
        "subregion": state["m49_subregion"],
        "names": {language: state["names"][language]["short"] for language in LANGUAGES},
    }
