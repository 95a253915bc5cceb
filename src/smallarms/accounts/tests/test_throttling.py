"""Sign-in throttles that hold: wrong second-factor codes per account (signing in again with
the password does not forgive them), failures per client network across e-mail addresses,
reset e-mails per address; and every refusal while locked in the audit trail."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from smallarms.accounts import services
from smallarms.accounts.models import LoginFailure, PasswordResetRequest, SignInStep
from smallarms.audit.models import Entry as AuditEntry
from smallarms.conftest import PASSWORD, totp

pytestmark = pytest.mark.django_db
LOGIN = "/account/sign-in/"
CODE = "/account/sign-in/code/"
CODE_LOCKED = "Too many wrong codes for this account. Try again in {} minutes."
ADDRESS_LOCKED = "Too many failed sign-in attempts for this address. Try again in {} minutes."
NOT_RIGHT = "The e-mail address or the password is not right."


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_WINDOW_MINUTES = 15
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 50
    # django-otp's own back-off would refuse the right code after a few wrong ones; the
    # throttle under test here is ours.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def officer(reporting_officer_kenya, with_two_factor):
    """The Kenyan reporting officer, with an authenticator; ``.device`` gives its codes."""
    reporting_officer_kenya.device = with_two_factor(reporting_officer_kenya)
    return reporting_officer_kenya


def sign_in(client, email="ro.kenya@example.org", password=PASSWORD, **extra):
    return client.post(LOGIN, {"email": email, "password": password}, **extra)


def code(client, token, **extra):
    return client.post(CODE, {"token": token}, **extra)


def age_failures(minutes):
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=minutes))


def refusals():
    return AuditEntry.objects.filter(event="login_refused_locked").order_by("sequence")


# The second factor ----------------------------------------------------------------------


def test_wrong_codes_lock_the_account_and_the_password_again_does_not_unlock_it(client, officer):
    assert sign_in(client)["Location"] == CODE
    code(client, "000000")
    code(client, "000001")
    response = code(client, "000002")
    assert CODE_LOCKED.format(15) in response.text

    assert sign_in(client)["Location"] == CODE  # the right password still leads to the code
    page = client.get(CODE)
    assert CODE_LOCKED.format(15) in page.text
    response = code(client, totp(officer.device))
    assert CODE_LOCKED.format(15) in response.text
    assert "_auth_user_id" not in client.session


def test_signing_in_again_with_the_password_does_not_buy_new_code_guesses(client, officer):
    sign_in(client)
    assert "That code is not right." in code(client, "000000").text
    assert "That code is not right." in code(client, "000001").text
    sign_in(client)
    # The third wrong code of the window locks, however many times the password came between.
    assert CODE_LOCKED.format(15) in code(client, "000002").text
    assert LoginFailure.objects.filter(step=SignInStep.SECOND_FACTOR).count() == 3


def test_a_right_password_leaves_the_code_failures_and_a_right_code_clears_them(client, officer):
    sign_in(client, password="wrong")
    sign_in(client)
    assert not LoginFailure.objects.filter(step=SignInStep.PASSWORD).exists()
    code(client, "000000")
    code(client, "000001")
    sign_in(client)
    assert LoginFailure.objects.filter(step=SignInStep.SECOND_FACTOR).count() == 2

    assert code(client, totp(officer.device))["Location"] == reverse("accounts:dashboard")
    assert not LoginFailure.objects.exists()


def test_the_code_lock_says_the_minutes_left_and_ends_with_the_window(client, officer):
    sign_in(client)
    for wrong in ("000000", "000001", "000002"):
        code(client, wrong)
    age_failures(10)
    assert CODE_LOCKED.format(5) in client.get(CODE).text
    age_failures(16)
    assert "Too many wrong codes" not in client.get(CODE).text
    assert code(client, totp(officer.device))["Location"] == reverse("accounts:dashboard")


def test_the_code_lock_is_per_account(client, officer, make_user, with_two_factor):
    other = make_user("other@example.org")
    device = with_two_factor(other)
    sign_in(client)
    for wrong in ("000000", "000001", "000002"):
        code(client, wrong)
    sign_in(client, "other@example.org")
    assert code(client, totp(device))["Location"] == reverse("accounts:dashboard")


# One client, many addresses --------------------------------------------------------------


def test_failures_on_many_addresses_from_one_client_lock_that_client(
    client, reporting_officer_kenya, settings
):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 4
    for n in range(3):
        assert NOT_RIGHT in sign_in(client, f"person{n}@example.org", "Summer2026!").text
    response = sign_in(client, "person3@example.org", "Summer2026!")
    assert ADDRESS_LOCKED.format(15) in response.text

    # Even a right password is refused from there, and no password is checked.
    response = sign_in(client, "ro.kenya@example.org")
    assert ADDRESS_LOCKED.format(15) in response.text
    assert "_auth_user_id" not in client.session
    # Another client is not slowed.
    response = sign_in(client, "ro.kenya@example.org", REMOTE_ADDR="192.0.2.99")
    assert response["Location"] == reverse("accounts:dashboard")


def test_the_client_lock_starts_with_an_audit_entry(client, settings):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 2
    sign_in(client, "a@example.org", "wrong", REMOTE_ADDR="192.0.2.7")
    sign_in(client, "b@example.org", "wrong", REMOTE_ADDR="192.0.2.7")
    locked = AuditEntry.objects.get(event="login_locked")
    assert locked.data == {
        "email": "b@example.org",
        "step": "password",
        "lock": "client",
        "client_network": "192.0.2.7",
        "minutes": 15,
        "failures": 2,
    }
    assert locked.client_address == "192.0.2.7"


def test_a_forged_forwarded_address_does_not_spread_failures_behind_the_trusted_proxy(
    client, reporting_officer_kenya, settings
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY = "10.0.0.1"
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 3
    for n in range(3):
        sign_in(
            client,
            f"person{n}@example.org",
            "wrong",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.5",
        )
    assert set(LoginFailure.objects.values_list("client_address", flat=True)) == {"203.0.113.5"}
    response = sign_in(
        client, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.77, 203.0.113.5"
    )
    assert ADDRESS_LOCKED.format(15) in response.text
    # Another person behind the same proxy is another client.
    response = sign_in(client, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert response["Location"] == reverse("accounts:dashboard")


def test_one_ipv6_network_counts_as_one_client(client, reporting_officer_kenya, settings):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 3
    for host in ("1", "2", "3"):
        sign_in(client, f"p{host}@example.org", "wrong", REMOTE_ADDR=f"2001:db8:5:7::{host}")
    response = sign_in(client, REMOTE_ADDR="2001:db8:5:7:aaaa::99")
    assert ADDRESS_LOCKED.format(15) in response.text
    response = sign_in(client, REMOTE_ADDR="2001:db8:5:8::1")
    assert response["Location"] == reverse("accounts:dashboard")


def test_wrong_codes_count_towards_the_client_too(client, officer, settings):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 3
    sign_in(client, "x@example.org", "wrong")
    sign_in(client)
    code(client, "000000")
    response = code(client, "000001")
    assert ADDRESS_LOCKED.format(15) in response.text


def test_attempts_still_being_checked_count_against_each_other(settings):
    """A burst of parallel attempts: each is counted before its password is checked, so no
    more than the limit are ever checked."""
    started = [
        services.begin_sign_in_attempt(
            step=SignInStep.PASSWORD, email="ro.kenya@example.org", client_address="192.0.2.1"
        )
        for _ in range(5)
    ]
    assert [lock is None for _attempt, lock in started] == [True, True, True, False, False]
    assert started[3][1] == services.Lock(services.LOCK_EMAIL, 15)


# Refusals while locked are audited -------------------------------------------------------


def test_a_refused_password_step_is_audited_and_does_not_prolong_the_lock(
    client, reporting_officer_kenya
):
    for _ in range(3):
        sign_in(client, password="wrong")
    sign_in(client)
    sign_in(client, password="wrong", REMOTE_ADDR="192.0.2.50")
    assert [(e.data, e.client_address) for e in refusals()] == [
        (
            {"email": "ro.kenya@example.org", "step": "password", "lock": "email", "minutes": 15},
            "127.0.0.1",
        ),
        (
            {"email": "ro.kenya@example.org", "step": "password", "lock": "email", "minutes": 15},
            "192.0.2.50",
        ),
    ]
    assert LoginFailure.objects.count() == 3
    # A refusal is not a failure: nothing new is counted or recorded as failed.
    assert AuditEntry.objects.filter(event="login_failed").count() == 3


def test_a_refusal_because_of_the_client_names_the_lock(client, settings):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 1
    sign_in(client, "a@example.org", "wrong")
    sign_in(client, "b@example.org", "wrong")
    assert refusals().get().data == {
        "email": "b@example.org",
        "step": "password",
        "lock": "client",
        "minutes": 15,
    }


def test_a_refused_code_is_audited_with_the_account(client, officer):
    sign_in(client)
    for wrong in ("000000", "000001", "000002"):
        code(client, wrong)
    locked = AuditEntry.objects.get(event="login_locked")
    assert locked.data["lock"] == "account" and locked.data["step"] == "second_factor"
    assert locked.object_id == str(officer.pk)

    code(client, totp(officer.device))
    refusal = refusals().get()
    assert refusal.data == {
        "email": "ro.kenya@example.org",
        "step": "second_factor",
        "lock": "account",
        "minutes": 15,
    }
    assert refusal.object_type == "accounts.user" and refusal.object_id == str(officer.pk)
    assert refusal.actor_id is None
    failed = AuditEntry.objects.filter(event="login_failed", data__reason="second factor")
    assert failed.count() == 3


def test_looking_at_the_locked_code_page_is_not_an_attempt(client, officer):
    sign_in(client)
    for wrong in ("000000", "000001", "000002"):
        code(client, wrong)
    client.get(CODE)
    assert not refusals().exists()


# Password reset --------------------------------------------------------------------------


def reset(client, email, **extra):
    return client.post(reverse("accounts:password_reset"), {"email": email}, **extra)


def test_reset_emails_to_one_address_are_limited_and_the_answer_never_changes(
    client, reporting_officer_kenya, mailoutbox, settings
):
    settings.PASSWORD_RESET_LIMIT = 2
    answers = [reset(client, "RO.Kenya@example.org") for _ in range(4)]
    assert len(mailoutbox) == 2
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, reverse("accounts:password_reset_done"))
    }
    entries = AuditEntry.objects.filter(event="password_reset_requested").order_by("sequence")
    assert [e.data for e in entries] == [
        {"email": "ro.kenya@example.org"},
        {"email": "ro.kenya@example.org"},
        {"email": "ro.kenya@example.org", "throttled": True},
        {"email": "ro.kenya@example.org", "throttled": True},
    ]
    # Refused requests do not prolong the wait.
    assert PasswordResetRequest.objects.count() == 2


def test_the_reset_limit_is_per_address_and_ends_with_its_window(
    client, reporting_officer_kenya, npc_kenya, mailoutbox, settings
):
    settings.PASSWORD_RESET_LIMIT = 1
    settings.PASSWORD_RESET_WINDOW_MINUTES = 60
    reset(client, "ro.kenya@example.org")
    reset(client, "ro.kenya@example.org")
    reset(client, "npc.kenya@example.org")
    assert [m.to for m in mailoutbox] == [["ro.kenya@example.org"], ["npc.kenya@example.org"]]

    PasswordResetRequest.objects.update(at=timezone.now() - timedelta(minutes=61))
    reset(client, "ro.kenya@example.org")
    assert len(mailoutbox) == 3


def test_reset_requests_for_unknown_addresses_are_counted_alike(client, mailoutbox, settings):
    settings.PASSWORD_RESET_LIMIT = 1
    first, second = reset(client, "nobody@example.org"), reset(client, "nobody@example.org")
    assert first["Location"] == second["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []
    entries = AuditEntry.objects.filter(event="password_reset_requested").order_by("sequence")
    assert [e.data.get("throttled", False) for e in entries] == [False, True]


def test_an_overlong_address_is_refused_by_the_form_and_not_counted(client):
    address = "a" * 250 + "@example.org"  # longer than any account's address can be
    response = sign_in(client, address, "wrong")
    assert response.status_code == 200
    assert "Ensure this value has at most 254 characters (it has 262)." in response.text
    assert not LoginFailure.objects.exists()
