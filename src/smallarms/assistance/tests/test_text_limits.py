"""Limits and cleaning of the texts of needs and matches, by every door (core/text.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from smallarms.assistance.models import MatchMessage, Need

RLO, PDF, ZWSP = "\u202e", "\u202c", "\u200b"


@pytest.mark.django_db
def test_a_save_that_skips_validation_is_still_cleaned_and_limited(make_need):
    need = make_need(title=f"{RLO}gnikram{PDF} machines")
    assert need.title == "gnikram machines"
    need.refresh_from_db()
    assert need.title == "gnikram machines"
    need.description = "x" * 20_001
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        need.save()
    assert refused.value.message_dict == {
        "description": ["Ensure this value has at most 20000 characters (it has 20001)."]
    }
    need.refresh_from_db()
    assert need.description.startswith("Two marking machines")


@pytest.mark.django_db
def test_an_over_long_description_is_refused_on_the_page_and_what_was_typed_stays(
    client, npc_kenya, marking
):
    client.force_login(npc_kenya)
    page = client.get(reverse("assistance:need_create"))
    assert "maxlength" not in page.text.split('name="description"')[1].split(">")[0]
    description = "Marking machines. " * 2_000  # 36,000 characters
    response = client.post(
        reverse("assistance:need_create"),
        {
            "owner": f"state:{npc_kenya.memberships.get().state_id}",
            "title": "Marking machines",
            "description": description,
            "language": "en",
            "themes": [marking.code],
            "kind": "equipment",
            "currency": "USD",
            "priority": "high",
        },
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 20000 characters (it has 35999)." in response.text
    assert description.strip() in response.text
    assert not Need.objects.exists()


@pytest.mark.django_db
def test_the_api_refuses_an_over_long_description_and_cleans_the_title(client, npc_kenya):
    client.force_login(npc_kenya)
    need = {
        "state": "KEN",
        "title": f"Marking{ZWSP} machines{RLO}",
        "description": "x" * 2_400_000,
        "themes": ["marking"],
        "kind": "equipment",
    }
    response = client.post("/api/assistance/needs/", need, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "description": ["Ensure this field has no more than 20000 characters."]
    }
    need["description"] = "Two machines."
    response = client.post("/api/assistance/needs/", need, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["title"] == "Marking machines"
    assert Need.objects.get().title == "Marking machines"


@pytest.mark.django_db
def test_a_match_message_has_a_limit(client, proposed, npc_kenya):
    client.force_login(npc_kenya)
    client.post(reverse("assistance:match_accept", args=[proposed.pk]))
    response = client.post(
        reverse("assistance:matchmessage_create", args=[proposed.pk]), {"body": "x" * 2_000_000}
    )
    assert response.status_code == 400
    assert "Ensure this value has at most 5000 characters (it has 2000000)." in response.text
    assert not MatchMessage.objects.exists()


def test_a_call_of_a_thousand_criteria_is_refused_and_the_lines_stay_in_the_form(
    client, secretariat
):
    from smallarms.assistance.models import FundingCall
    from smallarms.conftest import verified_login

    verified_login(client, secretariat)
    lines = "\n".join(f"Criterion {n} | 1" for n in range(1_000))
    response = client.post(
        reverse("assistance:call_create"),
        {"owner": "", "title": "Call", "aims": "Aims", "currency": "USD",
         "deadline": "2099-01-01", "criteria": lines},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Give at most 20 evaluation criteria." in response.text
    assert "Criterion 999 | 1" in response.text
    assert not FundingCall.objects.exists()
