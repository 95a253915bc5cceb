"""The assistance pages: who sees what (404 for what one may not see), the forms, the
match workflow buttons, exports and the secretariat's pages."""

import csv
import io

import pytest
from django.urls import reverse

from smallarms.assistance.models import Match, Need, Project
from smallarms.assistance.services import calls, needs
from smallarms.audit.models import Entry
from smallarms.conftest import verified_login

pytestmark = pytest.mark.django_db


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_anonymous_visitors_see_public_needs_only(client, public_need, private_need):
    page = client.get(reverse("assistance:need_list"))
    assert public_need.title in page.text
    assert private_need.title not in page.text
    assert client.get(public_need.get_absolute_url()).status_code == 200
    assert client.get(private_need.get_absolute_url()).status_code == 404


def test_the_state_sees_its_private_need_and_another_state_does_not(
    client, private_need, npc_kenya, npc_ghana
):
    client.force_login(npc_ghana)
    assert client.get(private_need.get_absolute_url()).status_code == 404
    client.force_login(npc_kenya)
    page = client.get(private_need.get_absolute_url())
    assert page.status_code == 200
    assert "Private: the State, the secretariat and matched providers only" in page.text


def test_the_need_export_has_the_filtered_rows_and_is_audited(
    client, public_need, make_need, record_keeping
):
    make_need(title="Registry software", themes=[record_keeping], kind="technical")
    response = client.get(reverse("assistance:need_export"), {"theme": "marking"})
    assert [row["title"] for row in rows(response)] == [public_need.title]
    entry = Entry.objects.get(event="export")
    assert entry.data["export"] == "assistance-needs"
    assert entry.data["filters"] == {"theme": "marking"}


def test_the_need_list_filters_by_state_kind_and_words(client, public_need, make_need, npc_ghana):
    from smallarms.states.models import State

    needs.create_need(
        acting_user=npc_ghana,
        state=State.objects.get(iso3="GHA"),
        title="Training for border police",
        description="Courses.",
        language="en",
        kind="training",
        is_public=True,
        themes=list(public_need.themes.all()),
    )
    page = client.get(reverse("assistance:need_list"), {"state": "GHA"})
    assert "Training for border police" in page.text and public_need.title not in page.text
    page = client.get(reverse("assistance:need_list"), {"kind": "equipment", "q": "marking"})
    assert public_need.title in page.text and "Training for border police" not in page.text


def test_the_point_of_contact_posts_a_need_through_the_form(client, npc_kenya, marking):
    client.force_login(npc_kenya)
    form = client.get(reverse("assistance:need_create"))
    assert form.status_code == 200
    kenya_key = f"state:{npc_kenya.memberships.get().state_id}"
    data = {
        "owner": kenya_key,
        "title": "Stockpile security",
        "description": "Fences and locks.",
        "language": "en",
        "themes": [marking.code],
        "kind": "equipment",
        "currency": "usd",
        "priority": "high",
        "starts_on": "2027-06-01",
        "ends_on": "2027-01-01",
    }
    response = client.post(reverse("assistance:need_create"), data)
    assert response.status_code == 200
    assert "The end date is before the start date." in response.text
    assert 'value="Stockpile security"' in response.text  # what was typed is shown again
    assert not Need.objects.exists()
    data["ends_on"] = "2027-12-31"
    response = client.post(reverse("assistance:need_create"), data)
    need = Need.objects.get()
    assert response["Location"] == need.get_absolute_url()
    assert (need.currency, need.is_public, need.created_by) == ("USD", False, npc_kenya)


