"""Projects: recording one from a match or directly, indicators, progress, and the need's
status that follows from them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smallarms.assistance.models import Project
from smallarms.assistance.services import matches, projects
from smallarms.audit.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(accepted, provider_norway):
    return projects.record_project(
        acting_user=provider_norway,
        match=accepted,
        title="Marking machines for Kenya",
        budget_amount=Decimal("100000"),
        currency="USD",
        status="ongoing",
        indicators=[{"name": "Weapons marked", "baseline": Decimal(0), "target": Decimal(5000)}],
    )


def test_the_provider_records_a_project_from_an_accepted_match(project, accepted, norway):
    assert project.match == accepted
    assert [f.state for f in project.funders.all()] == [norway]
    assert list(project.needs.all()) == [accepted.need]
    assert project.recipient_state.iso3 == "KEN"
    accepted.need.refresh_from_db()
    assert accepted.need.status == "partly_met"
    assert Entry.objects.filter(event="project_recorded", object_id=str(project.pk)).exists()


def test_only_an_accepted_match_becomes_a_project(proposed, provider_norway):
    with pytest.raises(ValidationError) as error:
        projects.record_project(acting_user=provider_norway, match=proposed, title="X")
    assert error.value.messages == ["Only an accepted match becomes a project."]


def test_the_state_cannot_record_the_providers_project(accepted, npc_kenya):
    with pytest.raises(PermissionDenied):
        projects.record_project(acting_user=npc_kenya, match=accepted, title="X")


def test_progress_reaching_every_target_makes_the_need_met(project, provider_norway, npc_ghana):
    indicator = project.indicators.get()
    projects.report_progress(
        acting_user=provider_norway,
        indicator=indicator,
        value=Decimal(2000),
        reported_on=datetime.date(2026, 3, 1),
    )
    need = project.needs.get()
    assert need.status == "partly_met"
    projects.report_progress(
        acting_user=provider_norway,
        indicator=indicator,
        value=Decimal(5000),
        reported_on=datetime.date(2026, 6, 1),
        note="All police weapons marked.",
    )
    need.refresh_from_db()
    assert need.status == "met"
    assert Entry.objects.filter(event="progress_reported").count() == 2
    with pytest.raises(PermissionDenied):
        projects.report_progress(
            acting_user=npc_ghana, indicator=indicator, value=1, reported_on=datetime.date.today()
        )


def test_the_recipient_states_point_of_contact_may_report_progress(project, npc_kenya):
    progress = projects.report_progress(
        acting_user=npc_kenya,
        indicator=project.indicators.get(),
        value=Decimal(100),
        reported_on=datetime.date(2026, 2, 1),
    )
    assert progress.reported_by == npc_kenya
    assert project.indicators.get().latest().value == Decimal(100)
    entry = Entry.objects.filter(event="progress_reported", actor=npc_kenya).get()
    assert entry.data["value"] == "100"


def test_progress_for_a_future_date_is_refused(project, provider_norway):
    with pytest.raises(ValidationError) as error:
        projects.report_progress(
            acting_user=provider_norway,
            indicator=project.indicators.get(),
            value=Decimal(1),
            reported_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert error.value.message_dict == {
        "reported_on": ["Progress cannot be reported for a future date."]
    }


def test_a_completed_project_makes_the_need_met_and_a_cancelled_one_reopens_it(
    project, provider_norway
):
    need = project.needs.get()
    projects.update_project(acting_user=provider_norway, project=project, status="completed")
    need.refresh_from_db()
    assert need.status == "met"
    projects.update_project(acting_user=provider_norway, project=project, status="cancelled")
    need.refresh_from_db()
    # The accepted match still binds the pair: back in discussion, not open.
    assert need.status == "in_discussion"


def test_a_provider_records_a_project_it_funds_directly(
    provider_norway, norway, kenya, public_need, provider_germany
):
    project = projects.record_project(
        acting_user=provider_norway,
        funders=[(norway, Decimal(5000))],
        needs=[public_need],
        title="Direct funding",
    )
    assert project.needs.get() == public_need
    germany = project.funders.get().state
    with pytest.raises(PermissionDenied):
        projects.record_project(
            acting_user=provider_germany, funders=[(germany, 1)], needs=[public_need], title="X"
        )


def test_a_project_without_needs_names_its_recipient(provider_norway, norway):
    with pytest.raises(ValidationError) as error:
        projects.record_project(
            acting_user=provider_norway, funders=[(norway, None)], title="Somewhere"
        )
    assert error.value.message_dict == {
        "recipient_state": ["Name the recipient State or the needs the project meets."]
    }


def test_projects_meeting_only_private_needs_are_seen_by_their_parties(
    private_need, offer, npc_kenya, provider_norway, npc_ghana, provider_germany
):
    from django.contrib.auth.models import AnonymousUser

    match = matches.propose_match(acting_user=npc_kenya, need=private_need, offer=offer)
    matches.accept_match(acting_user=provider_norway, match=match)
    project = projects.record_project(acting_user=provider_norway, match=match, title="Quiet")
    for user in (npc_kenya, provider_norway):
        assert Project.objects.visible_to(user).filter(pk=project.pk).exists()
    for user in (npc_ghana, provider_germany, AnonymousUser()):
        assert not Project.objects.visible_to(user).filter(pk=project.pk).exists()


def test_a_project_is_off_target_when_its_target_date_passed(project):
    indicator = project.indicators.get()
    indicator.target_date = datetime.date(2020, 1, 1)
    indicator.save()
    assert projects.off_target(project)
