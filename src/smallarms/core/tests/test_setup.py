"""``smallarms setup`` migrates and loads everything that ships, and changes nothing when run
again."""

import io

import pytest
from django.core.management import call_command

from smallarms.reporting.models import ReportTemplate
from smallarms.themes.models import Theme

pytestmark = pytest.mark.django_db


def setup() -> str:
    out = io.StringIO()
    call_command("setup", stdout=out)
    return out.getvalue()


def test_setup_loads_what_ships_and_a_second_run_changes_nothing():
    Theme.objects.filter(code="marking").delete()
    first = setup()
    assert "Database migrated." in first
    assert "themes: 1 created, 0 updated" in first
    assert Theme.objects.filter(code="marking").exists()
    assert ReportTemplate.objects.filter(code="poa-iti", version=1).exists()
    assert setup().splitlines() == [
        "Database migrated.",
        "Reference data already up to date.",
        "Themes already up to date.",
        "Meetings already up to date.",
        "template poa-iti v1: already up to date",
    ]