def test_a_reporting_officer_has_no_need_form(client, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    assert client.get(reverse("assistance:need_create")).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_for_the_need_form(client):
    response = client.get(reverse("assistance:need_create"))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_offer_contact_details_are_for_signed_in_people(client, offer, npc_ghana):
    page = client.get(offer.get_absolute_url())
    assert "ingrid.hansen@example.org" not in page.text
    assert "Sign in to see the contact details." in page.text
    client.force_login(npc_ghana)
    assert "ingrid.hansen@example.org" in client.get(offer.get_absolute_url()).text


def test_the_offer_export_is_audited(client, offer):
    response = client.get(reverse("assistance:offer_export"), {"kind": "training"})
    assert [row["title"] for row in rows(response)] == [offer.title]
    assert "contact_email" not in rows(response)[0]
    assert Entry.objects.filter(event="export", data__export="assistance-offers").exists()


def test_the_provider_proposes_from_its_offers_page(client, public_need, offer, provider_norway):
    client.force_login(provider_norway)
    response = client.post(
        reverse("assistance:match_create"),
        {"need": public_need.pk, "offer": offer.pk, "back": offer.get_absolute_url()},
    )
    match = Match.objects.get()
    assert response["Location"] == match.get_absolute_url()
    # A second proposal of the same pair: refused in words, back where the user was.
    response = client.post(
        reverse("assistance:match_create"),
        {"need": public_need.pk, "offer": offer.pk, "back": offer.get_absolute_url()},
        follow=True,
    )
    assert "A match between this need and this offer is already under way." in response.text
    assert Match.objects.count() == 1


def test_the_match_page_is_for_the_two_sides_only(
    client, proposed, npc_kenya, provider_norway, npc_ghana, provider_germany
):
    url = proposed.get_absolute_url()
    assert client.get(url).status_code == 302  # anonymous: sign in
    for stranger in (npc_ghana, provider_germany):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
    client.force_login(provider_norway)
    page = client.get(url)
    assert page.status_code == 200 and "Accept the match" not in page.text
    client.force_login(npc_kenya)
    page = client.get(url)
    assert "Accept the match" in page.text


def test_the_state_accepts_and_they_talk(client, proposed, npc_kenya, provider_norway):
    client.force_login(npc_kenya)
    client.post(reverse("assistance:match_accept", args=[proposed.pk]))
    proposed.refresh_from_db()
    assert proposed.status == "accepted"
    response = client.post(
        reverse("assistance:matchmessage_create", args=[proposed.pk]), {"body": ""}
    )
    assert response.status_code == 400 and "This field is required." in response.text
    client.post(
        reverse("assistance:matchmessage_create", args=[proposed.pk]),
        {"body": "Can you start in March?"},
    )
    client.force_login(provider_norway)
    page = client.get(proposed.get_absolute_url())
    assert "Can you start in March?" in page.text
    assert "Record the funded project" in page.text


def test_the_proposer_cannot_accept_through_the_page(client, proposed, provider_norway):
    client.force_login(provider_norway)
    response = client.post(reverse("assistance:match_accept", args=[proposed.pk]), follow=True)
    assert (
        "You cannot answer your own proposal: the other side accepts or declines it."
        in response.text
    )


def test_my_matches_lists_what_waits_for_an_answer(client, proposed, npc_kenya, npc_ghana):
    client.force_login(npc_kenya)
    page = client.get(reverse("assistance:match_list"))
    assert "Waiting for your answer" in page.text
    client.force_login(npc_ghana)
    assert proposed.need.title not in client.get(reverse("assistance:match_list")).text


def test_the_provider_records_the_project_and_its_progress(
    client, accepted, provider_norway, npc_ghana
):
    client.force_login(provider_norway)
    url = reverse("assistance:project_create") + f"?match={accepted.pk}"
    form = client.get(url)
    assert form.status_code == 200 and accepted.need.title in form.text
    response = client.post(
        url,
        {
            "title": "Marking for Kenya",
            "recipient_state": accepted.need.state_id,
            "needs": [accepted.need.pk],
            "currency": "USD",
            "budget_amount": "100000",
            "status": "ongoing",
        },
    )
    project = Project.objects.get()
    assert response["Location"] == project.get_absolute_url()
    client.post(
        reverse("assistance:projectindicator_create", args=[project.pk]),
        {"name": "Weapons marked", "baseline": "0", "target": "100"},
    )
    indicator = project.indicators.get()
    client.post(
        reverse("assistance:progressreport_create", args=[project.pk]),
        {"indicator": indicator.pk, "value": "100", "reported_on": "2026-01-15"},
    )
    accepted.need.refresh_from_db()
    assert accepted.need.status == "met"
    page = client.get(accepted.need.get_absolute_url())
    assert "Target reached" in page.text
    client.force_login(npc_ghana)
    assert (
        client.get(reverse("assistance:progressreport_create", args=[project.pk])).status_code
        == 404
    )


def test_the_overview_is_for_the_secretariat(client, accepted, secretariat, npc_kenya):
    client.force_login(npc_kenya)
    assert client.get(reverse("assistance:overview")).status_code == 404
    verified_login(client, secretariat)
    page = client.get(reverse("assistance:overview"))
    assert page.status_code == 200
    assert "Needs by theme" in page.text


def test_the_secretariat_records_an_exchange_rate(client, secretariat, provider_norway):
    client.force_login(provider_norway)
    assert client.get(reverse("assistance:exchangerate_list")).status_code == 404
    verified_login(client, secretariat)
    response = client.post(
        reverse("assistance:exchangerate_list"),
        {"currency": "nok", "usd_per_unit": "0.095", "valid_from": "2026-01-01"},
    )
    assert response.status_code == 302
    assert Entry.objects.filter(event="exchange_rate_set", data__currency="NOK").exists()


def test_calls_are_public_and_proposals_private(
    client, provider_unrcpd, unrcpd, npc_kenya, kenya, public_need, npc_ghana
):
    import datetime

    call = calls.open_call(
        acting_user=provider_unrcpd,
        organization=unrcpd,
        title="Marking call",
        aims="Aims.",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
        criteria=[("Relevance", 2)],
    )
    assert "Marking call" in client.get(reverse("assistance:call_list")).text
    client.force_login(npc_kenya)
    response = client.post(
        reverse("assistance:proposal_create", args=[call.pk]),
        {
            "owner": f"state:{kenya.pk}",
            "title": "Our proposal",
            "summary": "Summary.",
            "needs": [public_need.pk],
            "budget_amount": "5000",
            "currency": "USD",
        },
    )
    proposal = call.proposals.get()
    assert response["Location"] == proposal.get_absolute_url()
    client.force_login(npc_ghana)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(provider_unrcpd)
    criterion = call.criteria.get()
    response = client.post(
        reverse("assistance:proposal_score", args=[proposal.pk]),
        {f"score_{criterion.pk}": "12"},
    )
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 10." in response.text
    client.post(
        reverse("assistance:proposal_score", args=[proposal.pk]), {f"score_{criterion.pk}": "7"}
    )
    response = client.post(reverse("assistance:proposal_award", args=[proposal.pk]))
    project = Project.objects.get()
    assert response["Location"] == project.get_absolute_url()


def test_the_point_of_contact_edits_and_withdraws_through_the_pages(
    client, public_need, npc_kenya, reporting_officer_kenya
):
    client.force_login(reporting_officer_kenya)
    assert client.get(reverse("assistance:need_update", args=[public_need.pk])).status_code == 404
    client.force_login(npc_kenya)
    form = client.get(reverse("assistance:need_update", args=[public_need.pk]))
    assert 'value="Marking machines for the national police"' in form.text
    client.post(reverse("assistance:need_withdraw", args=[public_need.pk]))
    public_need.refresh_from_db()
    assert public_need.status == "withdrawn"


def test_a_call_with_a_bad_criterion_line_is_refused_in_words(client, secretariat):
    verified_login(client, secretariat)
    response = client.post(
        reverse("assistance:call_create"),
        {
            "owner": "",
            "title": "Call",
            "aims": "Aims",
            "currency": "USD",
            "deadline": "2099-01-01",
            "criteria": "Relevance | 3\nFeasibility | heavy",
        },
    )
    assert "Line 2: the weight is a whole number from 1 to 100." in response.text
    assert 'value="Call"' in response.text


@pytest.mark.parametrize(
    ("url_name", "label"),
    [("need_list", "Needs"), ("offer_list", "Offers"), ("call_list", "Funding calls")],
)
def test_the_assistance_menu_marks_the_page_you_are_on(client, url_name, label):
    html = client.get(reverse(f"assistance:{url_name}")).text
    start = html.index('<nav class="subnav')
    menu = html[start : html.index("</nav>", start)]
    current = f'<a href="{reverse(f"assistance:{url_name}")}" aria-current="page">{label}</a>'
    assert current in menu
    assert menu.count('aria-current="page"') == 1
    assert "My matches" not in menu  # for signed-in people only
