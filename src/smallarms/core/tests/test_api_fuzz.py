"""The API answers what its committed schema (docs/openapi.yaml) says, whatever it is sent.

Schemathesis generates requests for every operation from the schema — valid ones and
invalid ones, boundary values first (its coverage phase), then a bounded number of random
examples — and sends them to the application in-process (WSGI), as an anonymous caller and
as a State's national point of contact with an API token. Each answer must not be a server
error, its status code must be one the operation documents, and its body must conform.

The demo data set is loaded once for the module, in a transaction rolled back at the end.
Every request runs in a savepoint rolled back after it, so what one example writes (a need
posted, a contact changed, a match accepted) is gone before the next: examples stay
independent and the run repeatable (fixed seed, derandomized generation). Most generated
identifiers in paths are swapped for ones the data set has, so that the details and the
actions on them are reached, not only their 404.
"""

from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

SCHEMA_FILE = Path(__file__).resolve().parents[4] / "docs" / "openapi.yaml"

# Random examples per operation and caller, after the boundary cases: enough to find the
# mistakes a careless client makes, few enough for the normal test run.
EXAMPLES_PER_OPERATION = 20
WRITE_EXAMPLES_PER_OPERATION = 40

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 2001,  # the year of the Programme of Action
        "generation": {
            "mode": "all",
            "max-examples": EXAMPLES_PER_OPERATION,
            "deterministic": True,
            "database": "none",
            # The caller's credentials are the test's (anonymous, or a token), never invented.
            "with-security-parameters": False,
        },
        "phases": {
            "examples": {"enabled": False},
            # Boundary and wrong values of every parameter, each once (writes: see below).
            "coverage": {"enabled": True, "unexpected-methods": []},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
        # Writes: the coverage phase would try hundreds of variants of each body, so they get
        # random bodies only, more of them.
        "operations": [
            {
                "include-method": ["POST", "PATCH"],
                "phases": {"coverage": {"enabled": False}},
                "generation": {"max-examples": WRITE_EXAMPLES_PER_OPERATION},
            }
        ],
        "checks": {
            "enabled": False,
            "not_a_server_error": {"enabled": True},
            "status_code_conformance": {"enabled": True},
            "content_type_conformance": {"enabled": True},
            "response_schema_conformance": {"enabled": True},
            "response_headers_conformance": {"enabled": True},
        },
    }
)

schema = schemathesis.openapi.from_path(SCHEMA_FILE, config=CONFIG)


def existing_identifiers(npc) -> dict[str, dict[str, list[str]]]:
    """The identifiers of the data set by the path of their list: for reading, all of them
    (the API decides who sees what); for writing, those the State's caller may act on."""
    from smallarms.assistance import models as assistance
    from smallarms.audit.models import Entry
    from smallarms.contacts.models import Contact
    from smallarms.reporting.models import Meeting, Report, ReportTemplate
    from smallarms.states.models import Organization, State
    from smallarms.themes.models import Theme

    def values(queryset, field="pk"):
        return [str(value) for value in queryset.order_by(field).values_list(field, flat=True)]

    meetings = values(Meeting.objects.all(), "code")
    read = {
        "/api/assistance/needs/": values(assistance.Need.objects.all()),
        "/api/assistance/offers/": values(assistance.Offer.objects.all()),
        "/api/assistance/matches/": values(assistance.Match.objects.all()),
        "/api/assistance/projects/": values(assistance.Project.objects.all()),
        "/api/assistance/calls/": values(assistance.FundingCall.objects.all()),
        "/api/assistance/proposals/": values(assistance.Proposal.objects.all()),
        "/api/contacts/": values(Contact.objects.all()),
        "/api/reports/": values(Report.objects.all()),
        "/api/audit/": values(Entry.objects.all(), "sequence")[-50:],
        "/api/meetings/": meetings,
        "/api/reporting-cycles/": meetings,
        "/api/report-templates/": [
            f"{code}-v{version}"
            for code, version in ReportTemplate.objects.order_by("pk").values_list(
                "code", "version"
            )
        ],
        "/api/states/": values(State.objects.all(), "iso3"),
        "/api/organizations/": values(Organization.objects.all(), "slug"),
        "/api/themes/": values(Theme.objects.all(), "code"),
    }
    write = {
        "/api/assistance/needs/": values(assistance.Need.objects.visible_to(npc, "edit")),
        "/api/assistance/offers/": values(assistance.Offer.objects.visible_to(npc, "edit")),
        "/api/assistance/matches/": values(assistance.Match.objects.visible_to(npc)),
        "/api/assistance/projects/": values(assistance.Project.objects.visible_to(npc)),
        "/api/contacts/": values(Contact.objects.visible_to(npc, "edit")),
    }
    return {"read": read, "write": {**read, **{k: v for k, v in write.items() if v}}}


@pytest.fixture(scope="module")
def api_data(django_db_setup, django_db_blocker):
    """The demo data set and an API token of Kenya's national point of contact (with
    two-factor authentication on), for the whole module; rolled back after it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from smallarms.accounts.models import User
    from smallarms.accounts.services import create_api_token
    from smallarms.core.demo import load_demo_data

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_data()
        npc = User.objects.get(email="npc.kenya@demo.smallarms.example")
        TOTPDevice.objects.create(user=npc, name="authenticator", confirmed=True)
        _token, key = create_api_token(acting_user=npc, name="schema test")
        yield {
            "callers": {"anonymous": {}, "state": {"Authorization": f"Token {key}"}},
            "identifiers": existing_identifiers(npc),
        }
        transaction.set_rollback(True)


@pytest.fixture
def application(settings):
    """Django's WSGI application, as a server runs it, but keeping the test's connection:
    Django closes connections at the end of each request, which would end the test's
    transaction (the test client disconnects the same receiver)."""
    settings.ALLOWED_HOSTS = ["localhost"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "state"])
def caller(request, api_data):
    return api_data["callers"][request.param]


def with_existing_identifier(case, identifiers):
    """Swap the generated identifier in the path for one of the data set, for three
    generated values in four (chosen by the value, so the run stays repeatable)."""
    if not case.path_parameters:
        return
    (name, value), *_ = case.path_parameters.items()
    use = "read" if case.method.upper() == "GET" else "write"
    existing = identifiers[use].get(case.operation.path.split("{")[0], [])
    choice = sum(str(value).encode())
    if existing and choice % 4:
        case.path_parameters[name] = existing[choice % len(existing)]


@schema.parametrize()
# The fixtures hold for every example by design: each request is rolled back on its own.
@hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@pytest.mark.django_db
def test_the_api_answers_as_its_schema_says(case, application, caller, api_data):
    with_existing_identifier(case, api_data["identifiers"])
    with transaction.atomic():
        response = case.call(app=application, headers=caller)
        transaction.set_rollback(True)
    case.validate_response(response, headers=caller)
