"""Every create, update and delete of a domain object is recorded with before and after."""

import pytest

from smallarms.accounts.models import User
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.models import Entry
from smallarms.audit.registry import CHANGED
from smallarms.states.models import Organization, State

pytestmark = pytest.mark.django_db


def last_entry():
    return Entry.objects.order_by("-sequence").first()


def new_organization(**extra):
    return Organization.objects.create(
        slug="small-arms-forum",
        kind="ngo",
        names={"en": {"name": "Small Arms Forum", "acronym": "SAF"}},
        name_en="Small Arms Forum",
        search_text="small arms forum",
        **extra,
    )


def test_creating_an_object_records_its_state_after(secretariat):
    with acting_as(secretariat):
        organization = new_organization(headquarters="Geneva")
    entry = last_entry()
    assert entry.event == Event.CREATED
    assert entry.object_type == "states.organization"
    assert entry.object_id == str(organization.pk)
    assert entry.object_repr == "Small Arms Forum"
    assert entry.before is None
    assert entry.after["slug"] == "small-arms-forum"
    assert entry.after["headquarters"] == "Geneva"
    assert entry.actor_id == secretariat.pk
    assert entry.actor_label == "secretariat@example.org"


def test_updating_an_object_records_before_and_after_of_the_changed_field():
    kenya = State.objects.get(iso3="KEN")
    kenya.regional_group_note = "A note."
    kenya.save()
    entry = last_entry()
    assert entry.event == Event.UPDATED
    assert entry.object_type == "states.state" and entry.object_id == str(kenya.pk)
    assert entry.before["regional_group_note"] == ""
    assert entry.after["regional_group_note"] == "A note."
    assert [change.name for change in entry.changes()] == ["regional_group_note"]
    assert entry.actor is None and entry.actor_label == ""


def test_a_save_that_changes_nothing_is_not_recorded():
    before = last_entry().sequence
    State.objects.get(iso3="KEN").save()
    assert last_entry().sequence == before


def test_derived_search_text_is_left_out_and_changing_only_it_is_not_recorded():
    kenya = State.objects.get(iso3="KEN")
    before = last_entry().sequence
    kenya.search_text += "\nanother name"
    kenya.save()
    assert last_entry().sequence == before
    organization = new_organization()
    assert "search_text" not in last_entry().after
    assert organization.pk


def test_update_fields_records_only_the_fields_written():
    kenya = State.objects.get(iso3="KEN")
    kenya.regional_group_note = "Written."
    kenya.name_en = "Not written"
    kenya.save(update_fields=["regional_group_note"])
    entry = last_entry()
    assert [change.name for change in entry.changes()] == ["regional_group_note"]


def test_deleting_an_object_records_its_state_before():
    organization = new_organization()
    pk = organization.pk
    organization.delete()
    entry = last_entry()
    assert entry.event == Event.DELETED
    assert entry.object_id == str(pk)
    assert entry.before["slug"] == "small-arms-forum"
    assert entry.after is None


def test_a_password_is_never_stored_only_that_it_changed():
    user = User.objects.create_user("officer@example.org", "first-password-123456")
    created = last_entry()
    assert created.after["password"] == CHANGED
    assert "last_login" not in created.after

    user.set_password("second-password-123456")
    user.save()
    entry = last_entry()
    assert entry.event == Event.UPDATED
    assert entry.after["password"] == CHANGED
    assert "password" not in entry.before
    for stored in Entry.objects.filter(object_type="accounts.user", object_id=str(user.pk)):
        text = str(stored.before) + str(stored.after) + str(stored.data)
        assert "argon2" not in text and "pbkdf2" not in text and "password-123456" not in text


def test_a_sign_in_timestamp_alone_is_not_recorded_as_a_change(someone):
    from django.utils import timezone

    before = last_entry().sequence
    someone.last_login = timezone.now()
    someone.save(update_fields=["last_login"])
    assert last_entry().sequence == before


def test_deleting_a_person_keeps_their_entries_and_who_they_were(secretariat):
    with acting_as(secretariat):
        new_organization()
    entry = last_entry()
    secretariat.memberships.all().delete()
    secretariat.delete()
    entry = Entry.objects.get(pk=entry.pk)
    assert entry.actor_id is not None
    assert entry.actor_label == "secretariat@example.org"
    assert last_entry().event == Event.DELETED
    assert last_entry().object_type == "accounts.user"


def test_entries_are_chained_in_order():
    new_organization()
    previous, last = Entry.objects.order_by("-sequence")[1], last_entry()
    assert last.sequence == previous.sequence + 1
    assert last.previous_hash == previous.hash
    assert len(last.hash) == 64
