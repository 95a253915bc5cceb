"""Needs and their objectives; a need's status follows its matches and projects."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smallarms.accounts import permissions
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record
from smallarms.core.validation import full_clean_with, set_fields

from ..choices import (
    LIVE_MATCH,
    MatchStatus,
    NeedStatus,
    ProjectStatus,
)
from ..models import (
    Need,
    NeedObjective,
    ProjectIndicator,
)
from . import matching
from .money import to_usd


def _set_need_fields(need, fields):
    set_fields(need, fields, Need.FIELDS)
    need.budget_usd = to_usd(need.budget_amount, need.currency)


def _check_need(need, themes):
    errors = {"themes": [_("Choose at least one theme.")]} if not themes else {}
    full_clean_with(need, errors)


@transaction.atomic
def create_need(
    *,
    acting_user,
    state=None,
    organization=None,
    themes=(),
    beneficiary_states=(),
    objectives=(),
    source_report=None,
    source_question="",
    source_row=None,
    source_fingerprint="",
    **fields,
) -> Need:
    """Post a need for ``state`` (its national point of contact) or for ``organization``
    (its providers, acting for ``beneficiary_states``). ``objectives``: dicts of
    ``NeedObjective`` fields."""
    if not permissions.may_post_need(acting_user, state=state, organization=organization):
        raise PermissionDenied
    with acting_as(acting_user):
        need = Need(
            state=state,
            organization=organization,
            created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
            source_report=source_report,
            source_question=source_question,
            source_row=source_row,
            source_fingerprint=source_fingerprint,
        )
        _set_need_fields(need, fields)
        _check_need(need, themes)
        need.save()
        need.themes.set(themes)
        need.beneficiary_states.set(beneficiary_states or ([state] if state else []))
        for objective in objectives:
            _save_objective(NeedObjective(need=need), objective)
        record(
            Event.NEED_POSTED,
            obj=need,
            data={
                "owner": (state.iso3 if state else organization.slug),
                "public": need.is_public,
                "source_report": str(source_report.pk) if source_report else None,
            },
        )
        matching.refresh_for_need(need)
    return need


@transaction.atomic
def update_need(*, acting_user, need, themes=None, beneficiary_states=None, **fields) -> Need:
    if not Need.objects.visible_to(acting_user, "edit").filter(pk=need.pk).exists():
        raise PermissionDenied
    with acting_as(acting_user):
        need = Need.objects.select_for_update().get(pk=need.pk)
        _set_need_fields(need, fields)
        themes = list(need.themes.all()) if themes is None else themes
        _check_need(need, themes)
        need.save()
        need.themes.set(themes)
        if beneficiary_states is not None:
            need.beneficiary_states.set(
                beneficiary_states or ([need.state] if need.state_id else [])
            )
        matching.refresh_for_need(need)
    return need


@transaction.atomic
def withdraw_need(*, acting_user, need) -> Need:
    if not Need.objects.visible_to(acting_user, "edit").filter(pk=need.pk).exists():
        raise PermissionDenied
    with acting_as(acting_user):
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status == NeedStatus.WITHDRAWN:
            raise ValidationError(_("This need is withdrawn already."))
        need.status = NeedStatus.WITHDRAWN
        need.save(update_fields=["status", "updated_at"])
        # Proposals still waiting for an answer lapse with the need.
        for match in need.matches.filter(status=MatchStatus.PROPOSED):
            match.status = MatchStatus.WITHDRAWN
            match.save(update_fields=["status"])
        record(Event.NEED_WITHDRAWN, obj=need)
        matching.refresh_for_need(need)
    return need


def _save_objective(objective, fields):
    set_fields(objective, fields, NeedObjective.FIELDS)
    objective.full_clean()
    objective.save()
    return objective


@transaction.atomic
def save_objective(*, acting_user, need, instance=None, **fields) -> NeedObjective:
    """Add an objective to a need, or change one (``instance``)."""
    if not Need.objects.visible_to(acting_user, "edit").filter(pk=need.pk).exists():
        raise PermissionDenied
    if instance is not None and instance.need_id != need.pk:
        raise PermissionDenied
    with acting_as(acting_user):
        return _save_objective(instance or NeedObjective(need=need), fields)


def refresh_need_status(need) -> str:
    """Set a need's status from its matches and projects (docs/assistance.md):

    - withdrawn stays withdrawn (the State's decision);
    - met: a completed project meets it, or the projects meeting it have indicators and
      every one of them has reached its target;
    - partly met: a planned or ongoing project meets it (funding found, not yet achieved);
    - in discussion: a match is proposed or accepted;
    - open otherwise (e.g. when its only project was cancelled).
    """
    if need.status == NeedStatus.WITHDRAWN:
        return need.status
    projects = list(need.projects.exclude(status=ProjectStatus.CANCELLED))
    if projects:
        indicators = list(
            ProjectIndicator.objects.filter(project__in=projects).prefetch_related("progress")
        )
        if any(p.status == ProjectStatus.COMPLETED for p in projects) or (
            indicators and all(i.reached() for i in indicators)
        ):
            status = NeedStatus.MET
        else:
            status = NeedStatus.PARTLY_MET
    elif need.matches.filter(status__in=LIVE_MATCH).exists():
        status = NeedStatus.IN_DISCUSSION
    else:
        status = NeedStatus.OPEN
    if status != need.status:
        need.status = status
        need.save(update_fields=["status", "updated_at"])
        matching.refresh_for_need(need)
    return status
