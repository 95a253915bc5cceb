"""Keeping entries current: who may change what, the exact messages, the history and the
audit rows, and two people saving the same entry."""

import pytest
from django.urls import reverse
from django.utils import translation

from smallarms.audit.models import Entry
from smallarms.conftest import verified_login
from smallarms.contacts.models import Contact

pytestmark = pytest.mark.django_db


def form_data(contact, **changes):
    data = {
        "kind": contact.kind,
        "institution": contact.institution,
        "department": contact.department,
        "person_name": contact.person_name,
        "title": contact.title,
        "emails": "\n".join(contact.emails),
        "telephones": "\n".join(contact.telephones),
        "postal_address": contact.postal_address,
        "working_languages": contact.working_languages,
        "valid_from": "",
        "valid_to": "",
        "position": contact.position,
        "revision": contact.revision,
    }
    data.update(changes)
    return data


def test_the_states_point_of_contact_updates_an_entry_and_the_old_version_is_kept(
    client, kenya_iti, npc_kenya
):
    client.force_login(npc_kenya)
    url = reverse("contacts:contact_update", args=[kenya_iti.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, form_data(kenya_iti, person_name="Kip Rotich", emails="k@ke.example")
    )
    assert response.status_code == 302
    kenya_iti.refresh_from_db()
    assert (kenya_iti.person_name, kenya_iti.emails, kenya_iti.revision) == (
        "Kip Rotich",
        ["k@ke.example"],
        2,
    )
    assert kenya_iti.last_confirmed_by == npc_kenya
    old, new = kenya_iti.revisions.order_by("number")
    assert old.data["person_name"] == "Achieng Odhiambo"
    assert (new.source, new.changed_by, new.report) == ("direct", npc_kenya, None)
    entry = Entry.objects.filter(event="updated", object_id=str(kenya_iti.pk)).latest("id")
    assert entry.actor == npc_kenya
    assert entry.before["person_name"] == "Achieng Odhiambo"
    assert entry.after["person_name"] == "Kip Rotich"


@pytest.mark.parametrize("user", [None, "npc_ghana", "reporting_officer_kenya", "provider_norway"])
def test_others_cannot_edit_a_states_entries(client, kenya_iti, user, request):
    if user:
        client.force_login(request.getfixturevalue(user))
    url = reverse("contacts:contact_update", args=[kenya_iti.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(kenya_iti, person_name="Intruder")).status_code == 404
    assert client.get(reverse("contacts:state_contact_create", args=["KEN"])).status_code == 404
    assert client.post(reverse("contacts:state_confirm", args=["KEN"])).status_code == 404
    kenya_iti.refresh_from_db()
    assert kenya_iti.person_name == "Achieng Odhiambo"


def test_the_secretariat_edits_any_states_entry_after_its_second_factor(
    client, kenya_iti, secretariat
):
    client.force_login(secretariat)
    url = reverse("contacts:contact_update", args=[kenya_iti.pk])
    assert client.get(url).status_code == 404
    verified_login(client, secretariat)
    assert client.post(url, form_data(kenya_iti, title="Director")).status_code == 302
    kenya_iti.refresh_from_db()
    assert kenya_iti.title == "Director"


def test_a_bad_email_is_refused_with_a_clear_message_and_nothing_changes(
    client, kenya_iti, npc_kenya
):
    client.force_login(npc_kenya)
    url = reverse("contacts:contact_update", args=[kenya_iti.pk])
    response = client.post(url, form_data(kenya_iti, emails="good@ke.example\nnot-an-address"))
    assert response.status_code == 400
    assert "“not-an-address” is not an e-mail address." in response.content.decode()
    # What the person typed is still in the form.
    assert "good@ke.example\nnot-an-address" in response.content.decode()
    kenya_iti.refresh_from_db()
    assert kenya_iti.emails == ["tracing@police.ke.example"]
    assert kenya_iti.revisions.count() == 1


def test_the_messages_come_in_the_persons_language(client, kenya_iti, npc_kenya):
    client.force_login(npc_kenya)
    url = reverse("contacts:contact_update", args=[kenya_iti.pk])
    with translation.override("fr"):
        response = client.post(
            url, form_data(kenya_iti, valid_from="2026-05-01", valid_to="2026-01-01"),
            HTTP_ACCEPT_LANGUAGE="fr",
        )  # fmt: skip
        expected = translation.gettext("The end of validity cannot be before its start.")
    assert response.status_code == 400
    assert expected in response.content.decode()


def test_a_telephone_must_look_like_one(client, kenya_iti, npc_kenya):
    client.force_login(npc_kenya)
    url = reverse("contacts:contact_update", args=[kenya_iti.pk])
    response = client.post(url, form_data(kenya_iti, telephones="ask the desk"))
    assert response.status_code == 400
    assert "“ask the desk” is not a telephone number" in response.content.decode()


def test_a_second_save_on_an_old_revision_is_refused_and_nothing_is_lost(
    client, kenya_iti, npc_kenya
):
    from smallarms.contacts import services

    services.update_contact(acting_user=npc_kenya, contact=kenya_iti, title="Chief Inspector")
    client.force_login(npc_kenya)
    url = reverse("contacts:contact_update", args=[kenya_iti.pk])
    stale_form = form_data(kenya_iti, revision=1, department="Serious Crime Unit")
    response = client.post(url, stale_form)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this entry after you opened it." in page
    assert "Serious Crime Unit" in page  # what this person typed
    assert "Chief Inspector" in page  # what the other saved
    kenya_iti.refresh_from_db()
    assert kenya_iti.department == "Firearms Tracing Unit"
    # The form now carries the latest revision: saving again applies this person's change.
    assert client.post(url, {**stale_form, "revision": 2}).status_code == 302
    kenya_iti.refresh_from_db()
    assert kenya_iti.department == "Serious Crime Unit"


def test_saving_an_unchanged_entry_confirms_it_without_a_new_version(
    client, kenya_iti, npc_kenya, long_ago
):
    Contact.objects.filter(pk=kenya_iti.pk).update(last_confirmed_at=long_ago)
    client.force_login(npc_kenya)
    client.post(reverse("contacts:contact_update", args=[kenya_iti.pk]), form_data(kenya_iti))
    kenya_iti.refresh_from_db()
    assert not kenya_iti.is_stale
    assert kenya_iti.revisions.count() == 1
    assert Entry.objects.get(event="contacts_confirmed").data["via"] == "unchanged save"


def test_the_point_of_contact_adds_an_entry(client, npc_kenya):
    client.force_login(npc_kenya)
    url = reverse("contacts:state_contact_create", args=["KEN"])
    response = client.post(
        url,
        {
            "kind": "border_and_customs",
            "institution": "Kenya Revenue Authority",
            "department": "Customs and Border Control",
            "emails": "border@kra.ke.example",
            "telephones": "+254 20 555 0300",
            "working_languages": ["en", "sw"],
            "position": 0,
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(state__iso3="KEN")
    assert (contact.kind, contact.institution, contact.working_languages) == (
        "border_and_customs",
        "Kenya Revenue Authority",
        ["en", "sw"],
    )
    assert contact.revisions.get().source == "direct"
    assert Entry.objects.get(event="created", object_id=str(contact.pk)).actor == npc_kenya


def test_an_entry_needs_its_institution(client, npc_kenya):
    client.force_login(npc_kenya)
    response = client.post(
        reverse("contacts:state_contact_create", args=["KEN"]),
        {"kind": "tracing", "institution": "", "position": 0},
    )
    assert response.status_code == 400
    assert not Contact.objects.exists()


def test_a_state_cannot_have_a_regional_point_of_contact(npc_kenya):
    from django.core.exceptions import ValidationError

    from smallarms.contacts import services
    from smallarms.states.models import State

    with pytest.raises(ValidationError) as error:
        services.create_contact(
            acting_user=npc_kenya,
            state=State.objects.get(iso3="KEN"),
            kind="regional_point_of_contact",
            institution="Somewhere",
        )
    assert error.value.message_dict == {"kind": ["A State's entry cannot be of this kind."]}


def test_an_organizations_assistance_provider_keeps_its_entries(client, make_user):
    provider = make_user("unrcpd@example.org", "assistance_provider", organization="unrcpd")
    client.force_login(provider)
    url = reverse("contacts:organization_contact_create", args=["unrcpd"])
    response = client.post(
        url,
        {"kind": "regional_point_of_contact", "institution": "UNRCPD", "position": 0},
    )
    assert response.status_code == 302
    assert Contact.objects.get().organization.slug == "unrcpd"
    # … and not another organization's.
    assert (
        client.get(reverse("contacts:organization_contact_create", args=["unlirec"])).status_code
        == 404
    )


def test_confirming_all_current_entries_of_a_state(client, kenya_iti, npc_kenya, long_ago):
    Contact.objects.filter(pk=kenya_iti.pk).update(last_confirmed_at=long_ago)
    client.force_login(npc_kenya)
    page = client.get(reverse("contacts:state_contacts", args=["KEN"])).content.decode()
    assert "1 entries have not been confirmed" not in page
    assert "One entry has not been confirmed for two years." in page
    response = client.post(reverse("contacts:state_confirm", args=["KEN"]), follow=True)
    assert "One entry confirmed as of today." in response.content.decode()
    kenya_iti.refresh_from_db()
    assert not kenya_iti.is_stale and kenya_iti.last_confirmed_by == npc_kenya
    entry = Entry.objects.get(event="contacts_confirmed")
    assert (entry.actor, entry.data) == (
        npc_kenya,
        {"contacts": [str(kenya_iti.pk)], "via": "page"},
    )


def test_an_ended_entry_leaves_the_current_directory_but_keeps_its_page(
    client, kenya_iti, npc_kenya
):
    client.force_login(npc_kenya)
    client.post(
        reverse("contacts:contact_update", args=[kenya_iti.pk]),
        form_data(kenya_iti, valid_from="2020-01-01", valid_to="2021-12-31"),
    )
    listing = reverse("contacts:contact_list")
    assert "National Police Service" not in client.get(listing).content.decode()
    assert "National Police Service" in client.get(listing, {"validity": "all"}).content.decode()
    assert client.get(kenya_iti.get_absolute_url()).status_code == 200


def test_five_thousand_addresses_on_one_entry_are_refused_and_kept_in_the_form(
    client, kenya_iti, npc_kenya
):
    client.force_login(npc_kenya)
    url = reverse("contacts:contact_update", args=[kenya_iti.pk])
    typed = "\n".join(f"office{n}@ke.example" for n in range(5_000))
    response = client.post(url, form_data(kenya_iti, emails=typed, telephones="+254 20 1\n" * 11))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Give at most 10 e-mail addresses." in text
    assert "office4999@ke.example" in text
    kenya_iti.refresh_from_db()
    assert kenya_iti.emails == ["tracing@police.ke.example"]


def test_the_names_of_an_entry_are_kept_without_direction_overrides(client, kenya_iti, npc_kenya):
    client.force_login(npc_kenya)
    url = reverse("contacts:contact_update", args=[kenya_iti.pk])
    typed = "\u202eecilop\u202c Service\u200b of Kenya"
    assert client.post(url, form_data(kenya_iti, institution=typed)).status_code == 302
    kenya_iti.refresh_from_db()
    assert kenya_iti.institution == "ecilop Service of Kenya"
