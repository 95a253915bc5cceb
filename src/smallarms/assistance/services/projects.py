"""Funded projects, their indicators and progress; the needs they meet follow them."""

from decimal import Decimal

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
    MatchStatus,
    ProjectStatus,
)
from ..models import (
    Match,
    Need,
    ProgressReport,
    Project,
    ProjectFunder,
    ProjectIndicator,
)
from .money import to_usd
from .needs import refresh_need_status


def _set_project_fields(project, fields):
    set_fields(project, fields, Project.FIELDS)
    project.budget_usd = to_usd(project.budget_amount, project.currency)


@transaction.atomic
def record_project(
    *,
    acting_user,
    funders=(),
    needs=(),
    themes=(),
    match=None,
    proposal=None,
    indicators=(),
    **fields,
) -> Project:
    """Record a funded project: from an accepted match (its offer's provider funds it, its
    need is met by it), or directly by a provider (funding it) or the secretariat.

    ``funders``: (State or Organization, amount or None) pairs; ``indicators``: dicts of
    ``ProjectIndicator`` fields.
    """
    staff = permissions.is_system_staff(acting_user)
    if match is not None:
        match = Match.objects.select_related("need", "offer").get(pk=match.pk)
        if match.status != MatchStatus.ACCEPTED:
            raise ValidationError(_("Only an accepted match becomes a project."))
        if not (staff or permissions.is_offer_side(acting_user, match.offer)):
            raise PermissionDenied
        funders = list(funders) or [(match.offer.owner, fields.get("budget_amount"))]
        needs = list(needs) or [match.need]
        themes = list(themes) or list(match.need.themes.all())
        fields.setdefault("recipient_state", match.need.state)
    elif (
        proposal is None
        and not staff
        and not any(permissions.funds(acting_user, owner) for owner, _amount in funders)
    ):
        # A provider records what it funds: its own State or organization among the funders.
        raise PermissionDenied
    with acting_as(acting_user):
        project = Project(created_by=acting_user, match=match, proposal=proposal)
        _set_project_fields(project, fields)
        errors = {}
        if not needs and project.recipient_state_id is None:
            errors["recipient_state"] = [
                _("Name the recipient State or the needs the project meets.")
            ]
        full_clean_with(project, errors)
        project.save()
        project.needs.set(needs)
        project.themes.set(themes)
        for owner, amount in funders:
            is_state = owner._meta.model_name == "state"
            funder = ProjectFunder(
                project=project,
                state=owner if is_state else None,
                organization=None if is_state else owner,
                amount=amount,
            )
            funder.full_clean()
            funder.save()
        for indicator in indicators:
            _save_indicator(ProjectIndicator(project=project), indicator)
        record(
            Event.PROJECT_RECORDED,
            obj=project,
            data={
                "match": str(match.pk) if match else None,
                "proposal": str(proposal.pk) if proposal else None,
                "needs": [str(n.pk) for n in needs],
            },
        )
        for need in project.needs.all():
            refresh_need_status(need)
    return project


def _may_edit_project(user, project, action="edit"):
    if not Project.objects.visible_to(user, action).filter(pk=project.pk).exists():
        raise PermissionDenied


@transaction.atomic
def update_project(*, acting_user, project, needs=None, themes=None, **fields) -> Project:
    _may_edit_project(acting_user, project)
    with acting_as(acting_user):
        project = Project.objects.select_for_update().get(pk=project.pk)
        before = set(project.needs.values_list("pk", flat=True))
        _set_project_fields(project, fields)
        project.full_clean()
        project.save()
        if needs is not None:
            project.needs.set(needs)
        if themes is not None:
            project.themes.set(themes)
        for need in Need.objects.filter(
            pk__in=before | set(project.needs.values_list("pk", flat=True))
        ):
            refresh_need_status(need)
    return project


def _save_indicator(indicator, fields):
    set_fields(indicator, fields, ProjectIndicator.FIELDS)
    if indicator.baseline is None:
        indicator.baseline = Decimal(0)
    indicator.full_clean()
    if (
        indicator.objective_id
        and not indicator.project.needs.filter(pk=indicator.objective.need_id).exists()
    ):
        raise ValidationError(
            {"objective": [_("This objective belongs to a need the project does not meet.")]}
        )
    indicator.save()
    return indicator


@transaction.atomic
def save_indicator(*, acting_user, project, indicator=None, **fields) -> ProjectIndicator:
    _may_edit_project(acting_user, project)
    if indicator is not None and indicator.project_id != project.pk:
        raise PermissionDenied
    with acting_as(acting_user):
        indicator = _save_indicator(indicator or ProjectIndicator(project=project), fields)
        for need in project.needs.all():
            refresh_need_status(need)
    return indicator


@transaction.atomic
def report_progress(*, acting_user, indicator, value, reported_on, note="") -> ProgressReport:
    """A value of an indicator on a date; the needs' status follows (refresh_need_status)."""
    project = indicator.project
    _may_edit_project(acting_user, project, "progress")
    if reported_on and reported_on > timezone.localdate():
        raise ValidationError(
            {"reported_on": [_("Progress cannot be reported for a future date.")]}
        )
    with acting_as(acting_user):
        progress = ProgressReport(
            indicator=indicator,
            value=value,
            reported_on=reported_on,
            note=(note or "").strip(),
            reported_by=acting_user,
        )
        progress.full_clean()
        progress.save()
        record(
            Event.PROGRESS_REPORTED,
            obj=project,
            data={"indicator": indicator.name, "value": str(value), "as_of": str(reported_on)},
        )
        for need in project.needs.all():
            refresh_need_status(need)
    return progress


def off_target(project, today=None) -> bool:
    """A project is off target when an indicator's target date (or the project's end) has
    passed without the target reached, or when it is ongoing and its progress lags behind
    the time elapsed by more than a quarter."""
    today = today or timezone.localdate()
    if project.status in (ProjectStatus.CANCELLED,):
        return False
    for indicator in project.indicators.all():
        if indicator.reached():
            continue
        due = indicator.target_date or project.ends_on
        if due and due < today:
            return True
        if project.starts_on and project.ends_on and project.ends_on > project.starts_on:
            elapsed = (today - project.starts_on).days / (project.ends_on - project.starts_on).days
            if elapsed > 0 and indicator.share_done() / 100 < elapsed - 0.25:
                return True
    return False
