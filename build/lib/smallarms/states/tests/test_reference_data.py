"""The shipped reference data is complete and consistent."""

from collections import Counter

import pycountry
import pytest

from smallarms.states import reference

LANGUAGES = ("ar", "zh-hans", "en", "fr", "ru", "es")
STATES = reference.states()
MEMBERS = [s for s in STATES if s["un_member"]]
AREAS = {a["code"]: a for a in reference.areas()}
ORGANIZATIONS = reference.organizations()


def test_there_are_193_member_states_and_two_observer_states():
    assert len(MEMBERS) == 193
    observers = sorted(s["iso3"] for s in STATES if not s["un_member"])
    assert observers == ["PSE", "VAT"]


@pytest.mark.parametrize("code", ["iso3", "iso2", "m49"])
def test_codes_are_unique(code):
    counts = Counter(s[code] for s in STATES)
    assert [value for value, n in counts.items() if n > 1] == []


def test_codes_agree_with_iso_3166():
    for state in STATES:
        country = pycountry.countries.get(alpha_3=state["iso3"])
        assert country is not None, state["iso3"]
        assert (country.alpha_2, country.numeric) == (state["iso2"], state["m49"]), state["iso3"]


def test_every_member_state_is_in_exactly_one_regional_group():
    groups = Counter(s["regional_group"] for s in MEMBERS)
    assert None not in groups
    assert groups == {"african": 54, "asia_pacific": 54, "eeg": 23, "grulac": 33, "weog": 29}


def test_regional_group_edge_cases_are_explained():
    by_iso3 = {s["iso3"]: s for s in STATES}
    assert by_iso3["USA"]["regional_group"] == "weog"
    assert by_iso3["TUR"]["regional_group"] == "weog"
    assert by_iso3["ISR"]["regional_group"] == "weog"
    assert by_iso3["KIR"]["regional_group"] == "asia_pacific"
    assert by_iso3["VAT"]["regional_group"] is None
    for iso3 in ("USA", "TUR", "ISR", "KIR", "VAT", "PSE"):
        assert by_iso3[iso3]["regional_group_note"], iso3


def test_every_state_has_short_and_formal_names_in_the_six_languages():
    for state in STATES:
        assert set(state["names"]) == set(LANGUAGES), state["iso3"]
        for language in LANGUAGES:
            for kind in ("short", "formal"):
                name = state["names"][language][kind]
                assert name and name == name.strip() and "  " not in name, (state["iso3"], language)


def test_short_names_are_unique_in_every_language():
    for language in LANGUAGES:
        counts = Counter(s["names"][language]["short"] for s in STATES)
        assert [name for name, n in counts.items() if n > 1] == [], language


def test_names_are_in_the_script_of_their_language():
    def has(script_range, text):
        low, high = script_range
        return any(low <= ord(char) <= high for char in text)

    for state in STATES:
        names = state["names"]
        assert has((0x0600, 0x06FF), names["ar"]["short"]), state["iso3"]
        assert has((0x4E00, 0x9FFF), names["zh-hans"]["short"]), state["iso3"]
        assert has((0x0400, 0x04FF), names["ru"]["short"]), state["iso3"]


def test_every_state_sits_in_a_consistent_m49_region_and_subregion():
    for state in STATES:
        region = AREAS[state["m49_region"]]
        subregion = AREAS[state["m49_subregion"]]
        assert region["level"] == "region"
        assert subregion["level"] == "subregion" and subregion["parent"] == region["code"]
        if state["m49_intermediate_region"]:
            intermediate = AREAS[state["m49_intermediate_region"]]
            assert intermediate["parent"] == subregion["code"], state["iso3"]


def test_areas_come_after_their_parent_and_have_six_names():
    seen = set()
    for area in reference.areas():
        assert area["parent"] is None or area["parent"] in seen, area["code"]
        assert {k for k, v in area["names"].items() if v} == set(LANGUAGES), area["code"]
        seen.add(area["code"])


def test_regions_have_the_member_states_the_m49_standard_gives_them():
    regions = Counter(AREAS[s["m49_region"]]["names"]["en"] for s in MEMBERS)
    assert regions == {"Africa": 54, "Asia": 47, "Europe": 43, "Americas": 35, "Oceania": 14}


def test_organizations_have_unique_slugs_and_names_in_six_languages():
    slugs = Counter(o["slug"] for o in ORGANIZATIONS)
    assert [slug for slug, n in slugs.items() if n > 1] == []
    for organization in ORGANIZATIONS:
        assert set(organization["names"]) == set(LANGUAGES), organization["slug"]
        for language in LANGUAGES:
            assert organization["names"][language]["name"], (organization["slug"], language)


def test_organization_members_are_un_member_or_observer_states_listed_once():
    codes = {s["iso3"] for s in STATES}
    for organization in ORGANIZATIONS:
        members = [m["iso3"] for m in organization["members"]]
        assert set(members) <= codes, organization["slug"]
        assert len(members) == len(set(members)), organization["slug"]


def test_parents_of_organizations_are_listed_before_them():
    seen = set()
    for organization in ORGANIZATIONS:
        assert organization["parent"] is None or organization["parent"] in seen
        seen.add(organization["slug"])


@pytest.mark.parametrize(
    ("slug", "count"),
    [
        ("au", 54),  # 55 members, one of which (the Sahrawi Republic) is not a UN State
        ("eu", 27),
        ("nato", 32),
        ("osce", 57),
        ("asean", 11),
        ("ecowas", 12),
        ("sadc", 16),
        ("sica", 8),
        ("las", 22),
    ],
)
def test_organization_membership_counts(slug, count):
    organization = next(o for o in ORGANIZATIONS if o["slug"] == slug)
    assert len(organization["members"]) == count


@pytest.mark.parametrize(
    "slug",
    [
        "au", "ecowas", "eccas", "sadc", "eac", "igad", "recsa", "icglr", "las",
        "oas", "sica", "caricom", "mercosur", "osce", "eu", "nato", "asean", "pif",
        "unoda", "unrec", "unrcpd", "unlirec", "unodc", "undp", "unidir", "unmas", "unicef",
        "un-women", "dppa", "dpo", "interpol", "wco",
    ],
)  # fmt: skip
def test_the_organizations_the_system_needs_are_shipped(slug):
    assert slug in {o["slug"] for o in ORGANIZATIONS}


def test_unoda_regional_centres_belong_to_unoda():
    parents = {o["slug"]: o["parent"] for o in ORGANIZATIONS}
    assert parents["unrec"] == parents["unrcpd"] == parents["unlirec"] == "unoda"
