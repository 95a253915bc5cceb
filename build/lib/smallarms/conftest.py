import pytest
from django.utils import translation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The shipped reference data, loaded once into the test database of each worker."""
    from smallarms.states.services import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data()


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
