"""Who may do what: the one module of rules.

Every door to an object — a page, an API endpoint, an export, a search, a history, a
dashboard, an e-mail — asks here, either through a model's ``visible_to(user, action)``
queryset method (which calls ``visible``) or through one of the capability functions below
(``may_draft``, ``may_post_need`` …). Nothing else reads memberships.

Three rules hold for every rule below:

- A role that requires two-factor authentication grants nothing until its holder has used
  the second factor (``usable memberships``): the secretariat's and administrators' powers,
  records and tracing included, all wait for it in this one place.
- A model without a rule here has no rows for anyone (``rows`` answers ``NONE``), and an
  action a rule does not name is refused the same way: deny by default.
- What a person may not see does not exist for them: pages and the API answer 404.

Role codes are those of the shipped roles (migration ``accounts.0003``), ordered from the
narrowest to the widest powers.
"""

from collections.abc import Callable

from django.db.models import Q

PUBLIC = "public"
REPORTING_OFFICER = "reporting_officer"
NATIONAL_POINT_OF_CONTACT = "national_point_of_contact"
ASSISTANCE_PROVIDER = "assistance_provider"
RECORDS_OFFICER = "records_officer"
TRACING_OFFICER = "tracing_officer"
MONITOR = "monitor"
SECRETARIAT = "secretariat"
ADMINISTRATOR = "administrator"

SYSTEM_ROLES = (SECRETARIAT, ADMINISTRATOR)
# Roles that make a person a government official of some State (DESIGN.md: officials see
# the personal details in the contact directory and the restricted answers of reports).
OFFICIAL_ROLES = (
    REPORTING_OFFICER,
    NATIONAL_POINT_OF_CONTACT,
    RECORDS_OFFICER,
    TRACING_OFFICER,
)
# National reporting: who drafts and submits a State's report (and hears about cycles).
REPORT_DRAFTERS = (REPORTING_OFFICER, NATIONAL_POINT_OF_CONTACT)
# The contact directory: who keeps a State's entries, and an organization's.
CONTACT_KEEPERS_OF_STATE = (NATIONAL_POINT_OF_CONTACT,)
CONTACT_KEEPERS_OF_ORGANIZATION = (ASSISTANCE_PROVIDER,)
# Assistance: who speaks for a State on its needs (the point of contact posts and answers;
# reporting officers see the State's own needs), who acts for an organization or for a
# State as a provider, and who may post offers (a State's providers and its point of
# contact; an organization's providers).
NEED_VIEWERS = (NATIONAL_POINT_OF_CONTACT, REPORTING_OFFICER)
NEED_KEEPERS = (NATIONAL_POINT_OF_CONTACT,)
PROVIDER_ROLES = (ASSISTANCE_PROVIDER,)
OFFER_ROLES = (ASSISTANCE_PROVIDER, NATIONAL_POINT_OF_CONTACT)
# Who may submit a proposal for a State: its providers, point of contact, reporting officers.
PROPOSER_ROLES = (*OFFER_ROLES, REPORTING_OFFICER)

# Every row, and no row. (An empty ``Q()`` would vanish when combined with ``|``.)
ALL = ~Q(pk__in=[])
NONE = Q(pk__in=[])


# Memberships -----------------------------------------------------------------------------


def _all_memberships(user) -> list:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        cached = list(user.memberships.active().select_related("role"))
        user._active_memberships = cached
    return cached


def _memberships(user) -> list:
    """The memberships that grant something now. A person holding a role that requires the
    second factor has no power at all, in any role, until they have used it: the password
    alone opens nothing of such an account."""
    memberships = _all_memberships(user)
    if any(m.role.requires_two_factor for m in memberships) and not passes_two_factor(user):
        return []
    return memberships


def forget(user):
    """Drop the per-request cache of a user's roles after granting or revoking one, or
    after turning the second factor on or off."""
    for name in ("_active_memberships", "_has_two_factor"):
        user.__dict__.pop(name, None)


def has_role(user, *roles: str, state=None, organization=None) -> bool:
    """Whether the user holds one of ``roles`` — in ``state`` / ``organization`` when given."""
    for membership in _memberships(user):
        if membership.role_id not in roles:
            continue
        if state is not None and membership.state_id != getattr(state, "pk", state):
            continue
        if organization is not None and membership.organization_id != getattr(
            organization, "pk", organization
        ):
            continue
        return True
    return False


