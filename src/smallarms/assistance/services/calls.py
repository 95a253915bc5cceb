"""Funding calls, proposals, reviewers' scores and awards."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smallarms.accounts import permissions
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record
from smallarms.core.validation import full_clean_with, set_fields

from ..choices import (
    CallStatus,
    ProposalStatus,
)
from ..models import (
    CallCriterion,
    FundingCall,
    Need,
    Project,
    Proposal,
    ProposalScore,
)
from .projects import record_project

# Criteria a call is scored on: each is one more score for every reviewer of every proposal.
MAX_CRITERIA = 20


@transaction.atomic
def open_call(
    *,
    acting_user,
    state=None,
    organization=None,
    themes=(),
    eligible_areas=(),
    criteria=(),
    **fields,
) -> FundingCall:
    """Open a call: the secretariat (no funder) or a funding State's or organization's
    providers. ``criteria``: (name, weight) pairs — at least one."""
    if not permissions.may_open_call(acting_user, state=state, organization=organization):
        raise PermissionDenied
    with acting_as(acting_user):
        call = FundingCall(state=state, organization=organization, created_by=acting_user)
        set_fields(call, fields, FundingCall.FIELDS)
        errors = {}
        if call.deadline and call.deadline < timezone.localdate():
            errors["deadline"] = [_("The deadline has passed already.")]
        given = [c for c in criteria if c[0].strip()]
        if not given:
            errors["criteria"] = [_("Give at least one evaluation criterion.")]
        elif len(given) > MAX_CRITERIA:
            errors["criteria"] = [
                _("Give at most {limit} evaluation criteria.").format(limit=MAX_CRITERIA)
            ]
        full_clean_with(call, errors)
        call.save()
        call.themes.set(themes)
        call.eligible_areas.set(eligible_areas)
        for position, (name, weight) in enumerate(c for c in criteria if c[0].strip()):
            criterion = CallCriterion(
                call=call, name=name.strip(), weight=weight, position=position
            )
            criterion.full_clean()
            criterion.save()
        record(Event.CALL_OPENED, obj=call, data={"deadline": str(call.deadline)})
    return call


@transaction.atomic
def close_call(*, acting_user, call) -> FundingCall:
    if not FundingCall.objects.visible_to(acting_user, "edit").filter(pk=call.pk).exists():
        raise PermissionDenied
    with acting_as(acting_user):
        call.status = CallStatus.CLOSED
        call.save(update_fields=["status"])
        record(Event.CALL_CLOSED, obj=call)
    return call


def call_accepts_proposals(call, today=None) -> bool:
    today = today or timezone.localdate()
    return call.status == CallStatus.OPEN and call.deadline >= today


@transaction.atomic
def submit_proposal(
    *, acting_user, call=None, state=None, organization=None, needs=(), **fields
) -> Proposal:
    """Submit a proposal to an open call before its deadline — or, without a call, a
    rapid-response proposal for an emergency, at any time."""
    if not permissions.may_propose(acting_user, state=state, organization=organization):
        raise PermissionDenied
    if call is not None and not call_accepts_proposals(call):
        raise ValidationError(_("This call is closed: its deadline has passed."))
    visible = set(Need.objects.visible_to(acting_user).values_list("pk", flat=True))
    if any(need.pk not in visible for need in needs):
        raise PermissionDenied
    with acting_as(acting_user):
        proposal = Proposal(
            call=call,
            is_rapid_response=call is None,
            state=state,
            organization=organization,
            submitted_by=acting_user,
        )
        set_fields(proposal, fields, Proposal.FIELDS)
        errors = {"needs": [_("Link the proposal to the needs it answers.")]} if not needs else {}
        full_clean_with(proposal, errors)
        proposal.save()
        proposal.needs.set(needs)
        record(
            Event.PROPOSAL_SUBMITTED,
            obj=proposal,
            data={"call": str(call.pk) if call else None, "rapid_response": call is None},
        )
    return proposal


@transaction.atomic
def score_proposal(*, acting_user, proposal, scores) -> list[ProposalScore]:
    """A reviewer's scores: ``{criterion: (score 0–10, comment)}``; a second scoring by
    the same reviewer replaces the first."""
    if not permissions.may(acting_user, "review", proposal):
        raise PermissionDenied
    if proposal.call_id is None:
        raise ValidationError(_("A rapid-response proposal has no criteria to score."))
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("This proposal was decided already."))
    criteria = {c.pk: c for c in proposal.call.criteria.all()}
    saved = []
    with acting_as(acting_user):
        for criterion, (value, comment) in scores.items():
            if criterion.pk not in criteria:
                raise ValidationError(_("This criterion is not one of the call's."))
            row = ProposalScore.objects.filter(
                proposal=proposal, criterion=criterion, reviewer=acting_user
            ).first() or ProposalScore(proposal=proposal, criterion=criterion, reviewer=acting_user)
            row.score = value
            row.comment = (comment or "").strip()
            try:
                row.full_clean()
            except ValidationError:
                raise ValidationError(
                    {
                        f"score_{criterion.pk}": [
                            _("Give {criterion} a score from 0 to 10.").format(
                                criterion=criterion.name
                            )
                        ]
                    }
                ) from None
            row.save()
            saved.append(row)
        record(
            Event.PROPOSAL_SCORED,
            obj=proposal,
            data={str(row.criterion_id): row.score for row in saved},
        )
    return saved


def weighted_total(proposal) -> Decimal | None:
    """The weighted mean of the reviewers' scores, out of 10: each criterion's mean score
    over its reviewers, weighted by the criterion's weight. None before any score."""
    if proposal.call_id is None:
        return None
    criteria = list(proposal.call.criteria.all())
    by_criterion: dict[int, list[int]] = {}
    for row in proposal.scores.all():
        by_criterion.setdefault(row.criterion_id, []).append(row.score)
    if not by_criterion:
        return None
    weights = sum(c.weight for c in criteria if c.pk in by_criterion)
    total = sum(
        Decimal(sum(by_criterion[c.pk])) / len(by_criterion[c.pk]) * c.weight
        for c in criteria
        if c.pk in by_criterion
    )
    return (total / weights).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def award_proposal(*, acting_user, proposal, amount=None) -> Project:
    """Award a proposal: it becomes a project funded by the call's funder, meeting the
    proposal's needs; the needs' status follows."""
    if not permissions.may(acting_user, "review", proposal):
        raise PermissionDenied
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("This proposal was decided already."))
    needs = list(proposal.needs.all())
    recipients = {n.state for n in needs if n.state_id}
    call = proposal.call
    funders = []
    if call is not None and call.funder is not None:
        funders = [(call.funder, amount or proposal.budget_amount)]
    with acting_as(acting_user):
        proposal.status = ProposalStatus.AWARDED
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decided_at"])
        themes = {theme for need in needs for theme in need.themes.all()}
        project = record_project(
            acting_user=acting_user,
            funders=funders,
            needs=needs,
            themes=list(themes),
            proposal=proposal,
            title=proposal.title,
            description=proposal.summary,
            recipient_state=recipients.pop() if len(recipients) == 1 else None,
            implementer=proposal.organization,
            implementer_name="" if proposal.organization_id else str(proposal.state or ""),
            budget_amount=amount or proposal.budget_amount,
            currency=proposal.currency,
            starts_on=proposal.starts_on,
            ends_on=proposal.ends_on,
        )
        record(Event.PROPOSAL_AWARDED, obj=proposal, data={"project": str(project.pk)})
    return project


@transaction.atomic
def reject_proposal(*, acting_user, proposal) -> Proposal:
    if not permissions.may(acting_user, "review", proposal):
        raise PermissionDenied
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("This proposal was decided already."))
    with acting_as(acting_user):
        proposal.status = ProposalStatus.REJECTED
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decided_at"])
        record(Event.PROPOSAL_REJECTED, obj=proposal)
    return proposal
