"""Submission figures per reporting cycle, the same for the command line, the pages and the
API. Submissions made in the system and recorded ones count alike.

The rate is over the 193 Member States of the United Nations: a submission by a non-member
observer State is recorded and listed, but not counted in the figures (docs/reporting.md).
"""

from django.db.models import Count, Q

from smallarms.states.choices import AreaLevel, RegionalGroup
from smallarms.states.models import Area, State

from .models import ReportingCycle, Submission

RATE_DIGITS = 4


def rate(submitted: int, states: int) -> float:
    return round(submitted / states, RATE_DIGITS) if states else 0.0


def member_state_count() -> int:
    return State.objects.members().count()


def with_submission_counts(cycles):
    """Cycles annotated with ``submitted``: Member States that submitted for each."""
    return cycles.annotate(
        submitted=Count("submissions", filter=Q(submissions__state__un_member=True))
    )


def _counts(cycle, field: str) -> dict[str, int]:
    rows = (
        Submission.objects.filter(cycle=cycle, state__un_member=True)
        .values(field)
        .annotate(n=Count("pk"))
    )
    return {row[field]: row["n"] for row in rows}


def _totals(field: str) -> dict[str, int]:
    rows = State.objects.members().values(field).annotate(n=Count("pk"))
    return {row[field]: row["n"] for row in rows}


def region_codes() -> list[str]:
    """The M49 regions that hold Member States (all five), in code order."""
    return list(
        Area.objects.filter(level=AreaLevel.REGION, code__in=_totals("region_id"))
        .order_by("code")
        .values_list("code", flat=True)
    )


def cycle_stats(cycle: ReportingCycle) -> dict:
    """``{"cycle", "submitted", "states", "rate", "by_regional_group", "by_region"}``:
    every regional group and M49 region appears, with 0 where no State submitted."""
    by_group = _counts(cycle, "state__regional_group")
    by_region = _counts(cycle, "state__region_id")
    submitted = sum(by_group.values())
    states = member_state_count()
    return {
        "cycle": cycle.code,
        "submitted": submitted,
        "states": states,
        "rate": rate(submitted, states),
        "by_regional_group": {group: by_group.get(group, 0) for group in RegionalGroup.values},
        "by_region": {code: by_region.get(code, 0) for code in region_codes()},
    }


def breakdown(stats: dict) -> dict[str, list[dict]]:
    """The figures of ``cycle_stats`` as table rows with labels, totals and rates."""
    group_totals = _totals("regional_group")
    region_totals = _totals("region_id")
    regions = Area.objects.in_bulk(list(stats["by_region"]))
    return {
        "groups": [
            {
                "key": group,
                "label": RegionalGroup(group).label,
                "submitted": count,
                "states": group_totals.get(group, 0),
                "rate": rate(count, group_totals.get(group, 0)),
            }
            for group, count in stats["by_regional_group"].items()
        ],
        "regions": [
            {
                "key": code,
                "label": regions[code].name,
                "submitted": count,
                "states": region_totals.get(code, 0),
                "rate": rate(count, region_totals.get(code, 0)),
            }
            for code, count in stats["by_region"].items()
        ],
    }