def holds_system_role(user) -> bool:
    """Whether the user is of the secretariat or an administrator, second factor or not:
    for telling them what to do first, never for what they may see."""
    return any(m.role_id in SYSTEM_ROLES for m in _all_memberships(user))


def is_system_staff(user) -> bool:
    """The secretariat and administrators, signed in with their second factor: every power
    of the whole system asks this."""
    return has_role(user, *SYSTEM_ROLES)


def is_administrator(user) -> bool:
    return has_role(user, ADMINISTRATOR)


def is_official(user) -> bool:
    return has_role(user, *OFFICIAL_ROLES) or is_system_staff(user)


def states_where(user, *roles: str) -> set[int]:
    """Primary keys of the States in which the user holds one of ``roles``."""
    return {m.state_id for m in _memberships(user) if m.role_id in roles and m.state_id}


def organizations_where(user, *roles: str) -> set[int]:
    """Primary keys of the organizations in which the user holds one of ``roles``."""
    return {
        m.organization_id for m in _memberships(user) if m.role_id in roles and m.organization_id
    }


def scope_filter(user, *roles: str, state_field="state", organization_field=None) -> Q:
    """A Q that keeps rows in the scopes where the user holds one of ``roles``."""
    query = NONE
    for membership in _memberships(user):
        if membership.role_id not in roles:
            continue
        if membership.state_id and state_field:
            query |= Q(**{f"{state_field}_id": membership.state_id})
        if membership.organization_id and organization_field:
            query |= Q(**{f"{organization_field}_id": membership.organization_id})
    return query


def holders(roles, state_ids=(), organization_ids=()):
    """Active memberships of active people holding one of ``roles`` in these States or
    organizations: who to tell about their work (reminders, matches), not what a role may
    do."""
    from .models import Membership

    return (
        Membership.objects.active()
        .filter(
            Q(state_id__in=state_ids) | Q(organization_id__in=organization_ids),
            role_id__in=roles,
            user__is_active=True,
        )
        .select_related("user", "state", "organization")
    )


# The second factor -----------------------------------------------------------------------


def requires_two_factor(user) -> bool:
    return any(m.role.requires_two_factor for m in _all_memberships(user))


