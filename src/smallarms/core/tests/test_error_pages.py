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
def test_an_api_address_no_route_matches_answers_404_in_json_like_the_api(client):
    response = client.get("/api/assistance/needs/not.a.uuid/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Non trouvé."}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/organizations/ecowas%00/", "application/json"),
        ("/api/themes/marking%00/", "application/json"),
        ("/reporting/meetings/BMS8%00/", "text/html; charset=utf-8"),
    ],
)
def test_a_path_holding_a_nul_character_answers_404_on_every_database(client, path, content_type):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == content_type


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


def test_every_page_names_the_sites_icon(client, db):
    from django.contrib.staticfiles import finders

    html = client.get("/").text
    assert '<link rel="icon" href="/static/smallarms/favicon' in html
    assert finders.find("smallarms/favicon.svg")
