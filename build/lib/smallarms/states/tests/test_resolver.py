"""The State-name resolver: every name the UN has used resolves; nothing is guessed."""

import pytest

from smallarms.states import reference
from smallarms.states.resolver import Resolver, default_resolver, keys, resolve

UN_SPELLINGS = [
    # Official and short forms, with and without "the"
    ("Kenya", "KEN"),
    ("the Republic of Kenya", "KEN"),
    ("Republic of Kenya", "KEN"),
    ("the Niger", "NER"),
    ("the Sudan", "SDN"),
    ("the Netherlands", "NLD"),
    ("Netherlands (Kingdom of the)", "NLD"),
    ("the United Kingdom of Great Britain and Northern Ireland", "GBR"),
    ("United States of America", "USA"),
    ("the United States", "USA"),
    ("Russian Federation", "RUS"),
    ("Viet Nam", "VNM"),
    ("Lao People's Democratic Republic", "LAO"),
    ("Syrian Arab Republic", "SYR"),
    ("Republic of Moldova", "MDA"),
    ("United Republic of Tanzania", "TZA"),
    ("Türkiye", "TUR"),
    ("Czechia", "CZE"),
    ("the Czech Republic", "CZE"),
    ("Eswatini", "SWZ"),
    ("North Macedonia", "MKD"),
    ("Cabo Verde", "CPV"),
    ("Timor-Leste", "TLS"),
    ("Holy See", "VAT"),
    ("State of Palestine", "PSE"),
    # Parenthesised and inverted forms
    ("Iran (Islamic Republic of)", "IRN"),
    ("the Islamic Republic of Iran", "IRN"),
    ("Bolivia (Plurinational State of)", "BOL"),
    ("the Plurinational State of Bolivia", "BOL"),
    ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("the Bolivarian Republic of Venezuela", "VEN"),
    ("Micronesia (Federated States of)", "FSM"),
    ("Congo (Democratic Republic of the)", "COD"),
    ("Korea, Republic of", "KOR"),
    ("Korea, Democratic People's Republic of", "PRK"),
    ("Tanzania, United Republic of", "TZA"),
    ("Gambia (the)", "GMB"),
    ("Bahamas, The", "BHS"),
    # Names of earlier years
    ("the Libyan Arab Jamahiriya", "LBY"),
    ("Libyan Arab Jamahiriya", "LBY"),
    ("the former Yugoslav Republic of Macedonia", "MKD"),
    ("The Former Yugoslav Republic of Macedonia", "MKD"),
    ("Swaziland", "SWZ"),
    ("Turkey", "TUR"),
    ("Cape Verde", "CPV"),
    ("Zaire", "COD"),
    ("Burma", "MMR"),
    ("Serbia and Montenegro", "SRB"),
    ("Union of Soviet Socialist Republics", "RUS"),
    # Other languages, accents and apostrophes
    ("Côte d'Ivoire", "CIV"),
    ("Côte d’Ivoire", "CIV"),
    ("Cote d'Ivoire", "CIV"),
    ("COTE D IVOIRE", "CIV"),
    ("République démocratique du Congo", "COD"),
    ("Republique democratique du Congo", "COD"),
    ("Allemagne", "DEU"),
    ("Estados Unidos de América", "USA"),
    ("Federación de Rusia", "RUS"),
    ("Российская Федерация", "RUS"),
    ("Кения", "KEN"),
    ("كينيا", "KEN"),
    ("جمهورية كينيا", "KEN"),
    ("肯尼亚", "KEN"),
    ("大韩民国", "KOR"),
    ("朝鲜民主主义人民共和国", "PRK"),
    ("Sao Tome and Principe", "STP"),
    ("São Tomé-et-Príncipe", "STP"),
    ("Saint Kitts & Nevis", "KNA"),
    ("St. Vincent and the Grenadines", "VCT"),
]

LOOK_ALIKES = [
    ("Niger", "NER"),
    ("Nigeria", "NGA"),
    ("Guinea", "GIN"),
    ("Equatorial Guinea", "GNQ"),
    ("Guinea-Bissau", "GNB"),
    ("Papua New Guinea", "PNG"),
    ("Dominica", "DMA"),
    ("Dominican Republic", "DOM"),
    ("Sudan", "SDN"),
    ("South Sudan", "SSD"),
    ("Congo", "COG"),
    ("Republic of the Congo", "COG"),
    ("Democratic Republic of the Congo", "COD"),
    ("Republic of Korea", "KOR"),
    ("Democratic People's Republic of Korea", "PRK"),
    ("Austria", "AUT"),
    ("Australia", "AUS"),
    ("Iran", "IRN"),
    ("Iraq", "IRQ"),
    ("Mali", "MLI"),
    ("Malawi", "MWI"),
    ("Zambia", "ZMB"),
    ("Gambia", "GMB"),
    ("Slovakia", "SVK"),
    ("Slovenia", "SVN"),
]

NOT_STATES = [
    "Korea",  # ambiguous: two States
    "Kosovo",
    "Taiwan",
    "Puerto Rico",
    "Greenland",
    "Western Sahara",
    "Czechoslovakia",  # dissolved; neither successor continues its membership
    "Yugoslavia",  # could be the SFRY (dissolved) or the FRY
    "Atlantis",
    "",
    "Republic",
    "the",
    "Niger Delta",
    "Guinea Bissau Nigeria",
]


@pytest.mark.parametrize(("name", "iso3"), UN_SPELLINGS)
def test_un_spellings_resolve(name, iso3):
    assert resolve(name).iso3 == iso3


@pytest.mark.parametrize(("name", "iso3"), LOOK_ALIKES)
def test_look_alike_names_are_never_confused(name, iso3):
    assert resolve(name).iso3 == iso3
    assert resolve(f"the {name}").iso3 == iso3
    assert resolve(name.upper()).iso3 == iso3


@pytest.mark.parametrize("name", NOT_STATES)
def test_names_that_are_not_one_un_state_are_unresolved(name):
    result = resolve(name)
    assert result.iso3 is None
    assert not result.resolved


def test_every_shipped_name_resolves_to_its_own_state():
    wrong = [
        (state["iso3"], name, resolve(name).iso3)
        for state in reference.states()
        for _language, name in reference.all_names(state)
        if resolve(name).iso3 != state["iso3"]
    ]
    assert wrong == []


def test_no_shipped_name_is_claimed_by_two_states():
    assert default_resolver().ambiguous == {}


def test_a_name_claimed_by_two_states_is_ambiguous_not_guessed():
    resolver = Resolver([("AAA", "Ruritania"), ("BBB", "Ruritania"), ("CCC", "Elbonia")])
    assert resolver.resolve("Ruritania").reason == "ambiguous"
    assert resolver.resolve("Ruritania").iso3 is None
    assert resolver.resolve("Elbonia").iso3 == "CCC"


def test_normalization_keeps_the_words_that_tell_states_apart():
    assert keys("the Niger") == {"niger"}
    assert keys("Iran (Islamic Republic of)") >= {"islamicrepubliciran"}
    assert keys("Nigeria") != keys("Niger")
