"""Who may do what: the one place that reads roles. Pages, API and exports ask here (or ask a
model's ``visible_to(user, action)``, which asks here); nothing else reads memberships.

Role codes are those of the shipped roles (migration ``accounts.0002``): an ordered list
from the narrowest to the widest powers.
"""

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
# the personal details in the contact directory).
OFFICIAL_ROLES = (
    REPORTING_OFFICER,
    NATIONAL_POINT_OF_CONTACT,
    RECORDS_OFFICER,
    TRACING_OFFICER,
)


def _memberships(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        cached = list(user.memberships.active().select_related("role"))
        user._active_memberships = cached
    return cached


def forget(user):
    """Drop the per-request cache of a user's roles after granting or revoking one."""
    user.__dict__.pop("_active_memberships", None)


def roles_of(user) -> set[str]:
    return {m.role_id for m in _memberships(user) or ()}


def has_role(user, *roles: str, state=None, organization=None) -> bool:
    """Whether the user holds one of ``roles`` — in ``state`` / ``organization`` when given."""
    for membership in _memberships(user) or ():
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


def is_system_staff(user) -> bool:
    """Secretariat and administrators see everything submitted."""
    return has_role(user, *SYSTEM_ROLES)


def is_official(user) -> bool:
    return has_role(user, *OFFICIAL_ROLES) or is_system_staff(user)


def states_where(user, *roles: str) -> set[int]:
    """Primary keys of the States in which the user holds one of ``roles``."""
    return {m.state_id for m in _memberships(user) or () if m.role_id in roles and m.state_id}


def requires_two_factor(user) -> bool:
    return any(m.role.requires_two_factor for m in _memberships(user) or ())


def has_two_factor(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


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


def scope_filter(user, *roles: str, state_field="state", organization_field=None) -> Q:
    """A Q that keeps rows in the scopes where the user holds one of ``roles``."""
    query = Q(pk__in=[])
    for membership in _memberships(user) or ():
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


# The contact directory (docs/contacts.md). Who keeps a State's entries: its national point
# of contact; an organization's: its assistance providers; and the secretariat for all.
CONTACT_KEEPERS_OF_STATE = (NATIONAL_POINT_OF_CONTACT,)
CONTACT_KEEPERS_OF_ORGANIZATION = (ASSISTANCE_PROVIDER,)


def sees_contact_details(user) -> bool:
    """Names, e-mail addresses, telephones and postal addresses of points of contact: to
    signed-in officials of any State and the secretariat, never to the public."""
    return is_official(user) and passes_two_factor(user)


def contact_keeper_filter(user, state_field="state", organization_field="organization") -> Q:
    """A Q keeping the directory entries ``user`` may change."""
    if is_system_staff(user) and passes_two_factor(user):
        return ~Q(pk__in=[])
    return scope_filter(user, *CONTACT_KEEPERS_OF_STATE, state_field=state_field) | scope_filter(
        user,
        *CONTACT_KEEPERS_OF_ORGANIZATION,
        state_field=None,
        organization_field=organization_field,
    )


def keeps_contacts_of(user, *, state=None, organization=None) -> bool:
    if is_system_staff(user) and passes_two_factor(user):
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


def organizations_where(user, *roles: str) -> set[int]:
    """Primary keys of the organizations in which the user holds one of ``roles``."""
    return {
        m.organization_id
        for m in _memberships(user) or ()
        if m.role_id in roles and m.organization_id
    }
