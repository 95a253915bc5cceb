from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The shipped meetings and reporting cycles, loaded once per test database."""
    from smallarms.reporting.services.meetings import load_meetings

    with django_db_blocker.unblock():
        load_meetings()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def open_cycle(db, today):
    """BMS9, planned, with a reporting cycle open from 5 days ago to 30 days from now."""
    from smallarms.reporting.demo import BMS9_TITLES
    from smallarms.reporting.services import meetings as services

    meeting = services.create_meeting(
        acting_user=None,
        kind="bms",
        number=9,
        titles=BMS9_TITLES,
        starts_on=today + timedelta(days=150),
        ends_on=today + timedelta(days=154),
    )
    return services.create_cycle(
        acting_user=None,
        meeting=meeting,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=30),
    )
