import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from smallarms.core import views


@pytest.fixture
def request_for():
    def make(path="/somewhere/"):
        request = RequestFactory().get(path)
        request.user = AnonymousUser()
        return request

    return make


@pytest.mark.django_db
def test_the_404_page_is_translated_and_right_to_left_in_arabic(client):
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "Page not found" not in response.text


@pytest.mark.django_db
def test_the_403_page_says_what_to_do(request_for):
    response = views.permission_denied(request_for())
    assert response.status_code == 403
    assert b"ask your national point of contact or the secretariat" in response.content


def test_the_500_page_needs_neither_the_request_context_nor_the_database(request_for):
    with translation.override("fr"):
        response = views.server_error(request_for())
    assert response.status_code == 500
    assert b'<html lang="fr" dir="ltr">' in response.content
