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


def test_a_history_hides_related_rows_and_event_details_its_reader_may_not_see(client, make_user):
    import datetime
    from decimal import Decimal

    from smallarms.assistance.services import calls, needs
    from smallarms.audit.redaction import HIDDEN
    from smallarms.states.models import Organization
    from smallarms.themes.models import Theme

    kenya = State.objects.get(iso3="KEN")
    npc = make_user("npc.ke@example.org", "national_point_of_contact", state="KEN")
    reviewer = make_user("reviewer@example.org", "assistance_provider", organization="unrcpd")
    marking = [Theme.objects.get(code="marking")]

    def need(title, public):
        return needs.create_need(
            acting_user=npc, state=kenya, title=title, description="…", kind="equipment",
            themes=marking, is_public=public,
        )  # fmt: skip

    private, public = need("Private", False), need("Public", True)
    call = calls.open_call(
        acting_user=reviewer,
        organization=Organization.objects.get(slug="unrcpd"),
        title="Call",
        aims="Aims",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        criteria=[("Relevance", 1)],
    )
    proposal = calls.submit_proposal(
        acting_user=npc, call=call, state=kenya, needs=[private, public], title="P",
        summary="S", budget_amount=Decimal(1000),
    )  # fmt: skip
    url = history_url("assistance", "proposal", proposal.pk)
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert str(public.pk) in response.text and str(private.pk) not in response.text
    assert "not shown" in response.text
    shown = [e for e in response.context["entries"] if e.shown_after and "needs" in e.shown_after]
    assert any(HIDDEN in e.shown_after["needs"] for e in shown)
    assert all(e.shown_data == {} for e in response.context["entries"])
    client.force_login(npc)  # the proposer sees its own private need
    assert str(private.pk) in client.get(url).text
