"""The history of one object: for whoever may see the object; 404 for anyone else."""

import pytest
from django.urls import reverse

from smallarms.conftest import verified_login
from smallarms.states.models import State

pytestmark = pytest.mark.django_db


def history_url(app_label, model_name, pk):
    return reverse(
        "audit:object_history",
        kwargs={"app_label": app_label, "model_name": model_name, "pk": pk},
    )


@pytest.fixture
def kenya_changed():
    kenya = State.objects.get(iso3="KEN")
    kenya.regional_group_note = "Changed for the test."
    kenya.save()
    return kenya


def test_a_signed_in_person_sees_what_changed_on_a_state(client, someone, kenya_changed):
    client.force_login(someone)
    response = client.get(history_url("states", "state", kenya_changed.pk))
    assert response.status_code == 200
    assert "History of Kenya" in response.text
    assert "Regional group note" in response.text
    assert "Changed for the test." in response.text
    assert "Updated" in response.text


def test_anonymous_gets_404_for_a_history(client, kenya_changed):
    assert client.get(history_url("states", "state", kenya_changed.pk)).status_code == 404


def test_unknown_models_objects_and_unaudited_apps_answer_404(client, someone):
    client.force_login(someone)
    assert client.get(history_url("states", "nothing", 1)).status_code == 404
    assert client.get(history_url("states", "state", 999999)).status_code == 404
    assert client.get(history_url("states", "state", "abc")).status_code == 404
    assert client.get(history_url("auth", "group", 1)).status_code == 404
    assert client.get(history_url("audit", "entry", 1)).status_code == 404


def test_a_persons_history_is_private_to_them_and_the_system_staff(client, someone, secretariat):
    url = history_url("accounts", "user", secretariat.pk)
    client.force_login(someone)
    assert client.get(url).status_code == 404
    assert client.get(history_url("accounts", "user", someone.pk)).status_code == 200
    verified_login(client, secretariat)
    assert client.get(url).status_code == 200
    assert client.get(history_url("accounts", "user", someone.pk)).status_code == 200


def test_the_history_of_a_deleted_object_stays_readable(client, someone):
    from smallarms.states.models import Organization

    organization = Organization.objects.create(
        slug="gone", kind="ngo", names={"en": {"name": "Gone", "acronym": ""}}, name_en="Gone"
    )
    pk = organization.pk
    organization.delete()
    client.force_login(someone)
    response = client.get(history_url("states", "organization", pk))
    assert response.status_code == 200
    assert "Deleted" in response.text and "Gone" in response.text
