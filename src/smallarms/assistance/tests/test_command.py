"""``smallarms assistance recompute-candidates``."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from smallarms.assistance.models import Candidate

pytestmark = pytest.mark.django_db


def test_recompute_candidates_rebuilds_the_rows_and_says_how_many(public_need, offer):
    Candidate.objects.all().delete()
    out = StringIO()
    call_command("assistance", "recompute-candidates", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["candidates"] == 1
    assert summary["seconds"] >= 0
    assert Candidate.objects.get().need == public_need


def test_recompute_candidates_with_nothing_posted_stores_nothing():
    out = StringIO()
    call_command("assistance", "recompute-candidates", stdout=out)
    assert json.loads(out.getvalue())["candidates"] == 0
