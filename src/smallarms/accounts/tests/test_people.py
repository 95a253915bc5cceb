"""People and roles: who may invite, grant and revoke, in which scope."""

import pytest
from django.urls import reverse

from smallarms.accounts.models import Invitation, Membership, User
from smallarms.audit.models import Entry as AuditEntry
from smallarms.states.models import State

pytestmark = pytest.mark.django_db
PEOPLE = "/account/people/"


def invite(client, **data):
    return client.post(PEOPLE, {"language": "en", **data})


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(PEOPLE)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")


def test_people_without_a_managing_role_get_404(client, reporting_officer_kenya, provider_norway):
    for user in (reporting_officer_kenya, provider_norway):
        client.force_login(user)
        assert client.get(PEOPLE).status_code == 404


def test_the_secretariat_must_use_two_factor_before_managing_people(
    client, secretariat_without_second_factor
):
    client.force_login(secretariat_without_second_factor)
    response = client.get(PEOPLE)
    assert response["Location"] == reverse("accounts:two_factor_setup")


def test_a_national_point_of_contact_sees_only_their_states_roles(
    client, npc_kenya, npc_ghana, reporting_officer_kenya
):
    client.force_login(npc_kenya)
    response = client.get(PEOPLE)
    assert response.status_code == 200
    people = {m.user.email for m, _ in response.context["memberships"]}
    assert people == {"npc.kenya@example.org", "ro.kenya@example.org"}
    roles = [role.pk for role in response.context["form"].fields["role"].queryset]
    assert roles == ["reporting_officer"]
    states = list(response.context["form"].fields["state"].queryset)
    assert [s.iso3 for s in states] == ["KEN"]


def test_a_national_point_of_contact_invites_a_reporting_officer_of_their_state(
    client, npc_kenya, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(npc_kenya)
    kenya = State.objects.get(iso3="KEN")
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            client,
            email="New.Officer@example.org",
            role="reporting_officer",
            state=kenya.pk,
            language="fr",
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.state, invitation.invited_by) == (
        "new.officer@example.org",
        kenya,
        npc_kenya,
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.officer@example.org"]
    assert "/account/invitations/" in mailoutbox[0].body
    assert mailoutbox[0].subject == "Invitation à rejoindre smallarms"  # the language chosen
    assert AuditEntry.objects.filter(event="invitation_sent", actor=npc_kenya).exists()


def test_a_national_point_of_contact_cannot_invite_for_another_state(client, npc_kenya):
    client.force_login(npc_kenya)
    ghana = State.objects.get(iso3="GHA")
    response = invite(client, email="x@example.org", role="reporting_officer", state=ghana.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Invitation.objects.exists()


def test_a_national_point_of_contact_cannot_give_other_roles(client, npc_kenya):
    client.force_login(npc_kenya)
    response = invite(client, email="x@example.org", role="secretariat")
    assert "Select a valid choice" in response.text
    assert not Invitation.objects.exists()


def test_a_role_needs_the_scope_it_is_held_in(verified_client, secretariat):
    client = verified_client(secretariat)
    response = invite(client, email="x@example.org", role="reporting_officer")
    assert "Choose the State for this role." in response.text
    response = invite(
        client,
        email="x@example.org",
        role="secretariat",
        state=State.objects.get(iso3="KEN").pk,
    )
    assert "This role applies to the whole system: leave State and organization empty." in (
        response.text
    )
    assert not Invitation.objects.exists()


def test_an_invited_person_creates_an_account_and_holds_the_role(client, npc_kenya):
    from smallarms.accounts import services

    _invitation, key = services.invite(
        acting_user=npc_kenya,
        email="new@example.org",
        role=services.Role.objects.get(pk="reporting_officer"),
        state=State.objects.get(iso3="KEN"),
    )
    url = reverse("accounts:invitation_accept", kwargs={"key": key})
    assert "Reporting officer" in client.get(url).text

    response = client.post(url, {"full_name": "Ngugi", "password1": "short", "password2": "short"})
    assert response.status_code == 400
    assert "This password is too short." in response.text
    assert not User.objects.filter(email="new@example.org").exists()

    strong = "a long enough passphrase 2026"
    response = client.post(url, {"full_name": "Ngugi", "password1": strong, "password2": strong})
    assert response["Location"] == reverse("accounts:dashboard")
    user = User.objects.get(email="new@example.org")
    membership = Membership.objects.active().get(user=user)
    assert (membership.role_id, membership.state.iso3) == ("reporting_officer", "KEN")
    assert AuditEntry.objects.filter(event="invitation_accepted").exists()
    assert AuditEntry.objects.filter(event="role_granted", data__user="new@example.org").exists()

    assert client.get(url).status_code == 404  # used once


def test_an_unknown_invitation_link_answers_404(client):
    assert client.get("/account/invitations/not-a-key/").status_code == 404


def test_a_national_point_of_contact_revokes_a_role_in_their_state_only(
    client, npc_kenya, npc_ghana, reporting_officer_kenya
):
    kenya_membership = reporting_officer_kenya.memberships.get()
    client.force_login(npc_ghana)
    url = reverse("accounts:membership_revoke", kwargs={"pk": kenya_membership.pk})
    assert client.post(url).status_code == 404
    kenya_membership.refresh_from_db()
    assert kenya_membership.revoked_at is None

    client.force_login(npc_kenya)
    assert client.post(url).status_code == 302
    kenya_membership.refresh_from_db()
    assert kenya_membership.revoked_by == npc_kenya
    entry = AuditEntry.objects.filter(event="role_revoked").latest("sequence")
    assert entry.data == {"user": "ro.kenya@example.org", "role": "reporting_officer"}


def test_the_secretariat_grants_any_role_but_administrator(verified_client, secretariat):
    from smallarms.accounts import permissions

    roles = {role.pk for role in permissions.grantable_roles(secretariat)}
    assert "administrator" not in roles and {"secretariat", "national_point_of_contact"} <= roles
    client = verified_client(secretariat)
    response = client.get(PEOPLE)
    assert response.status_code == 200
