import pytest
from django.utils import translation


def pytest_configure(config):
    """A bare ``pytest`` finds the translations as ``scripts/test`` does: the catalogues are
    compiled first when a ``.mo`` is missing or older than its ``.po`` (once, before any
    worker starts)."""
    if hasattr(config, "workerinput"):
        return
    from smallarms.core.management.commands.translations import compile_catalogues

    compile_catalogues(stale_only=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The shipped reference data, loaded once into the test database of each worker."""
    from smallarms.states.services import load_reference_data
    from smallarms.themes.services import load_themes

    with django_db_blocker.unblock():
        load_reference_data()
        load_themes()


@pytest.fixture(autouse=True)
def test_server_settings(settings):
    """Production settings, less what needs a real HTTPS front and collected static files."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English, whatever the one before it activated."""
    with translation.override("en"):
        yield


PASSWORD = "correct horse battery staple 2026"


def create_user(email, role=None, state=None, organization=None, **fields):
    """A user holding ``role`` in ``state`` (ISO3) or ``organization`` (slug), if given."""
    from smallarms.accounts.models import Membership, User
    from smallarms.states.models import Organization, State

    user = User.objects.create_user(email, PASSWORD, **fields)
    if role:
        Membership.objects.create(
            user=user,
            role_id=role,
            state=State.objects.get(iso3=state) if state else None,
            organization=Organization.objects.get(slug=organization) if organization else None,
        )
    return user


@pytest.fixture
def make_user(db):
    return create_user


@pytest.fixture
def with_two_factor():
    """Give a user a confirmed authenticator; returns the device (``totp(device)`` codes)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def add(user):
        return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)

    return add


def totp(device) -> str:
    from django_otp.oath import totp as oath_totp

    return f"{oath_totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def verified_login(client, user):
    """Sign ``user`` in as after the second factor (what confidential pages require)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def verified_client(client):
    return lambda user: verified_login(client, user)


@pytest.fixture
def reporting_officer_kenya(make_user):
    return make_user(
        "ro.kenya@example.org", "reporting_officer", state="KEN", full_name="Wanjiru K."
    )


@pytest.fixture
def npc_kenya(make_user):
    return make_user(
        "npc.kenya@example.org", "national_point_of_contact", state="KEN", full_name="Otieno M."
    )


@pytest.fixture
def npc_ghana(make_user):
    return make_user(
        "npc.ghana@example.org", "national_point_of_contact", state="GHA", full_name="Mensah A."
    )


@pytest.fixture
def provider_norway(make_user):
    return make_user("provider.norway@example.org", "assistance_provider", state="NOR")


def add_authenticator(user):
    """Give ``user`` a confirmed authenticator (for roles that require the second factor)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


@pytest.fixture
def secretariat(make_user):
    """Of the secretariat, with an authenticator: the services, called with this person,
    act as after a sign-in with the second factor (a browser session still needs
    ``verified_client``)."""
    return add_authenticator(
        make_user("secretariat@example.org", "secretariat", full_name="Sam Secretariat")
    )


@pytest.fixture
def secretariat_without_second_factor(make_user):
    """Of the secretariat, before turning on two-factor authentication: no power yet."""
    return make_user("new.secretariat@example.org", "secretariat", full_name="Noor New")


@pytest.fixture
def administrator(make_user):
    return add_authenticator(make_user("admin@example.org", "administrator", full_name="Ada Admin"))


# A small report template, an open cycle using it and Kenya's draft, for any app's tests.
from smallarms.reporting.tests.report_fixtures import draft, report_cycle, template  # noqa: E402, F401
