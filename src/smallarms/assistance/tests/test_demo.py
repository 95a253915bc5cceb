"""The demo's assistance data loads, tells a coherent story, and loads only once."""

import pytest

from smallarms.assistance.models import ExchangeRate, Match, Need, Offer, Project, Proposal

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(django_capture_on_commit_callbacks):
    from smallarms.assistance import demo as assistance_demo
    from smallarms.core import demo

    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo_data()
    counts = [
        model.objects.count() for model in (Need, Offer, Match, Project, Proposal, ExchangeRate)
    ]
    assert counts == [4, 2, 1, 1, 1, 5]
    kyrgyz = Need.objects.get(state__iso3="KGZ")
    assert kyrgyz.language == "ru"
    kenya = Need.objects.get(state__iso3="KEN")
    assert kenya.status == "partly_met"
    assert Match.objects.get().messages.count() == 2
    assert all("demo" in rate.source for rate in ExchangeRate.objects.all())
    assistance_demo.load_demo_data()
    assert Need.objects.count() == 4
