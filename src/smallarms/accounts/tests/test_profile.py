import hashlib

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from smallarms.accounts.models import ApiToken
from smallarms.audit.models import Entry as AuditEntry
from smallarms.conftest import totp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/account/profile/", "/account/profile/two-factor/", "/account/dashboard/"]
)
def test_profile_pages_need_a_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")


def test_a_person_changes_their_name_and_language(client, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Wanjiru Kamau", "preferred_language": "ar"}
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ar"
    reporting_officer_kenya.refresh_from_db()
    assert (reporting_officer_kenya.full_name, reporting_officer_kenya.preferred_language) == (
        "Wanjiru Kamau",
        "ar",
    )
    entry = AuditEntry.objects.filter(event="updated", object_type="accounts.user").latest(
        "sequence"
    )
    assert entry.after["full_name"] == "Wanjiru Kamau"
    assert entry.before["full_name"] == "Wanjiru K."


def test_a_bad_language_is_refused_and_nothing_changes(client, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "X", "preferred_language": "de"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    reporting_officer_kenya.refresh_from_db()
    assert reporting_officer_kenya.full_name == "Wanjiru K."


def test_a_token_is_shown_once_stored_hashed_and_works_for_the_api(client, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    response = client.post(reverse("accounts:token_create"), {"name": "import script"})
    key = response.context["key"]
    assert key.startswith("sa_") and key in response.text
    token = ApiToken.objects.get(user=reporting_officer_kenya)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.values().get())
    assert AuditEntry.objects.filter(event="token_created").exists()

    profile = client.get(reverse("accounts:profile"))
    assert key not in profile.text and token.prefix in profile.text

    client.logout()
    body = client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert body["email"] == "ro.kenya@example.org"
    assert body["roles"][0]["role"] == "reporting_officer"
    assert body["roles"][0]["state"] == "KEN"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_without_a_name_is_refused_with_a_message(client, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    response = client.post(reverse("accounts:token_create"), {"name": ""})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not ApiToken.objects.exists()


def test_a_revoked_token_no_longer_works(client, reporting_officer_kenya):
    from smallarms.accounts import services

    token, key = services.create_api_token(acting_user=reporting_officer_kenya, name="x")
    client.force_login(reporting_officer_kenya)
    client.post(reverse("accounts:token_revoke", kwargs={"pk": token.pk}))
    client.logout()
    assert client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert AuditEntry.objects.filter(event="token_revoked").exists()


def test_nobody_can_revoke_another_persons_token(client, reporting_officer_kenya, npc_ghana):
    from smallarms.accounts import services

    token, _key = services.create_api_token(acting_user=reporting_officer_kenya, name="x")
    client.force_login(npc_ghana)
    response = client.post(reverse("accounts:token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_current_user_endpoint_needs_authentication(client):
    assert client.get("/api/me/").status_code == 401
    assert client.get("/api/me/", HTTP_AUTHORIZATION="Token sa_nonsense").status_code == 401


def test_turning_on_two_factor_needs_a_right_code_and_gives_recovery_codes(
    client, reporting_officer_kenya, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client.force_login(reporting_officer_kenya)
    page = client.get(reverse("accounts:two_factor_setup"))
    assert "data:image/svg+xml;base64," in page.text
    device = TOTPDevice.objects.get(user=reporting_officer_kenya, confirmed=False)

    response = client.post(reverse("accounts:two_factor_setup"), {"token": "123456"})
    assert "That code is not right." in response.text
    device.refresh_from_db()
    assert not device.confirmed

    response = client.post(reverse("accounts:two_factor_setup"), {"token": totp(device)})
    assert len(response.context["codes"]) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(event="two_factor_enabled").exists()
    assert AuditEntry.objects.filter(event="recovery_codes_generated").exists()


def test_a_person_whose_role_does_not_require_it_may_turn_two_factor_off(
    client, reporting_officer_kenya, with_two_factor
):
    with_two_factor(reporting_officer_kenya)
    client.force_login(reporting_officer_kenya)
    client.post(reverse("accounts:two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=reporting_officer_kenya).exists()
    assert AuditEntry.objects.filter(event="two_factor_disabled").exists()


def test_the_secretariat_cannot_turn_two_factor_off(verified_client, secretariat):
    client = verified_client(secretariat)
    response = client.post(reverse("accounts:two_factor_disable"), follow=True)
    assert "Your roles require two-factor authentication; it cannot be turned off." in (
        response.text
    )
    assert TOTPDevice.objects.filter(user=secretariat, confirmed=True).exists()
