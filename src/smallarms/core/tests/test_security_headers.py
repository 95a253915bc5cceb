"""The headers and cookies of production (docs/security.md): a public page, a signed-in page,
every kind of download and the API. The suite runs with DEBUG=false, so these are the
production settings (less the HTTPS redirect, see the autouse fixture in conftest.py)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from smallarms.conftest import PASSWORD, verified_login

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2]

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "worker-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "upgrade-insecure-requests": [],
}


def policy_of(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def assert_security_headers(response):
    assert policy_of(response) == POLICY
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == (
        f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains; preload"
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def assert_not_stored(response):
    directives = cache_directives(response)
    assert {"no-store", "private"} <= directives, directives
    assert "public" not in directives


def test_hsts_lasts_a_year_with_subdomains_and_preload_by_default():
    assert settings.SECURE_HSTS_SECONDS == 31_536_000
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS and settings.SECURE_HSTS_PRELOAD


def test_a_public_page_carries_every_security_header_and_is_not_stored(client):
    response = client.get(reverse("states:state_list"), secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    # Deliberately, for anonymous visitors too (core/middleware.py says why).
    assert_not_stored(response)


def test_a_signed_in_page_carries_every_security_header_and_is_not_stored(
    client, reporting_officer_kenya
):
    client.force_login(reporting_officer_kenya)
    response = client.get(reverse("accounts:dashboard"), secure=True)
    assert response.status_code == 200
    assert "Wanjiru K." in response.text
    assert_security_headers(response)
    assert_not_stored(response)


def test_a_page_not_found_carries_the_headers_too(client):
    response = client.get("/no/such/page/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)
    assert_not_stored(response)


def test_the_api_carries_the_headers_and_is_not_stored_anonymous_or_with_a_token(
    client, reporting_officer_kenya
):
    from smallarms.accounts.services import create_api_token

    response = client.get("/api/states/", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert_security_headers(response)
    assert_not_stored(response)

    _token, key = create_api_token(acting_user=reporting_officer_kenya, name="script")
    response = client.get("/api/me/", secure=True, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.json()["email"] == "ro.kenya@example.org"
    assert_security_headers(response)
    assert_not_stored(response)


def test_public_downloads_are_not_stored_even_for_anonymous_visitors(client, template):
    for url in (
        reverse("states:state_export"),
        reverse("reporting:cycle_export"),
        reverse(
            "reporting:template_download",
            kwargs={"code": template.code, "version": template.version},
        ),
    ):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;"), url
        assert_not_stored(response)
        assert response["X-Content-Type-Options"] == "nosniff"


def test_an_officials_downloads_are_not_stored(
    client, draft, reporting_officer_kenya, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from smallarms.reporting.models import Attachment, Question, TemplateSection

    settings.MEDIA_ROOT = tmp_path
    question = Question.objects.create(
        template=draft.template,
        section=TemplateSection.objects.get(template=draft.template, code="general"),
        code="NC-9",
        position=9,
        answer_type="attachment",
        texts={"en": "The national action plan"},
    )
    item = Attachment(
        report=draft, question=question, name="plan.pdf", content_type="application/pdf", size=5
    )
    item.file.save("x", SimpleUploadedFile("plan.pdf", b"%PDF-"), save=True)

    client.force_login(reporting_officer_kenya)
    for url in (
        reverse("reporting:workbook_download", kwargs={"pk": draft.pk}),
        reverse("reporting:report_download", kwargs={"pk": draft.pk, "format": "json"}),
        reverse("reporting:report_download", kwargs={"pk": draft.pk, "format": "csv"}),
        item.get_absolute_url(),
        reverse("contacts:contact_vcards"),
        reverse("contacts:contact_export"),
    ):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;"), url
        assert_not_stored(response)


def test_the_audit_export_is_not_stored(client, secretariat):
    verified_login(client, secretariat)
    response = client.get(reverse("audit:entry_export"), secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert_not_stored(response)


def test_a_view_cannot_make_a_page_cacheable_on_its_own(rf):
    from django.http import HttpResponse
    from django.utils.cache import patch_cache_control

    from smallarms.core.middleware import NoStoreMiddleware

    def public_view(request):
        response = HttpResponse("public")
        patch_cache_control(response, public=True, max_age=3600)
        return response

    response = NoStoreMiddleware(public_view)(rf.get("/"))
    assert_not_stored(response)
    assert "max-age=3600" not in response["Cache-Control"]


def cookie(response, name):
    morsel = response.cookies[name]
    return {
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "samesite": morsel["samesite"],
        "path": morsel["path"],
        "domain": morsel["domain"],
    }


SECURE_HTTPONLY_LAX = {
    "secure": True,
    "httponly": True,
    "samesite": "Lax",
    "path": "/",
    "domain": "",
}


def test_the_session_and_csrf_cookies_are_secure_http_only_lax_and_host_only(
    client, reporting_officer_kenya
):
    assert (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME) == (
        "__Host-sessionid",
        "__Host-csrftoken",
    )
    page = client.get(reverse("accounts:login"), secure=True)
    assert cookie(page, "__Host-csrftoken") == SECURE_HTTPONLY_LAX

    response = client.post(
        reverse("accounts:login"),
        {"email": "ro.kenya@example.org", "password": PASSWORD},
        secure=True,
        HTTP_REFERER="https://testserver/account/sign-in/",
    )
    assert response.status_code == 302
    assert cookie(response, "__Host-sessionid") == SECURE_HTTPONLY_LAX


def test_the_language_cookie_is_secure_http_only_and_lax_from_the_switcher_and_the_profile(
    client, reporting_officer_kenya
):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/states/"}, secure=True)
    assert response.cookies["django_language"].value == "fr"
    assert cookie(response, "django_language") == SECURE_HTTPONLY_LAX

    client.force_login(reporting_officer_kenya)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Wanjiru K.", "preferred_language": "ar"},
        secure=True,
    )
    assert response.cookies["django_language"].value == "ar"
    assert cookie(response, "django_language") == SECURE_HTTPONLY_LAX


def test_the_report_editor_saves_with_the_token_from_the_page_not_the_cookie(
    draft, reporting_officer_kenya
):
    # What report-editor.js does: the CSRF cookie is HttpOnly, so it reads the form's field.
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporting_officer_kenya)
    page = client.get(reverse("reporting:report_edit", kwargs={"pk": draft.pk}))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    url = reverse("reporting:answer_save", kwargs={"pk": draft.pk, "code": "TR-1"})
    body = json.dumps({"value": "12", "revision": 0, "restricted": False})

    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    saved = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert saved.status_code == 200
    assert saved.json()["revision"] == 1


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def test_the_api_documentation_loads_every_script_from_this_site(client):
    response = client.get("/api/docs/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    scripts = SCRIPT_TAG.findall(response.text)
    assert len(scripts) == 3
    sources = []
    for attributes, body in scripts:
        assert body.strip() == "", "an inline script"
        source = re.search(r'src="([^"]+)"', attributes).group(1)
        assert source.startswith("/") and not source.startswith("//"), source
        sources.append(source)
    assert "<style" not in response.text and "style=" not in response.text

    # The start-up script is the page's own address with ?script.
    start = client.get(sources[-1].replace("&amp;", "&"), secure=True)
    assert sources[-1].startswith("/api/docs/?")
    assert start.status_code == 200
    assert start["Content-Type"] == "application/javascript"
    script = start.content.decode()
    assert "SwaggerUIBundle(" in script
    assert '"validatorUrl": null' in script
    # Writes tried from the page carry the CSRF token the server wrote into the script.
    assert re.search(r'request\.headers\["X-CSRFTOKEN"\] = "[0-9A-Za-z]{64}";', script)
    assert_not_stored(start)


INLINE = {
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "a style element": re.compile(r"<style\b", re.IGNORECASE),
    "an inline script": re.compile(r"<script\b(?![^>]*\bsrc=)", re.IGNORECASE),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: address": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_template_has_inline_styles_or_scripts():
    found = [
        f"{path.relative_to(PACKAGE)}: {what}"
        for path in sorted(PACKAGE.glob("*/templates/**/*.html"))
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
