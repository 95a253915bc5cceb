import pytest
from django.urls import reverse

from smallarms.accounts.models import LoginFailure
from smallarms.audit.models import Entry as AuditEntry
from smallarms.conftest import PASSWORD, totp

pytestmark = pytest.mark.django_db
LOGIN = "/account/sign-in/"


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra})


def test_a_person_signs_in_with_email_and_password_and_lands_on_the_dashboard(
    client, reporting_officer_kenya
):
    response = sign_in(client, "RO.Kenya@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    page = client.get(response["Location"])
    assert "Wanjiru K." in page.text
    assert "Reporting officer" in page.text and "Kenya" in page.text
    assert AuditEntry.objects.filter(event="login_succeeded", actor_label="ro.kenya@example.org")


def test_a_wrong_password_is_refused_with_a_message_and_recorded(client, reporting_officer_kenya):
    response = sign_in(client, "ro.kenya@example.org", "wrong password")
    assert response.status_code == 200
    assert "The e-mail address or the password is not right." in response.text
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(email="ro.kenya@example.org").count() == 1
    assert AuditEntry.objects.filter(event="login_failed").exists()


def test_repeated_failures_lock_the_address_even_for_the_right_password(
    client, reporting_officer_kenya, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(2):
        sign_in(client, "ro.kenya@example.org", "wrong")
    response = sign_in(client, "ro.kenya@example.org", "wrong")
    assert "Too many failed sign-in attempts for this address. Try again in 15 minutes." in (
        response.text
    )
    locked = AuditEntry.objects.filter(event="login_locked")
    assert locked.count() == 1
    assert locked.get().data["email"] == "ro.kenya@example.org"

    response = sign_in(client, "ro.kenya@example.org")
    assert "Too many failed sign-in attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_a_lock_message_is_translated(client, reporting_officer_kenya, settings):
    settings.LOGIN_FAILURE_LIMIT = 1
    sign_in(client, "ro.kenya@example.org", "wrong")
    response = client.post(
        LOGIN,
        {"email": "ro.kenya@example.org", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert (
        "Trop de tentatives de connexion infructueuses pour cette adresse. "
        "Veuillez réessayer dans 15 minutes."
    ) in response.text


def test_a_successful_sign_in_clears_earlier_failures(client, reporting_officer_kenya):
    sign_in(client, "ro.kenya@example.org", "wrong")
    sign_in(client, "ro.kenya@example.org")
    assert not LoginFailure.objects.exists()


def test_sign_in_follows_a_local_next_address_only(client, reporting_officer_kenya):
    response = sign_in(client, "ro.kenya@example.org", next="/states/KEN/")
    assert response["Location"] == "/states/KEN/"
    client.logout()
    response = sign_in(client, "ro.kenya@example.org", next="https://evil.example.com/")
    assert response["Location"] == reverse("accounts:dashboard")


def test_with_two_factor_the_password_alone_does_not_sign_in(
    client, reporting_officer_kenya, with_two_factor, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no back-off wait between the two tries here
    device = with_two_factor(reporting_officer_kenya)
    response = sign_in(client, "ro.kenya@example.org")
    assert response["Location"] == reverse("accounts:login_second_factor")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("accounts:login_second_factor"), {"token": "000000"})
    assert "That code is not right." in response.text
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("accounts:login_second_factor"), {"token": totp(device)})
    assert response.status_code == 302
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_recovery_code_signs_in_once(client, reporting_officer_kenya, with_two_factor):
    from smallarms.accounts import services

    with_two_factor(reporting_officer_kenya)
    codes = services.regenerate_recovery_codes(acting_user=reporting_officer_kenya)
    sign_in(client, "ro.kenya@example.org")
    response = client.post(reverse("accounts:login_second_factor"), {"token": codes[0]})
    assert response.status_code == 302
    client.logout()
    sign_in(client, "ro.kenya@example.org")
    response = client.post(reverse("accounts:login_second_factor"), {"token": codes[0]})
    assert "That code is not right." in response.text


def test_the_second_step_without_a_first_goes_back_to_sign_in(client):
    response = client.get(reverse("accounts:login_second_factor"))
    assert response["Location"] == reverse("accounts:login")


def test_sign_out_ends_the_session_and_is_recorded(client, reporting_officer_kenya):
    client.force_login(reporting_officer_kenya)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(event="logout").exists()


def test_password_reset_sends_a_link_that_sets_a_new_password(
    client, reporting_officer_kenya, mailoutbox
):
    response = client.post(reverse("accounts:password_reset"), {"email": "ro.kenya@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    assert AuditEntry.objects.filter(event="password_reset_requested").exists()

    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0]
    new_password = "a brand new passphrase 2026"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    reporting_officer_kenya.refresh_from_db()
    assert reporting_officer_kenya.check_password(new_password)
    assert reporting_officer_kenya.password.startswith("argon2")
    assert AuditEntry.objects.filter(event="password_changed").exists()


def test_the_password_reset_mail_is_in_the_persons_language(client, make_user, mailoutbox):
    make_user("ru@example.org", preferred_language="ru")
    client.post(reverse("accounts:password_reset"), {"email": "ru@example.org"})
    russian = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
    assert russian & set(mailoutbox[0].subject.lower())


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_the_dashboard_needs_a_sign_in(client):
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_signed_in_person_gets_their_preferred_language(client, make_user):
    user = make_user("fr@example.org", preferred_language="fr")
    client.force_login(user)
    response = client.get(reverse("accounts:dashboard"))
    assert '<html lang="fr"' in response.text
