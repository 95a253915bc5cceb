"""A form field's help and errors are read with it: the ids the pages give them are the ones
Django names in the field's ``aria-describedby``."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from smallarms.conftest import verified_login

pytestmark = pytest.mark.django_db


class Described(HTMLParser):
    """The ids of a page, and what each ``aria-describedby`` points at."""

    def __init__(self):
        super().__init__()
        self.ids, self.references = set(), []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        for target in (attributes.get("aria-describedby") or "").split():
            self.references.append((attributes.get("name"), target))


def described(html: str) -> Described:
    parser = Described()
    parser.feed(html)
    return parser


def assert_every_description_is_on_the_page(html: str, expected: set[str]):
    page = described(html)
    missing = [(name, target) for name, target in page.references if target not in page.ids]
    assert not missing, f"aria-describedby points at nothing: {missing}"
    assert expected <= {target for _name, target in page.references}


def test_the_help_of_a_field_is_described_by_its_id(client, secretariat):
    verified_login(client, secretariat)
    page = client.get(reverse("reporting:cycle_create")).text
    assert_every_description_is_on_the_page(page, {"id_template_helptext"})


def test_the_errors_of_a_field_are_described_by_their_id(client, secretariat):
    verified_login(client, secretariat)
    response = client.post(reverse("reporting:cycle_create"), {"opens_on": "soon"})
    assert response.status_code == 200
    html = response.text
    assert_every_description_is_on_the_page(
        html, {"id_meeting_error", "id_opens_on_error", "id_closes_on_error"}
    )
    assert '<div class="error" id="id_meeting_error"><p>This field is required.</p></div>' in html


def test_a_filter_error_is_described_by_its_id(client):
    html = client.get(reverse("reporting:meeting_list"), {"year_from": "0.5"}).text
    assert_every_description_is_on_the_page(html, {"id_year_from_error"})
