"""The demo's assistance data loads, tells a coherent story, and loads only once."""

import pytest

from smallarms.assistance.models import ExchangeRate, Match, Need, Offer, Project, Proposal

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(django_capture_on_commit_callbacks, settings, tmp_path):
    from smallarms.assistance import demo as assistance_demo
    from smallarms.core import demo

    settings.MEDIA_ROOT = tmp_path  # the demo attaches a document to a report
    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo_data()
    counts = [
        model.objects.count() for model in (Need, Offer, Match, Project, Proposal, ExchangeRate)
    ]
    assert counts == [5, 2, 2, 1, 1, 5]
    kyrgyz = Need.objects.get(state__iso3="KGZ")
    assert kyrgyz.language == "ru"
    kenya = Need.objects.get(state__iso3="KEN")
    assert kenya.status == "partly_met"
    assert Match.objects.get(need=kenya).messages.count() == 2
    assert all("demo" in rate.source for rate in ExchangeRate.objects.all())
    assistance_demo.load_demo_data()
    assert Need.objects.count() == 5


def test_the_demo_has_a_private_need_in_a_match_with_a_conversation(
    client, django_capture_on_commit_callbacks, settings, tmp_path
):
    from smallarms.accounts.models import User
    from smallarms.core import demo

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo_data()
    need = Need.objects.get(state__iso3="SEN", is_public=False)
    match = Match.objects.get(need=need)
    assert (match.status, match.offer.state.iso3, match.messages.count()) == ("proposed", "NOR", 1)
    page = f"/assistance/needs/{need.pk}/"
    assert client.get(page).status_code == 404
    for email, status in (
        ("npc.peru", 404),
        ("researcher", 404),
        ("reporting.senegal", 200),
        ("provider.norway", 200),
    ):
        client.force_login(User.objects.get(email=f"{email}@demo.smallarms.example"))
        assert client.get(page).status_code == status, email