def has_two_factor(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    cached = user.__dict__.get("_has_two_factor")
    if cached is None:
        cached = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        user.__dict__["_has_two_factor"] = cached
    return cached


def passes_two_factor(user) -> bool:
    """Whether ``user`` may reach confidential data as far as the second factor goes.

    A browser session must have been verified with a code; an API token counts when its
    holder has two-factor authentication on (tokens can only be created after that).
    """
    if not requires_two_factor(user):
        return True
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None:
        return is_verified()
    return has_two_factor(user)


# Row rules -------------------------------------------------------------------------------
#
# A rule takes (user, action, prefix) and answers a Q over the rows of its model (``prefix``
# leads from another model to it, e.g. "report__" from an answer), or None for an action it
# does not know. ``rows`` turns None and a missing rule into NONE.

Rule = Callable[..., Q | None]
RULES: dict[str, Rule] = {}

# Actions every rule may be asked: "view" (its pages, lists, exports, API) and "history"
# (its audit trail, which may hold more than its page shows). Others are the model's own.
VIEW, HISTORY = "view", "history"


def rule(*labels: str):
    """Register the decorated function as the rule of the models ``labels``."""

    def register(function: Rule) -> Rule:
        for label in labels:
            RULES[label] = function
        return function

    return register


def label_of(model) -> str:
    return model._meta.concrete_model._meta.label_lower


def has_rule(model) -> bool:
    return label_of(model) in RULES


def rows(user, model, action: str = VIEW, prefix: str = "") -> Q:
    """The rows of ``model`` that ``user`` may ``action``, as a Q (NONE by default)."""
    found = RULES.get(label_of(model))
    query = found(user, action, prefix) if found else None
    return NONE if query is None else query


def visible(queryset, user, action: str = VIEW):
    """``queryset`` narrowed to what ``user`` may ``action``: the body of every model's
    ``visible_to``."""
    return queryset.filter(rows(user, queryset.model, action))


def may(user, action: str, obj) -> bool:
    """Whether ``user`` may ``action`` this one object (one query)."""
    model = type(obj)._meta.concrete_model
    return visible(model._base_manager.filter(pk=obj.pk), user, action).exists()


def _pk(prefix: str) -> str:
    return f"{prefix}pk" if prefix else "pk"


def _subquery(model, user, action: str, prefix: str) -> Q:
    """Rows whose ``prefix`` object is one the user may ``action``, as a subquery: for
    rules that follow many-valued relations, which a plain filter would repeat."""
    allowed = model._base_manager.filter(rows(user, model, action)).values("pk")
    return Q(**{f"{_pk(prefix)}__in": allowed})


def _staff_or(user, query: Q) -> Q:
    return ALL if is_system_staff(user) else query


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


@rule(
    "states.area",
    "states.state",
    "states.organization",
    "states.organizationmembership",
    "themes.theme",
    "accounts.role",
    "reporting.meeting",
    "reporting.reportingcycle",
    "reporting.submission",
    "reporting.reporttemplate",
    "reporting.templatesection",
    "reporting.question",
    "assistance.exchangerate",
)
def reference_data(user, action, prefix):
    """Reference data is public; the secretariat keeps it."""
    if action in (VIEW, HISTORY):
        return ALL
    if action == "manage":
        return _staff_or(user, NONE)
    return None


# People and roles ------------------------------------------------------------------------


@rule("accounts.user")
def user_rule(user, action, prefix):
    """A person's own record; everyone's for the system staff."""
    if action not in (VIEW, HISTORY) or not _signed_in(user):
        return None
    return _staff_or(user, Q(**{_pk(prefix): user.pk}))


@rule("accounts.membership")
def membership_rule(user, action, prefix):
    """One's own roles; a national point of contact sees the roles held in its State."""
    if action not in (VIEW, HISTORY) or not _signed_in(user):
        return None
    return _staff_or(
        user,
        Q(**{f"{prefix}user": user})
        | scope_filter(user, NATIONAL_POINT_OF_CONTACT, state_field=f"{prefix}state"),
    )


@rule("accounts.invitation")
def invitation_rule(user, action, prefix):
    """Invitations to oneself; those of one's State for its national point of contact."""
    if action not in (VIEW, HISTORY) or not _signed_in(user):
        return None
    return _staff_or(
        user,
        Q(**{f"{prefix}email": user.email})
        | scope_filter(user, NATIONAL_POINT_OF_CONTACT, state_field=f"{prefix}state"),
    )


@rule("accounts.apitoken")
def api_token_rule(user, action, prefix):
    """A token is its owner's; administrators see every token (never its key)."""
    if action not in (VIEW, HISTORY) or not _signed_in(user):
        return None
    return ALL if is_administrator(user) else Q(**{f"{prefix}user": user})


def grantable_roles(user) -> list:
    """The roles ``user`` may grant: administrators all, the secretariat all but
    administrator, a national point of contact the reporting officers of their State."""
    from .models import Role

    if has_role(user, ADMINISTRATOR):
        return list(Role.objects.all())
    if has_role(user, SECRETARIAT):
        return list(Role.objects.exclude(code=ADMINISTRATOR))
    if has_role(user, NATIONAL_POINT_OF_CONTACT):
        return list(Role.objects.filter(code=REPORTING_OFFICER))
    return []


def can_grant(user, role, state=None, organization=None) -> bool:
    if role.code not in {r.code for r in grantable_roles(user)}:
        return False
    if is_system_staff(user):
        return True
    # A national point of contact acts for their own State only.
    return state is not None and has_role(user, NATIONAL_POINT_OF_CONTACT, state=state)


def can_revoke(user, membership) -> bool:
    return can_grant(user, membership.role, membership.state, membership.organization)


def manageable_states(user):
    """The States in which ``user`` may invite people."""
    from smallarms.states.models import State

    if is_system_staff(user):
        return State.objects.all()
    return State.objects.filter(pk__in=states_where(user, NATIONAL_POINT_OF_CONTACT))


# The audit trail -------------------------------------------------------------------------


def may_browse_log(user) -> bool:
    """The whole log, its export and its API: the secretariat and administrators."""
    return is_system_staff(user)


def may_see_history(user, model, pk) -> bool:
    """The history of one object: whoever may see the object, under the "history" action
    of its rule; the system staff, and everyone for public data, also that of objects since
    deleted. A model without a rule has no history for anyone but the system staff."""
    if not _signed_in(user):
        return False
    if is_system_staff(user):
        return True
    query = rows(user, model, HISTORY)
    if query is ALL:
        return True  # public data: the history of a row since deleted stays readable
    return model._base_manager.filter(query, pk=pk).exists()


# National reporting ----------------------------------------------------------------------

# Report statuses the rules name (the choices are reporting.models.ReportStatus).
_EDITABLE_REPORT = ("draft", "returned")
_PUBLIC_REPORT = ("published", "superseded")


def may_manage_reporting(user) -> bool:
    """Meetings, reporting cycles and report templates are run by the system staff."""
    return is_system_staff(user)


def may_draft(user, state) -> bool:
    """Whether ``user`` drafts and submits ``state``'s national reports."""
    return has_role(user, *REPORT_DRAFTERS, state=state)


def drafting_states(user) -> set[int]:
    return states_where(user, *REPORT_DRAFTERS)


def sees_restricted(user) -> bool:
    """Officials of any State and the system staff see restricted answers and attachments;
    nobody else (and roles that require a second factor only after using it)."""
    return is_official(user)


@rule("reporting.report")
def report_rule(user, action, prefix):
    """view: published (and superseded) reports for everyone; the State's own reports at
    every stage for its reporting officers and point of contact; all for the secretariat.
    edit: drafts and returned reports, for the State's drafters. review (return, publish):
    submitted reports, for the secretariat. revise: published reports, for the drafters."""
    status = f"{prefix}status"
    drafters = scope_filter(user, *REPORT_DRAFTERS, state_field=f"{prefix}state")
    if action == "edit":
        return drafters & Q(**{f"{status}__in": _EDITABLE_REPORT})
    if action == "review":
        return Q(**{status: "submitted"}) if is_system_staff(user) else NONE
    if action == "revise":
        return drafters & Q(**{status: "published"})
    if action in (VIEW, HISTORY):
        return _staff_or(user, Q(**{f"{status}__in": _PUBLIC_REPORT}) | drafters)
    return None


@rule("reporting.answer", "reporting.attachment")
def answer_rule(user, action, prefix):
    """An answer or attachment is seen with its report; a restricted one by officials only."""
    if action not in (VIEW, HISTORY):
        return None
    query = report_rule(user, VIEW, f"{prefix}report__")
    if not sees_restricted(user):
        query &= Q(**{f"{prefix}restricted": False})
    return query


@rule("reporting.notification")
def notification_rule(user, action, prefix):
    """An e-mail about a reporting cycle: the person it went to, and the system staff."""
    if action not in (VIEW, HISTORY) or not _signed_in(user):
        return None
    return _staff_or(user, Q(**{f"{prefix}user": user}))


# The contact directory -------------------------------------------------------------------


def sees_offer_contact(user) -> bool:
    """An offer's contact person, whom its provider names for the people who may answer
    it: signed-in people, never the public (page, CSV and API alike)."""
    return _signed_in(user)


def sees_contact_details(user) -> bool:
    """Names, e-mail addresses, telephones and postal addresses of points of contact: to
    signed-in officials of any State and the secretariat, never to the public."""
    return is_official(user)


def contact_keeper_filter(user, state_field="state", organization_field="organization") -> Q:
    """A Q keeping the directory entries ``user`` may change."""
    if is_system_staff(user):
        return ALL
    return scope_filter(user, *CONTACT_KEEPERS_OF_STATE, state_field=state_field) | scope_filter(
        user,
        *CONTACT_KEEPERS_OF_ORGANIZATION,
        state_field=None,
        organization_field=organization_field,
    )


def keeps_contacts_of(user, *, state=None, organization=None) -> bool:
    if is_system_staff(user):
        return True
    if state is not None:
        return has_role(user, *CONTACT_KEEPERS_OF_STATE, state=state)
    if organization is not None:
        return has_role(user, *CONTACT_KEEPERS_OF_ORGANIZATION, organization=organization)
    return False


def contact_keepers(*, state_ids=(), organization_ids=()):
    """Active memberships of the people who keep these States' and organizations' directory
    entries: who is asked to confirm stale ones."""
    return holders(CONTACT_KEEPERS_OF_STATE, state_ids=state_ids) | holders(
        CONTACT_KEEPERS_OF_ORGANIZATION, organization_ids=organization_ids
    )


@rule("contacts.contact")
def contact_rule(user, action, prefix):
    """view: every entry, for everyone — what of it is shown depends on ``details``.
    details and history: with the personal details, for officials and the secretariat.
    edit: the entries of the States (or organizations) whose contacts the user keeps."""
    if action == VIEW:
        return ALL
    if action in ("details", HISTORY):
        return ALL if sees_contact_details(user) else NONE
    if action == "edit":
        return contact_keeper_filter(
            user, state_field=f"{prefix}state", organization_field=f"{prefix}organization"
        )
    return None


@rule("contacts.contactrevision")
def contact_revision_rule(user, action, prefix):
    """Versions of an entry hold personal details: officials and the secretariat only."""
    if action not in (VIEW, HISTORY):
        return None
    return ALL if sees_contact_details(user) else NONE


@rule("contacts.confirmationrequest")
def confirmation_request_rule(user, action, prefix):
    """Who was asked to confirm which entries: that person and the system staff."""
    if action not in (VIEW, HISTORY) or not _signed_in(user):
        return None
    return _staff_or(user, Q(**{f"{prefix}user": user}))


# Assistance ------------------------------------------------------------------------------


def need_side_q(user, prefix: str = "", *, manage=False) -> Q:
    """Rows whose need (``prefix`` leads to it) is the user's own: its State's point of
    contact (and, unless ``manage``, reporting officers) or its organization's people."""
    state_roles = NEED_KEEPERS if manage else NEED_VIEWERS
    return scope_filter(user, *state_roles, state_field=f"{prefix}state") | scope_filter(
        user, *PROVIDER_ROLES, state_field=None, organization_field=f"{prefix}organization"
    )


def offer_side_q(user, prefix: str = "") -> Q:
    """Rows whose offer (``prefix`` leads to it) is the user's own to act on."""
    return scope_filter(
        user, *OFFER_ROLES, state_field=f"{prefix}state", organization_field=f"{prefix}organization"
    )


def may_post_need(user, *, state=None, organization=None) -> bool:
    """A State's national point of contact; an organization's assistance providers."""
    if state is not None:
        return has_role(user, *NEED_KEEPERS, state=state)
    if organization is not None:
        return has_role(user, *PROVIDER_ROLES, organization=organization)
    return False


def may_offer(user, *, state=None, organization=None) -> bool:
    """A State's assistance providers and national point of contact; an organization's
    assistance providers."""
    if state is not None:
        return has_role(user, *OFFER_ROLES, state=state)
    if organization is not None:
        return has_role(user, *PROVIDER_ROLES, organization=organization)
    return False


def acts_for(user, owner, *, roles_of_state, roles_of_organization=PROVIDER_ROLES) -> bool:
    """Whether ``user`` acts for ``owner`` (a State or an organization) in these roles."""
    if owner._meta.model_name == "state":
        return has_role(user, *roles_of_state, state=owner.pk)
    return has_role(user, *roles_of_organization, organization=owner.pk)


def is_need_side(user, need) -> bool:
    """Whether the user speaks for the need's owner (proposes, accepts, declines)."""
    return may_post_need(user, state=need.state_id, organization=need.organization_id)


def is_offer_side(user, offer) -> bool:
    return may_offer(user, state=offer.state_id, organization=offer.organization_id)


def sides_of(user, match) -> set[str]:
    """The sides of a match (``"need"``, ``"offer"``) the user speaks for."""
    sides = set()
    if is_need_side(user, match.need):
        sides.add("need")
    if is_offer_side(user, match.offer):
        sides.add("offer")
    return sides


def may_answer(user, match) -> bool:
    """Accept or decline: the side that did not propose, while the proposal waits."""
    return match.status == "proposed" and match.answering_side in sides_of(user, match)


def may_withdraw(user, match) -> bool:
    return match.status == "proposed" and match.proposed_by_side in sides_of(user, match)


def owners_for(user, *, roles) -> list:
    """The States and organizations in which the user holds one of ``roles``: the owners
    the user may act for, as (kind, object) pairs."""
    from smallarms.states.models import Organization, State

    state_ids = states_where(user, *roles)
    organization_ids = organizations_where(user, *roles)
    owners = [("state", s) for s in State.objects.filter(pk__in=state_ids).order_by("name_en")]
    owners += [
        ("organization", o)
        for o in Organization.objects.filter(pk__in=organization_ids).order_by("name_en")
    ]
    return owners


def need_owners(user) -> list:
    """For whom the user may post needs: the States where they are national point of
    contact, the organizations where they are assistance provider."""
    states = [owner for owner in owners_for(user, roles=NEED_KEEPERS) if owner[0] == "state"]
    organizations = [
        owner for owner in owners_for(user, roles=PROVIDER_ROLES) if owner[0] == "organization"
    ]
    return states + organizations


def offer_owners(user) -> list:
    """For whom the user may post offers and fund projects."""
    return owners_for(user, roles=OFFER_ROLES)


def funder_owners(user) -> list:
    """For whom the user may open funding calls: the States and organizations of which
    they are assistance provider."""
    return owners_for(user, roles=PROVIDER_ROLES)


def proposers(user) -> list:
    """For whom the user may submit proposals."""
    return owners_for(user, roles=PROPOSER_ROLES)


def may_propose(user, *, state=None, organization=None) -> bool:
    if state is not None:
        return has_role(user, *PROPOSER_ROLES, state=state)
    return organization is not None and has_role(user, *PROVIDER_ROLES, organization=organization)


def may_record_project(user) -> bool:
    """Record a funded project: a provider (funding it) or the system staff."""
    return has_role(user, *OFFER_ROLES) or is_system_staff(user)


def funds(user, owner) -> bool:
    """Whether ``user`` acts for ``owner`` (a State or an organization) as a provider."""
    return acts_for(user, owner, roles_of_state=OFFER_ROLES)


def may_open_call(user, *, state=None, organization=None) -> bool:
    """The system staff open calls of the secretariat (no funder); a funder's people its own."""
    if state is None and organization is None:
        return is_system_staff(user)
    return may_offer(user, state=state, organization=organization)


def may_open_any_call(user) -> bool:
    return is_system_staff(user) or bool(funder_owners(user))


def may_manage_rates(user) -> bool:
    """Exchange rates and the assistance overview belong to the system staff."""
    return is_system_staff(user)


def sees_duplicate_flags(user, obj, edit_action="edit") -> bool:
    """Possible duplicates of a need or an offer: its keepers and the system staff."""
    return is_system_staff(user) or may(user, edit_action, obj)


@rule("assistance.need")
def need_rule(user, action, prefix):
    """view: public needs for everyone; private ones for the State's point of contact and
    reporting officers (an organization's need: its people), for the providers who are
    party to a match on it, and for the secretariat (after its second factor).
    edit: the State's national point of contact, or the organization's providers."""
    if action == "edit":
        return need_side_q(user, prefix, manage=True)
    if action not in (VIEW, HISTORY):
        return None
    if is_system_staff(user):
        return ALL
    public = Q(**{f"{prefix}is_public": True})
    if not _signed_in(user):
        return public
    from smallarms.assistance.models import Match

    matched = Match.objects.filter(offer_side_q(user, "offer__")).values("need_id")
    return public | need_side_q(user, prefix) | Q(**{f"{_pk(prefix)}__in": matched})


@rule("assistance.needobjective")
def need_objective_rule(user, action, prefix):
    if action not in (VIEW, HISTORY, "edit"):
        return None
    return need_rule(user, action, f"{prefix}need__")


@rule("assistance.offer")
def offer_rule(user, action, prefix):
    """Offers are public (their contact details only for signed-in people, which the
    pages and serializers decide). edit: the provider's people."""
    if action in (VIEW, HISTORY):
        return ALL
    if action == "edit":
        return offer_side_q(user, prefix)
    return None


@rule("assistance.match")
def match_rule(user, action, prefix):
    """Matches and their conversation: the people of both sides and the secretariat."""
    if action not in (VIEW, HISTORY) or not _signed_in(user):
        return None
    parties = need_side_q(user, f"{prefix}need__") | offer_side_q(user, f"{prefix}offer__")
    return _staff_or(user, parties)


@rule("assistance.matchmessage")
def match_message_rule(user, action, prefix):
    if action not in (VIEW, HISTORY):
        return None
    return match_rule(user, action, f"{prefix}match__")


def _project_party_q(user) -> Q:
    """Projects the user takes part in: the recipient State's people, the funders' and the
    implementer's people."""
    return scope_filter(user, *NEED_VIEWERS, state_field="recipient_state") | _project_manager_q(
        user
    )


def _project_manager_q(user) -> Q:
    """Who keeps a project's record: its funders' and implementer's people."""
    return scope_filter(
        user,
        *OFFER_ROLES,
        state_field="funders__state",
        organization_field="funders__organization",
    ) | scope_filter(user, *PROVIDER_ROLES, state_field=None, organization_field="implementer")


@rule("assistance.project")
def project_rule(user, action, prefix):
    """Projects are results, public — except those that meet only private needs, which
    are seen as the needs are: by their parties and the secretariat.

    edit (record, indicators, progress): the funders' and implementer's people and the
    secretariat; progress also the recipient State's point of contact.
    """
    from smallarms.assistance.models import Need, Project

    projects = Project._base_manager
    if action in ("edit", "progress"):
        if is_system_staff(user):
            return ALL
        query = _project_manager_q(user)
        if action == "progress":
            query |= scope_filter(user, *NEED_KEEPERS, state_field="recipient_state")
        return Q(**{f"{_pk(prefix)}__in": projects.filter(query).values("pk")})
    if action not in (VIEW, HISTORY):
        return None
    if is_system_staff(user):
        return ALL
    private_only = projects.filter(needs__isnull=False).exclude(needs__is_public=True)
    public = ~Q(**{f"{_pk(prefix)}__in": private_only.values("pk")})
    if not _signed_in(user):
        return public
    party = projects.filter(_project_party_q(user)).values("pk")
    seen_through_need = projects.filter(
        needs__in=Need._base_manager.filter(need_rule(user, VIEW, ""))
    ).values("pk")
    return (
        public | Q(**{f"{_pk(prefix)}__in": party}) | Q(**{f"{_pk(prefix)}__in": seen_through_need})
    )


@rule("assistance.projectfunder", "assistance.projectindicator")
def project_part_rule(user, action, prefix):
    if action not in (VIEW, HISTORY, "edit", "progress"):
        return None
    return project_rule(user, action, f"{prefix}project__")


@rule("assistance.progressreport")
def progress_report_rule(user, action, prefix):
    if action not in (VIEW, HISTORY):
        return None
    return project_rule(user, action, f"{prefix}indicator__project__")


def _call_owner_q(user, prefix: str = "") -> Q:
    """Calls the user runs: opened by the user's funding organization (or State)."""
    return scope_filter(
        user,
        *PROVIDER_ROLES,
        state_field=f"{prefix}state",
        organization_field=f"{prefix}organization",
    )


@rule("assistance.fundingcall")
def funding_call_rule(user, action, prefix):
    """Calls are public. edit and review (close, score, award): the funder's people and
    the secretariat."""
    if action in (VIEW, HISTORY):
        return ALL
    if action in ("edit", "review"):
        return _staff_or(user, _call_owner_q(user, prefix))
    return None


@rule("assistance.callcriterion")
def call_criterion_rule(user, action, prefix):
    if action not in (VIEW, HISTORY):
        return None
    return funding_call_rule(user, action, f"{prefix}call__")


@rule("assistance.proposal")
def proposal_rule(user, action, prefix):
    """Proposals are confidential: the proposer's people, the call's funder's people
    (its reviewers) and the secretariat. review: the funder's people and the secretariat
    (rapid-response proposals: the secretariat)."""
    if action not in (VIEW, HISTORY, "review") or not _signed_in(user):
        return None
    if is_system_staff(user):
        return ALL
    reviewer = _call_owner_q(user, f"{prefix}call__")
    if action == "review":
        return reviewer
    proposer = scope_filter(
        user,
        *PROPOSER_ROLES,
        state_field=f"{prefix}state",
        organization_field=f"{prefix}organization",
    )
    return reviewer | proposer


@rule("assistance.proposalscore")
def proposal_score_rule(user, action, prefix):
    """Scores are the reviewers' business: they are seen by those who review the proposal."""
    if action not in (VIEW, HISTORY):
        return None
    return proposal_rule(user, "review", f"{prefix}proposal__")
