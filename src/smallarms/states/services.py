"""Writes to the reference data. Loading is idempotent: a row is written only when the
shipped data differs from what the database holds, so a second load changes nothing."""

from django.db import transaction

from smallarms.audit.context import acting_as
from smallarms.core.shipped import LoadSummary, sync

from . import reference
from .models import Area, Organization, OrganizationMembership, State
from .resolver import keys


def search_text(names: list[str]) -> str:
    """Every name in the resolver's normalized form, one per line, for portable search."""
    return "\n".join(sorted({key for name in names for key in keys(name)}))


@transaction.atomic
def load_reference_data(*, acting_user=None) -> LoadSummary:
    """Load the shipped States, M49 areas and organizations (``acting_user`` None: the system)."""
    summary = LoadSummary()
    with acting_as(acting_user):
        areas = _load_areas(summary)
        states = _load_states(summary, areas)
        _load_organizations(summary, states)
    return summary


def _load_areas(summary) -> dict:
    areas = {}
    # Parents come first in the file; the loop relies on it and the data test checks it.
    for area in reference.areas():
        areas[area["code"]] = sync(
            Area,
            {"code": area["code"]},
            {
                "level": area["level"],
                "parent": areas.get(area["parent"]) if area["parent"] else None,
                "names": area["names"],
            },
            summary,
            "areas",
        )
    return areas


def _load_states(summary, areas) -> dict:
    states = {}
    for data in reference.states():
        names = [name for _language, name in reference.all_names(data)]
        states[data["iso3"]] = sync(
            State,
            {"iso3": data["iso3"]},
            {
                "iso2": data["iso2"],
                "m49": data["m49"],
                "un_member": data["un_member"],
                "regional_group": data["regional_group"] or "",
                "regional_group_note": data.get("regional_group_note", ""),
                "region": areas[data["m49_region"]],
                "subregion": areas[data["m49_subregion"]],
                "intermediate_region": areas.get(data["m49_intermediate_region"] or ""),
                "names": data["names"],
                "name_en": data["names"]["en"]["short"],
                "search_text": search_text(names),
            },
            summary,
            "states",
        )
    return states


def _load_organizations(summary, states) -> None:
    organizations = {}
    for data in reference.organizations():
        names = data["names"]
        organization = organizations[data["slug"]] = sync(
            Organization,
            {"slug": data["slug"]},
            {
                "kind": data["kind"],
                "parent": organizations[data["parent"]] if data.get("parent") else None,
                "names": names,
                "name_en": names["en"]["name"],
                "search_text": search_text(
                    [text for entry in names.values() for text in entry.values() if text]
                ),
                "headquarters": data.get("headquarters", ""),
                "website": data.get("website", ""),
                "universal_membership": data.get("universal_membership", False),
                "non_state_members_note": data.get("non_state_members_note", ""),
                "membership_as_of": data.get("membership_as_of", ""),
            },
            summary,
            "organizations",
        )
        _load_members(summary, organization, data.get("members", []), states)


def _load_members(summary, organization, members, states) -> None:
    shipped = set()
    for member in members:
        shipped.add(member["iso3"])
        sync(
            OrganizationMembership,
            {"organization": organization, "state": states[member["iso3"]]},
            {
                "status": member.get("status", "member"),
                "since": member.get("since"),
                "note": member.get("note", ""),
            },
            summary,
            "memberships",
        )
    # A State that has left an organization since the last load is no longer a member.
    gone = organization.memberships.exclude(state__iso3__in=shipped)
    for _membership in gone:
        summary.count(summary.deleted, "memberships")
    gone.delete()
