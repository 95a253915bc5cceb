"""Writing assistance: needs and their objectives, offers, exchange rates, matches and
their conversation, projects and their progress, funding calls, proposals and awards.

Each function is one transaction, checks who may do it, validates (``full_clean``) and
leaves its audit entries. After a need or an offer changes, its candidates are refreshed
(``candidates.refresh_for_need/offer``) inside the same transaction.
"""

import hashlib
import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from smallarms.accounts import permissions
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record

from .choices import (
    LIVE_MATCH,
    CallStatus,
    MatchSide,
    MatchStatus,
    NeedStatus,
    OfferStatus,
    ProjectStatus,
    ProposalStatus,
)
from .models import (
    CallCriterion,
    ExchangeRate,
    FundingCall,
    Match,
    MatchMessage,
    Need,
    NeedObjective,
    Offer,
    ProgressReport,
    Project,
    ProjectFunder,
    ProjectIndicator,
    Proposal,
    ProposalScore,
)

CENT = Decimal("0.01")

NEED_FIELDS = (
    "title",
    "description",
    "language",
    "working_languages",
    "kind",
    "budget_amount",
    "currency",
    "starts_on",
    "ends_on",
    "priority",
    "action_plan_reference",
    "is_public",
)
OFFER_FIELDS = (
    "title",
    "description",
    "language",
    "working_languages",
    "kinds",
    "budget_min",
    "budget_max",
    "currency",
    "starts_on",
    "ends_on",
    "conditions",
    "contact_name",
    "contact_email",
)
PROJECT_FIELDS = (
    "title",
    "description",
    "recipient_state",
    "implementer",
    "implementer_name",
    "budget_amount",
    "currency",
    "starts_on",
    "ends_on",
    "status",
    "outcome",
)


def _candidates():
    # Helper B's module; imported late so that models and services load without it.
    from . import candidates

    return candidates


# Money -----------------------------------------------------------------------------------


