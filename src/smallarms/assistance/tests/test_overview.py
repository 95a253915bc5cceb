"""The secretariat's figures: needs by theme and region, share met, time to funding,
funds by theme and region, projects off target."""

import datetime
from decimal import Decimal

import pytest

from smallarms.assistance.services import projects
from smallarms.assistance.views.overview import overview

pytestmark = pytest.mark.django_db


def test_the_overview_adds_up(
    accepted, make_need, provider_norway, secretariat, with_two_factor, record_keeping
):
    make_need(title="Registry software", themes=[record_keeping])
    project = projects.record_project(
        acting_user=provider_norway,
        match=accepted,
        title="Marking for Kenya",
        budget_amount=Decimal(100000),
        currency="USD",
        indicators=[
            {
                "name": "Weapons marked",
                "target": Decimal(10),
                "target_date": datetime.date(2020, 1, 1),
            }
        ],
    )
    with_two_factor(secretariat)
    figures = overview(secretariat)
    assert figures["needs_total"] == 2
    assert figures["needs_by_theme"] == [("Marking", 1, 0), ("Record-keeping", 1, 0)]
    assert figures["needs_by_region"] == [("Africa", 2)]
    assert (figures["met"], figures["share_met"]) == (0, 0)
    assert figures["median_days_to_funding"] == 0
    assert figures["funds_by_theme"] == [("Marking", Decimal("100000.00"))]
    assert figures["funds_by_region"] == [("Africa", Decimal("100000.00"))]
    assert figures["off_target"] == [project]
    projects.report_progress(
        acting_user=provider_norway,
        indicator=project.indicators.get(),
        value=Decimal(10),
        reported_on=datetime.date(2026, 1, 1),
    )
    figures = overview(secretariat)
    assert (figures["met"], figures["share_met"], figures["off_target"]) == (1, 50, [])
