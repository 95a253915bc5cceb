"""Funding calls: open, propose, score against weighted criteria, award → project."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smallarms.assistance.models import Proposal
from smallarms.assistance.services import calls
from smallarms.audit.models import Entry

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.date.today() + datetime.timedelta(days=365)


@pytest.fixture
def call(provider_unrcpd, unrcpd):
    return calls.open_call(
        acting_user=provider_unrcpd,
        organization=unrcpd,
        title="Marking in the Asia-Pacific",
        aims="Help States mark their weapons.",
        deadline=NEXT_YEAR,
        budget_amount=Decimal(500000),
        criteria=[("Relevance to the needs", 3), ("Feasibility", 1)],
    )


@pytest.fixture
def proposal(call, npc_kenya, kenya, public_need):
    return calls.submit_proposal(
        acting_user=npc_kenya,
        call=call,
        state=kenya,
        needs=[public_need],
        title="Marking in Kenya",
        summary="Two machines.",
        budget_amount=Decimal(80000),
    )


def test_a_funding_organization_opens_a_call_with_criteria(call):
    assert [(c.name, c.weight) for c in call.criteria.all()] == [
        ("Relevance to the needs", 3),
        ("Feasibility", 1),
    ]
    assert Entry.objects.filter(event="call_opened", object_id=str(call.pk)).exists()


def test_a_state_cannot_open_a_call_on_its_own(npc_kenya):
    with pytest.raises(PermissionDenied):
        calls.open_call(
            acting_user=npc_kenya, title="X", aims="Y", deadline=NEXT_YEAR, criteria=[("A", 1)]
        )


def test_the_secretariat_opens_a_call_and_must_give_criteria(secretariat):
    with pytest.raises(ValidationError) as error:
        calls.open_call(
            acting_user=secretariat,
            title="X",
            aims="Y",
            deadline=datetime.date(2020, 1, 1),
            criteria=[],
        )
    assert error.value.message_dict == {
        "deadline": ["The deadline has passed already."],
        "criteria": ["Give at least one evaluation criterion."],
    }


def test_scores_are_weighted_and_the_award_becomes_a_project(
    proposal, provider_unrcpd, make_user, unrcpd
):
    relevance, feasibility = proposal.call.criteria.all()
    calls.score_proposal(
        acting_user=provider_unrcpd,
        proposal=proposal,
        scores={relevance: (8, "Good fit"), feasibility: (4, "")},
    )
    colleague = make_user("colleague@example.org", "assistance_provider", organization="unrcpd")
    calls.score_proposal(
        acting_user=colleague, proposal=proposal, scores={relevance: (10, ""), feasibility: (6, "")}
    )
    # relevance: mean 9 × 3; feasibility: mean 5 × 1 → 32 / 4 = 8.0
    assert calls.weighted_total(proposal) == Decimal("8.0")
    project = calls.award_proposal(acting_user=provider_unrcpd, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == "awarded"
    assert project.proposal == proposal
    assert [f.organization for f in project.funders.all()] == [unrcpd]
    assert project.budget_amount == Decimal(80000)
    need = project.needs.get()
    assert need.status == "partly_met"
    assert Entry.objects.filter(event="proposal_awarded").exists()
    with pytest.raises(ValidationError):
        calls.award_proposal(acting_user=provider_unrcpd, proposal=proposal)


def test_a_score_outside_0_to_10_is_refused(proposal, provider_unrcpd):
    relevance = proposal.call.criteria.first()
    with pytest.raises(ValidationError) as error:
        calls.score_proposal(
            acting_user=provider_unrcpd, proposal=proposal, scores={relevance: (11, "")}
        )
    assert error.value.message_dict == {
        f"score_{relevance.pk}": ["Give Relevance to the needs a score from 0 to 10."]
    }


def test_proposals_are_seen_by_the_proposer_and_the_reviewers_only(
    proposal, npc_kenya, provider_unrcpd, npc_ghana, provider_norway
):
    for user in (npc_kenya, provider_unrcpd):
        assert Proposal.objects.visible_to(user).filter(pk=proposal.pk).exists()
    for user in (npc_ghana, provider_norway):
        assert not Proposal.objects.visible_to(user).filter(pk=proposal.pk).exists()
    with pytest.raises(PermissionDenied):
        calls.award_proposal(acting_user=npc_kenya, proposal=proposal)


def test_no_proposal_after_the_deadline(call, npc_kenya, kenya, public_need):
    call.deadline = datetime.date(2020, 1, 1)
    call.save()
    with pytest.raises(ValidationError) as error:
        calls.submit_proposal(
            acting_user=npc_kenya,
            call=call,
            state=kenya,
            needs=[public_need],
            title="Late",
            summary="Late",
            budget_amount=Decimal(1),
        )
    assert error.value.messages == ["This call is closed: its deadline has passed."]


def test_a_rapid_response_proposal_needs_no_call_and_the_secretariat_awards_it(
    npc_kenya, kenya, public_need, secretariat, with_two_factor
):
    proposal = calls.submit_proposal(
        acting_user=npc_kenya,
        state=kenya,
        needs=[public_need],
        title="Emergency stockpile security",
        summary="After the depot explosion.",
        budget_amount=Decimal(30000),
    )
    assert proposal.is_rapid_response and proposal.call is None
    with_two_factor(secretariat)
    project = calls.award_proposal(acting_user=secretariat, proposal=proposal)
    assert project.recipient_state == kenya
    assert project.funders.count() == 0


def test_the_funder_closes_its_call_and_it_takes_no_more_proposals(
    call, provider_unrcpd, npc_kenya, kenya, public_need, provider_norway
):
    with pytest.raises(PermissionDenied):
        calls.close_call(acting_user=provider_norway, call=call)
    calls.close_call(acting_user=provider_unrcpd, call=call)
    call.refresh_from_db()
    assert call.status == "closed"
    assert Entry.objects.filter(event="call_closed", object_id=str(call.pk)).count() == 1
    assert not calls.call_accepts_proposals(call)
    with pytest.raises(ValidationError) as error:
        calls.submit_proposal(
            acting_user=npc_kenya,
            call=call,
            state=kenya,
            needs=[public_need],
            title="Too late",
            summary="After the close.",
            budget_amount=Decimal(1000),
        )
    assert error.value.messages == ["This call is closed: its deadline has passed."]


def test_a_reviewer_does_not_retain_a_proposal_once(proposal, provider_unrcpd, npc_kenya):
    with pytest.raises(PermissionDenied):
        calls.reject_proposal(acting_user=npc_kenya, proposal=proposal)
    calls.reject_proposal(acting_user=provider_unrcpd, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.decided_at is not None
    assert Entry.objects.filter(event="proposal_rejected", object_id=str(proposal.pk)).exists()
    with pytest.raises(ValidationError) as error:
        calls.reject_proposal(acting_user=provider_unrcpd, proposal=proposal)
    assert error.value.messages == ["This proposal was decided already."]
    with pytest.raises(ValidationError):
        calls.award_proposal(acting_user=provider_unrcpd, proposal=proposal)