def usd_rate(currency: str, on=None) -> Decimal | None:
    """US dollars per unit of ``currency`` on ``on`` (default today): the latest rate valid
    then; None when the secretariat has recorded none."""
    if currency == "USD":
        return Decimal(1)
    on = on or timezone.localdate()
    rate = (
        ExchangeRate.objects.filter(currency=currency, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("usd_per_unit", flat=True)
        .first()
    )
    return rate


def to_usd(amount, currency: str, on=None) -> Decimal | None:
    if amount is None:
        return None
    rate = usd_rate(currency, on)
    if rate is None:
        return None
    return (Decimal(amount) * rate).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def set_exchange_rate(*, acting_user, currency, usd_per_unit, valid_from, source=""):
    """Record (or correct) a rate; budgets in that currency are converted again."""
    if not permissions.is_system_staff(acting_user):
        raise PermissionDenied
    with acting_as(acting_user):
        rate = ExchangeRate.objects.filter(currency=currency, valid_from=valid_from).first()
        rate = rate or ExchangeRate(currency=currency, valid_from=valid_from)
        rate.usd_per_unit = usd_per_unit
        rate.source = source
        rate.full_clean()
        rate.save()
        record(
            Event.EXCHANGE_RATE_SET,
            obj=rate,
            data={"currency": currency, "usd_per_unit": str(usd_per_unit), "from": str(valid_from)},
        )
        for need in Need.objects.filter(currency=currency):
            usd = to_usd(need.budget_amount, currency)
            if usd != need.budget_usd:
                need.budget_usd = usd
                need.save(update_fields=["budget_usd", "updated_at"])
                _candidates().refresh_for_need(need)
        for offer in Offer.objects.filter(currency=currency):
            low, high = to_usd(offer.budget_min, currency), to_usd(offer.budget_max, currency)
            if (low, high) != (offer.budget_min_usd, offer.budget_max_usd):
                offer.budget_min_usd, offer.budget_max_usd = low, high
                offer.save(update_fields=["budget_min_usd", "budget_max_usd", "updated_at"])
                _candidates().refresh_for_offer(offer)
        for project in Project.objects.filter(currency=currency):
            usd = to_usd(project.budget_amount, currency)
            if usd != project.budget_usd:
                project.budget_usd = usd
                project.save(update_fields=["budget_usd", "updated_at"])
    return rate


# Needs -----------------------------------------------------------------------------------


def _set_need_fields(need, fields):
    unknown = set(fields) - set(NEED_FIELDS)
    if unknown:
        raise TypeError(f"not fields of a need: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(need, name, value)
    need.budget_usd = to_usd(need.budget_amount, need.currency)


def _check(instance, errors: dict):
    """Validate ``instance`` whole and raise every problem at once: the model's own and
    ``errors`` found beforehand (a need or an offer without themes)."""
    try:
        instance.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _check_need(need, themes):
    errors = {}
    if not themes:
        errors["themes"] = [_("Choose at least one theme.")]
    _check(need, errors)


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
        _candidates().refresh_for_need(need)
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
        _candidates().refresh_for_need(need)
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
        _candidates().refresh_for_need(need)
    return need


def _save_objective(objective, fields):
    allowed = {"objective", "indicator", "baseline", "target", "unit", "target_date"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"not a field of an objective: {name}")
        setattr(objective, name, value)
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


@transaction.atomic
def remove_objective(*, acting_user, objective):
    if not Need.objects.visible_to(acting_user, "edit").filter(pk=objective.need_id).exists():
        raise PermissionDenied
    with acting_as(acting_user):
        objective.delete()


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
        _candidates().refresh_for_need(need)
    return status


# Offers ----------------------------------------------------------------------------------


def _set_offer_fields(offer, fields):
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"not fields of an offer: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.budget_min_usd = to_usd(offer.budget_min, offer.currency)
    offer.budget_max_usd = to_usd(offer.budget_max, offer.currency)


def _check_offer(offer, themes):
    errors = {}
    if not themes:
        errors["themes"] = [_("Choose at least one theme.")]
    if not offer.kinds:
        errors["kinds"] = [_("Choose at least one kind of assistance.")]
    _check(offer, errors)


@transaction.atomic
def create_offer(
    *,
    acting_user,
    state=None,
    organization=None,
    themes=(),
    eligible_areas=(),
    eligible_states=(),
    **fields,
) -> Offer:
    if not permissions.may_offer(acting_user, state=state, organization=organization):
        raise PermissionDenied
    with acting_as(acting_user):
        offer = Offer(state=state, organization=organization, created_by=acting_user)
        _set_offer_fields(offer, fields)
        _check_offer(offer, themes)
        offer.save()
        offer.themes.set(themes)
        offer.eligible_areas.set(eligible_areas)
        offer.eligible_states.set(eligible_states)
        record(
            Event.OFFER_POSTED,
            obj=offer,
            data={"owner": state.iso3 if state else organization.slug},
        )
        _candidates().refresh_for_offer(offer)
    return offer


@transaction.atomic
def update_offer(
    *, acting_user, offer, themes=None, eligible_areas=None, eligible_states=None, **fields
) -> Offer:
    if not Offer.objects.visible_to(acting_user, "edit").filter(pk=offer.pk).exists():
        raise PermissionDenied
    with acting_as(acting_user):
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        _set_offer_fields(offer, fields)
        themes = list(offer.themes.all()) if themes is None else themes
        _check_offer(offer, themes)
        offer.save()
        offer.themes.set(themes)
        if eligible_areas is not None:
            offer.eligible_areas.set(eligible_areas)
        if eligible_states is not None:
            offer.eligible_states.set(eligible_states)
        _candidates().refresh_for_offer(offer)
    return offer


@transaction.atomic
def close_offer(*, acting_user, offer, status=OfferStatus.CLOSED) -> Offer:
    """Close an offer (its funds are committed) or withdraw it."""
    if not Offer.objects.visible_to(acting_user, "edit").filter(pk=offer.pk).exists():
        raise PermissionDenied
    if status not in (OfferStatus.CLOSED, OfferStatus.WITHDRAWN):
        raise ValueError(status)
    with acting_as(acting_user):
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.status != OfferStatus.OPEN:
            raise ValidationError(_("This offer is not open any more."))
        offer.status = status
        offer.save(update_fields=["status", "updated_at"])
        for match in offer.matches.filter(status=MatchStatus.PROPOSED):
            match.status = MatchStatus.WITHDRAWN
            match.save(update_fields=["status"])
            refresh_need_status(match.need)
        record(Event.OFFER_CLOSED, obj=offer, data={"status": status})
        _candidates().refresh_for_offer(offer)
    return offer


# Matches ---------------------------------------------------------------------------------


@transaction.atomic
def propose_match(*, acting_user, need, offer, message="") -> Match:
    """Either side proposes: the need's State (or organization) or the offer's provider."""
    # Read again and lock: the pair's current state decides, and two simultaneous
    # proposals cannot both pass the checks below.
    need = Need.objects.select_for_update().get(pk=need.pk)
    offer = Offer.objects.get(pk=offer.pk)
    need_side = permissions.is_need_side(acting_user, need)
    offer_side = permissions.is_offer_side(acting_user, offer)
    if not (need_side or offer_side):
        raise PermissionDenied
    if not Need.objects.visible_to(acting_user).filter(pk=need.pk).exists():
        raise PermissionDenied
    if need_side and offer_side:
        raise ValidationError(
            _("This need and this offer are both yours: there is no one to agree with.")
        )
    if need.status in (NeedStatus.WITHDRAWN, NeedStatus.MET):
        raise ValidationError(_("This need is no longer open to offers."))
    if offer.status != OfferStatus.OPEN:
        raise ValidationError(_("This offer is no longer open."))
    if Match.objects.filter(need=need, offer=offer, status__in=LIVE_MATCH).exists():
        raise ValidationError(_("A match between this need and this offer is already under way."))
    with acting_as(acting_user):
        match = Match(
            need=need,
            offer=offer,
            proposed_by=acting_user,
            proposed_by_side=MatchSide.NEED if need_side else MatchSide.OFFER,
            message=message.strip(),
        )
        match.full_clean()
        match.save()
        record(
            Event.MATCH_PROPOSED,
            obj=match,
            data={"need": str(need.pk), "offer": str(offer.pk), "side": match.proposed_by_side},
        )
        refresh_need_status(need)
    _notify_on_commit(match, "proposed", acting_user)
    return match


def _check_answer(user, match):
    sides = permissions.sides_of(user, match)
    if not sides and not permissions.is_system_staff(user):
        raise PermissionDenied
    if match.status == MatchStatus.DECLINED:
        raise ValidationError(_("This proposal was declined; it can no longer be answered."))
    if match.status == MatchStatus.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn; it can no longer be answered."))
    if match.status == MatchStatus.ACCEPTED:
        raise ValidationError(_("This proposal was accepted already."))
    if match.answering_side not in sides:
        if match.proposed_by_side in sides:
            raise ValidationError(
                _("You cannot answer your own proposal: the other side accepts or declines it.")
            )
        raise PermissionDenied


@transaction.atomic
def accept_match(*, acting_user, match) -> Match:
    match = Match.objects.select_for_update().select_related("need", "offer").get(pk=match.pk)
    _check_answer(acting_user, match)
    with acting_as(acting_user):
        match.status = MatchStatus.ACCEPTED
        match.decided_by = acting_user
        match.decided_at = timezone.now()
        match.save(update_fields=["status", "decided_by", "decided_at"])
        record(Event.MATCH_ACCEPTED, obj=match, data={"need": str(match.need_id)})
        refresh_need_status(match.need)
    _notify_on_commit(match, "accepted", acting_user)
    return match


@transaction.atomic
def decline_match(*, acting_user, match, reason="") -> Match:
    match = Match.objects.select_for_update().select_related("need", "offer").get(pk=match.pk)
    _check_answer(acting_user, match)
    with acting_as(acting_user):
        match.status = MatchStatus.DECLINED
        match.decided_by = acting_user
        match.decided_at = timezone.now()
        match.decline_reason = reason.strip()
        match.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
        record(Event.MATCH_DECLINED, obj=match, data={"reason": match.decline_reason})
        refresh_need_status(match.need)
    _notify_on_commit(match, "declined", acting_user)
    return match


@transaction.atomic
def withdraw_match(*, acting_user, match) -> Match:
    """The proposing side takes back a proposal not yet answered."""
    match = Match.objects.select_for_update().select_related("need", "offer").get(pk=match.pk)
    if match.proposed_by_side not in permissions.sides_of(acting_user, match):
        raise PermissionDenied
    if match.status != MatchStatus.PROPOSED:
        raise ValidationError(_("Only a proposal not yet answered can be withdrawn."))
    with acting_as(acting_user):
        match.status = MatchStatus.WITHDRAWN
        match.save(update_fields=["status"])
        record(Event.MATCH_WITHDRAWN, obj=match)
        refresh_need_status(match.need)
    return match


@transaction.atomic
def post_message(*, acting_user, match, body) -> MatchMessage:
    """A message in the match's private conversation: the parties and the secretariat."""
    if not Match.objects.visible_to(acting_user).filter(pk=match.pk).exists():
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write a message.")]})
    if match.status in (MatchStatus.DECLINED, MatchStatus.WITHDRAWN):
        raise ValidationError(_("This match is closed; its conversation is kept as it was."))
    with acting_as(acting_user):
        message = MatchMessage(match=match, author=acting_user, body=body)
        message.full_clean()
        message.save()
        record(Event.MATCH_MESSAGE_POSTED, obj=match, data={"message": message.pk})
    _notify_on_commit(match, "message", acting_user, message_id=message.pk)
    return message


def people_of_side(match, side) -> list:
    """The active people who speak for one side of a match (whom to tell)."""
    owner = match.need if side == MatchSide.NEED else match.offer
    roles = permissions.NEED_KEEPERS if side == MatchSide.NEED else permissions.OFFER_ROLES
    if owner.state_id:
        memberships = permissions.holders(roles, [owner.state_id])
    else:
        memberships = permissions.holders(
            permissions.PROVIDER_ROLES, organization_ids=[owner.organization_id]
        )
    seen, people = set(), []
    for membership in memberships:
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            people.append(membership.user)
    return people


def _notify_on_commit(match, what, author, message_id=None):
    author_id = getattr(author, "pk", None)

    def enqueue():
        from .tasks import send_match_notification

        send_match_notification.enqueue(str(match.pk), what, author_id, message_id)

    transaction.on_commit(enqueue)


# Projects --------------------------------------------------------------------------------


def _set_project_fields(project, fields):
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"not fields of a project: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(project, name, value)
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
        try:
            project.full_clean()
        except ValidationError as error:
            errors = error.message_dict
        if not needs and project.recipient_state_id is None:
            errors.setdefault("recipient_state", []).append(
                _("Name the recipient State or the needs the project meets.")
            )
        if errors:
            raise ValidationError(errors)
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
    allowed = {"name", "baseline", "target", "unit", "target_date", "objective"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"not a field of an indicator: {name}")
        setattr(indicator, name, value)
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


# Funding calls and proposals -------------------------------------------------------------


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
    allowed = {"title", "aims", "budget_amount", "currency", "deadline"}
    if set(fields) - allowed:
        raise TypeError(sorted(set(fields) - allowed))
    with acting_as(acting_user):
        call = FundingCall(state=state, organization=organization, created_by=acting_user, **fields)
        errors = {}
        try:
            call.full_clean()
        except ValidationError as error:
            errors = dict(error.message_dict)
        if call.deadline and call.deadline < timezone.localdate():
            errors.setdefault("deadline", []).append(_("The deadline has passed already."))
        if not [c for c in criteria if c[0].strip()]:
            errors.setdefault("criteria", []).append(_("Give at least one evaluation criterion."))
        if errors:
            raise ValidationError(errors)
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
    allowed = {"title", "summary", "budget_amount", "currency", "starts_on", "ends_on"}
    if set(fields) - allowed:
        raise TypeError(sorted(set(fields) - allowed))
    with acting_as(acting_user):
        proposal = Proposal(
            call=call,
            is_rapid_response=call is None,
            state=state,
            organization=organization,
            submitted_by=acting_user,
            **fields,
        )
        errors = {}
        try:
            proposal.full_clean()
        except ValidationError as error:
            errors = dict(error.message_dict)
        if not needs:
            errors.setdefault("needs", []).append(_("Link the proposal to the needs it answers."))
        if errors:
            raise ValidationError(errors)
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


# Needs from national reports -------------------------------------------------------------

NEEDS_QUESTION = "ICA-02"
_SPACES = re.compile(r"\s+")


def _fingerprint(state_id, description: str) -> str:
    # The row's words, spaces and case aside: a revised report repeating a need (perhaps
    # with another area or kind) does not add it twice.
    words = _SPACES.sub(" ", description).strip().casefold()
    return hashlib.sha256(f"{state_id}|{words}".encode()).hexdigest()


def needs_from_report(*, report, acting_user) -> list[Need]:
    """Turn each row of the report's ICA-02 table (area, kind, description,
    project_proposal) into a private need of the State linked to the report, in the
    report's language. A row already taken from an earlier report (same State, same words)
    is not added again. Runs inside the submission's transaction."""
    from smallarms.reporting.report_models import Answer
    from smallarms.themes.models import Theme

    from .choices import AssistanceKind

    answer = (
        Answer.objects.filter(report=report, question__code=NEEDS_QUESTION)
        .select_related("question")
        .first()
    )
    rows = answer.value if answer and isinstance(answer.value, list) else []
    created = []
    themes = {theme.code: theme for theme in Theme.objects.all()}
    with acting_as(acting_user):
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                continue
            description = str(row.get("description") or "").strip()
            if not description:
                continue
            fingerprint = _fingerprint(report.state_id, description)
            if Need.objects.filter(state=report.state, source_fingerprint=fingerprint).exists():
                continue
            kind = row.get("kind") if row.get("kind") in AssistanceKind.values else "other"
            theme = themes.get(str(row.get("area") or ""))
            title = _SPACES.sub(" ", description)
            title = title if len(title) <= 120 else title[:119].rstrip() + "…"
            language = answer.language or report.language
            body = description
            if row.get("project_proposal") == "yes":
                with translation.override(language):
                    body += "\n\n" + _("A project proposal is available from the State.")
            need = Need(
                state=report.state,
                title=title,
                description=body,
                language=language,
                kind=kind,
                source_report=report,
                source_question=NEEDS_QUESTION,
                source_row=number,
                source_fingerprint=fingerprint,
                created_by=acting_user,
                is_public=False,
            )
            need.full_clean()
            need.save()
            if theme is not None:
                need.themes.set([theme])
            need.beneficiary_states.set([report.state])
            created.append(need)
            _candidates().refresh_for_need(need)
        if created:
            record(
                Event.NEEDS_FROM_REPORT,
                obj=report,
                data={"needs": [str(n.pk) for n in created], "question": NEEDS_QUESTION},
            )
    return created


def on_report_submitted(sender, report, acting_user, **kwargs):
    needs_from_report(report=report, acting_user=acting_user)
