"""Every URL pattern of the project, requested as every kind of person, GET and POST.

``ROUTES`` classifies every URL name: how to fill its parameters from the world of
``crawl_fixtures`` (confidential objects of every kind, each with a marker its pages show)
and who may make each request. The crawl then asserts, for every response:

- never a server error;
- no marker, confidential identifier or e-mailed secret the person may not see — in the
  body (HTML, JSON, CSV, vCard, the XML inside an XLSX), the headers (a redirect's
  Location, a download's file name);
- a request the person may not make is refused as the project refuses: 404 (never 403),
  the sign-in page for anonymous visitors, 401 for anonymous API calls, the two-factor
  set-up for the secretariat before its second factor, 405 where nobody may use the method;
- a refused request changes nothing in the database (the audit trail included: the
  project records no event for such refusals);
- and the insiders do see their markers on the objects' own pages.

A new URL pattern fails ``test_every_url_pattern_is_classified`` until it is added here.
"""

import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.cookies import SimpleCookie
from urllib.parse import unquote, urlencode

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from . import crawl_fixtures as crawl
from .crawl_fixtures import (
    ANONYMOUS,
    EVERYONE,
    KENYA,
    KENYA_KEEPER,
    KENYA_REPORTS,
    KINDS,
    MATCH_PARTIES,
    NOBODY,
    NPC_GHANA,
    NPC_KENYA,
    OFFICIALS,
    PRIVATE_NEED,
    PROPOSAL,
    PROVIDER_NORWAY,
    PROVIDER_OSCE,
    PROVIDER_UNRCPD,
    REVIEWERS,
    RO_GHANA,
    RO_KENYA,
    SECRETARIAT,
    SECRETARIAT_UNVERIFIED,
    SIGNED_IN,
    STAFF,
)

# Signed in and past the second factor where a role requires it.
VERIFIED = SIGNED_IN - {SECRETARIAT_UNVERIFIED}
# Who acts for a State or an organization (TwoFactorRequiredMixin pages' ``has_access``).
NEED_POSTERS = frozenset({NPC_KENYA, NPC_GHANA, PROVIDER_OSCE, PROVIDER_UNRCPD})
OFFER_POSTERS = NEED_POSTERS | {PROVIDER_NORWAY}
FUNDERS = frozenset({PROVIDER_NORWAY, PROVIDER_OSCE, PROVIDER_UNRCPD})
PROPOSERS = frozenset({RO_KENYA, NPC_KENYA, NPC_GHANA, RO_GHANA, *FUNDERS})
PEOPLE_MANAGERS = frozenset({NPC_KENYA, NPC_GHANA, SECRETARIAT})
# The private project's keepers (its funder, the secretariat) and who reports its progress.
PROJECT_KEEPERS = frozenset({PROVIDER_NORWAY, SECRETARIAT})
PROGRESS_REPORTERS = PROJECT_KEEPERS | {NPC_KENYA}
# UNRCPD's directory entries and funding call: its providers and the secretariat.
UNRCPD_KEEPERS = frozenset({PROVIDER_UNRCPD, SECRETARIAT})


# The table -------------------------------------------------------------------------------


def pk(name):
    return lambda world: world[name].pk


def of(name, attribute):
    return lambda world: getattr(world[name], attribute)


def secret(name):
    return lambda world: world.secrets[name]


@dataclass(frozen=True)
class Visit:
    """One request target (a URL name with its parameters) and who may request it.

    ``get`` / ``post`` / ``patch``: the kinds of people who may make that request — whose
    request is answered on its merits, perhaps with a validation message (a match that was
    accepted already), rather than refused (``patch`` None: not requested); everyone else
    must be refused, and their request must change nothing. POST is sent with an empty body and,
    when ``body`` is given, with that plausible body (``json``: as JSON); ``post`` is who may
    send that body — ``post_empty`` (default: ``post``) who may send the empty one.
    ``hides``: markers this request must not show to more people than given, beyond
    ``MARKERS`` (a search that would find a public object only through a confidential word);
    ``grants``: markers whoever holds the e-mailed key in the URL may see (the invitation
    page shows the address it was sent to). ``get_only``: a variant of a URL whose other
    methods another visit requests.
    """

    kwargs: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    get: frozenset = NOBODY
    get_status: int = 200
    post: frozenset = NOBODY
    post_empty: frozenset | None = None
    body: Callable | None = None
    json: bool = False
    patch: frozenset | None = None
    patch_body: Callable | None = None
    hides: dict = field(default_factory=dict)
    grants: frozenset = frozenset()
    get_only: bool = False


def public(**kwargs):
    """A page or endpoint everyone reads and nobody posts to."""
    return Visit(get=EVERYONE, **kwargs)


def staff_form(**kwargs):
    """A page of the secretariat's (after its second factor) with a form."""
    return Visit(get=STAFF, post=STAFF, **kwargs)


def _section(world):
    answers = {a.question.code: a for a in world["draft"].answers.select_related("question")}
    return {
        "section": "general",
        "q-NC-1": "yes",
        "rev-NC-1": answers["NC-1"].revision,
        "q-NC-2": "Crawl answer",
        "rev-NC-2": answers["NC-2"].revision,
    }


def _need_form(world):
    kenya = world["private_need"].state
    return {
        "owner": f"state:{kenya.pk}",
        "title": "Crawl need",
        "description": "A need the crawl posts.",
        "language": "en",
        "working_languages": ["en"],
        "themes": ["marking"],
        "kind": "equipment",
        "currency": "USD",
        "priority": "medium",
    }


def _contact_form(world, revision=None):
    data = {
        "kind": "tracing",
        "institution": "Crawl institution",
        "position": "0",
        "working_languages": ["en"],
    }
    if revision is not None:
        data["revision"] = revision
    return data


def _scores(world):
    return {
        key: value
        for criterion in world["call"].criteria.all()
        for key, value in ((f"score_{criterion.pk}", "5"), (f"comment_{criterion.pk}", "Crawl"))
    }


def _pdf():
    return SimpleUploadedFile("crawl.pdf", b"%PDF-1.4\ncrawl\n")


def today(world):
    return timezone.localdate().isoformat()


DRAFT, SUBMITTED, PUBLISHED = pk("draft"), pk("submitted"), pk("published")
EARLIER, CURRENT = of("earlier_cycle", "code"), of("current_cycle", "code")

ROUTES: dict[str, list[Visit]] = {
    # The home page, languages.
    "home": [public()],
    # Django's view: it sets the language cookie and redirects, and holds no data.
    "set_language": [
        Visit(
            get=EVERYONE,
            get_status=302,
            post=EVERYONE,
            body=lambda w: {"language": "fr", "next": "/"},
        )
    ],
    # The API ------------------------------------------------------------------------------
    "api:state-list": [public()],
    "api:state-detail": [public(kwargs={"iso3": "KEN"})],
    "api:organization-list": [public()],
    "api:organization-detail": [public(kwargs={"slug": "unrcpd"})],
    "api:theme-list": [public()],
    "api:theme-detail": [public(kwargs={"code": "marking"})],
    "api:current-user": [Visit(get=SIGNED_IN)],
    "api:meeting-list": [public()],
    "api:meeting-detail": [public(kwargs={"code": EARLIER})],
    "api:reporting-cycle-list": [public()],
    "api:reporting-cycle-detail": [public(kwargs={"code": CURRENT})],
    "api:report-template-list": [public()],
    "api:report-template-detail": [public(kwargs={"key": "crawl-current-v1"})],
    "api:report-list": [
        public(),
        # Words of a restricted answer find the report only for those who may read them.
        public(
            query={"q": "MRK-published-restricted-answer"},
            hides={"published": OFFICIALS},
            get_only=True,
        ),
    ],
    "api:report-detail": [
        Visit(kwargs={"pk": DRAFT}, get=KENYA_REPORTS),
        Visit(kwargs={"pk": SUBMITTED}, get=KENYA_REPORTS),
        public(kwargs={"pk": PUBLISHED}),
    ],
    "api:contact-list": [
        Visit(
            get=EVERYONE,
            post=KENYA_KEEPER,
            post_empty=SIGNED_IN,
            json=True,
            body=lambda w: {"state": "KEN", "kind": "tracing", "institution": "Crawl"},
        ),
        public(
            query={"q": "MRK-contact-person"},
            hides={"MRK-contact-institution": OFFICIALS},
            get_only=True,
        ),
    ],
    "api:contact-detail": [
        public(
            kwargs={"pk": pk("contact")},
            patch=KENYA_KEEPER,
            patch_body=lambda w: {"department": "Crawl", "revision": w["contact"].revision},
        )
    ],
    "api:contact-confirm": [Visit(kwargs={"pk": pk("contact")}, post=KENYA_KEEPER)],
    "api:contact-history": [Visit(kwargs={"pk": pk("contact")}, get=OFFICIALS)],
    "api:need-list": [
        Visit(
            get=EVERYONE,
            post={NPC_KENYA},
            post_empty=SIGNED_IN,
            json=True,
            body=lambda w: {
                "state": "KEN",
                "title": "Crawl need",
                "description": "A need the crawl posts.",
                "themes": ["marking"],
                "kind": "equipment",
            },
        )
    ],
    "api:need-detail": [
        Visit(
            kwargs={"pk": pk("private_need")},
            get=PRIVATE_NEED,
            patch={NPC_KENYA},
            patch_body=lambda w: {"title": "Crawl"},
        ),
        public(kwargs={"pk": pk("public_need")}),
    ],
    "api:offer-list": [
        Visit(
            get=EVERYONE,
            post={PROVIDER_NORWAY},
            post_empty=SIGNED_IN,
            json=True,
            body=lambda w: {
                "state": "NOR",
                "title": "Crawl offer",
                "description": "An offer the crawl posts.",
                "themes": ["marking"],
                "kinds": ["training"],
            },
        )
    ],
    "api:offer-detail": [
        public(
            kwargs={"pk": pk("offer")},
            patch={PROVIDER_NORWAY},
            patch_body=lambda w: {"title": "Crawl"},
        )
    ],
    "api:match-list": [
        Visit(
            get=EVERYONE,
            post={NPC_KENYA, PROVIDER_NORWAY},
            post_empty=SIGNED_IN,
            json=True,
            body=lambda w: {"need": str(w["private_need"].pk), "offer": str(w["offer"].pk)},
        )
    ],
    "api:match-detail": [
        Visit(kwargs={"pk": pk("match")}, get=MATCH_PARTIES),
        Visit(kwargs={"pk": pk("pending_match")}, get=MATCH_PARTIES),
    ],
    "api:match-accept": [
        Visit(kwargs={"pk": pk("pending_match")}, post={NPC_KENYA, PROVIDER_NORWAY}),
        Visit(kwargs={"pk": pk("match")}, post={NPC_KENYA, PROVIDER_NORWAY, SECRETARIAT}),
    ],
    "api:match-decline": [
        Visit(kwargs={"pk": pk("pending_match")}, post={NPC_KENYA, PROVIDER_NORWAY}),
    ],
    "api:match-messages": [
        Visit(
            kwargs={"pk": pk("match")},
            get=MATCH_PARTIES,
            post=MATCH_PARTIES,
            json=True,
            body=lambda w: {"body": "Crawl message"},
        )
    ],
    "api:project-list": [public()],
    "api:project-detail": [Visit(kwargs={"pk": pk("project")}, get=PRIVATE_NEED)],
    "api:project-progress": [
        Visit(
            kwargs={"pk": pk("project")},
            post=PROGRESS_REPORTERS,
            post_empty=PRIVATE_NEED,
            json=True,
            body=lambda w: {
                "indicator": w["indicator"].pk,
                "value": "500",
                "reported_on": today(w),
            },
        )
    ],
    "api:funding-call-list": [public()],
    "api:funding-call-detail": [public(kwargs={"pk": pk("call")})],
    "api:proposal-list": [public()],
    "api:proposal-detail": [Visit(kwargs={"pk": pk("proposal")}, get=PROPOSAL)],
    "api:audit-entry-list": [Visit(get=STAFF)],
    "api:audit-entry-detail": [
        Visit(kwargs={"sequence": lambda w: w.objects["token_entry"].sequence}, get=STAFF)
    ],
    "api:schema": [public()],
    "api:docs": [public()],
    # The audit trail ----------------------------------------------------------------------
    "audit:entry_list": [Visit(get=STAFF)],
    "audit:entry_export": [Visit(get=STAFF)],
    # Object histories: see HISTORIES below.
    "audit:object_history": [],
    # People -------------------------------------------------------------------------------
    "accounts:login": [
        Visit(
            get=EVERYONE,
            post=EVERYONE,
            body=lambda w: {"email": "npc.kenya@example.org", "password": "not the password"},
        )
    ],
    "accounts:login_second_factor": [
        Visit(get=EVERYONE, get_status=302, post=EVERYONE, body=lambda w: {"token": "123456"})
    ],
    "accounts:logout": [Visit(post=EVERYONE)],
    "accounts:password_reset": [
        Visit(get=EVERYONE, post=EVERYONE, body=lambda w: {"email": "npc.kenya@example.org"})
    ],
    "accounts:password_reset_done": [public()],
    "accounts:password_reset_confirm": [
        # A valid link (sent by e-mail) moves its token into the session and redirects.
        Visit(
            kwargs={"uidb64": secret("reset_uid"), "token": secret("reset_token")},
            get=EVERYONE,
            get_status=302,
            post=EVERYONE,
        ),
        Visit(
            kwargs={"uidb64": secret("reset_uid"), "token": "set-password"},
            get=EVERYONE,
            post=EVERYONE,
        ),
    ],
    "accounts:password_reset_complete": [public()],
    "accounts:dashboard": [Visit(get=SIGNED_IN)],
    "accounts:profile": [
        Visit(
            get=SIGNED_IN,
            post=SIGNED_IN,
            body=lambda w: {"full_name": "Crawl", "preferred_language": "en"},
        )
    ],
    "accounts:token_create": [Visit(post=VERIFIED, body=lambda w: {"name": "Crawl token"})],
    "accounts:token_revoke": [Visit(kwargs={"pk": pk("token")}, post={NPC_KENYA})],
    "accounts:two_factor_setup": [
        Visit(get=SIGNED_IN, post=SIGNED_IN, body=lambda w: {"token": "123456"})
    ],
    "accounts:two_factor_disable": [Visit(post=SIGNED_IN)],
    "accounts:recovery_codes": [Visit(post=STAFF)],
    "accounts:people": [
        Visit(
            get=PEOPLE_MANAGERS,
            post=PEOPLE_MANAGERS,
            body=lambda w: {
                "email": "crawl.invitee@example.org",
                "role": "reporting_officer",
                "state": w["private_need"].state_id,
                "language": "en",
            },
        )
    ],
    "accounts:membership_revoke": [
        Visit(kwargs={"pk": pk("officer_membership")}, post=KENYA_KEEPER)
    ],
    "accounts:invitation_accept": [
        Visit(
            kwargs={"key": secret("invitation_key")},
            grants=frozenset({"mrk-invitee@example.org"}),
            get=EVERYONE,
            post=EVERYONE,
            body=lambda w: {
                "full_name": "Crawl Invitee",
                "password1": "an unusual crawl passphrase 2026",
                "password2": "an unusual crawl passphrase 2026",
            },
        )
    ],
    # National reporting -------------------------------------------------------------------
    "reporting:cycle_list": [public()],
    "reporting:cycle_export": [public()],
    "reporting:cycle_create": [staff_form()],
    "reporting:cycle_detail": [public(kwargs={"code": EARLIER}), public(kwargs={"code": CURRENT})],
    "reporting:cycle_update": [staff_form(kwargs={"code": CURRENT})],
    "reporting:meeting_list": [public()],
    "reporting:meeting_create": [staff_form()],
    "reporting:meeting_detail": [public(kwargs={"code": EARLIER})],
    "reporting:meeting_update": [staff_form(kwargs={"code": EARLIER})],
    "reporting:template_list": [public()],
    "reporting:template_import": [staff_form()],
    "reporting:template_detail": [public(kwargs={"code": "crawl-current", "version": 1})],
    "reporting:template_download": [public(kwargs={"code": "crawl-current", "version": 1})],
    "reporting:template_copy": [Visit(kwargs={"code": "crawl-current", "version": 1}, post=STAFF)],
    "reporting:report_list": [
        public(),
        public(
            query={"q": "MRK-published-restricted-answer"},
            hides={"published": OFFICIALS},
            get_only=True,
        ),
    ],
    "reporting:state_compare": [public(kwargs={"iso3": "KEN"})],
    "reporting:question_compare": [
        public(kwargs={"code": EARLIER, "question": "TR-3"}),
        public(kwargs={"code": CURRENT, "question": "TR-3"}),
        public(kwargs={"code": CURRENT, "question": "NC-2"}),
    ],
    "reporting:question_compare_export": [
        public(kwargs={"code": EARLIER, "question": "TR-3"}),
        public(kwargs={"code": CURRENT, "question": "TR-3"}),
    ],
    "reporting:report_export": [
        public(),
        public(
            query={"q": "MRK-published-restricted-answer"},
            hides={"published": OFFICIALS},
            get_only=True,
        ),
    ],
    "reporting:report_start": [
        Visit(post=KENYA, post_empty=NOBODY, body=lambda w: {"state": "KEN", "cycle": CURRENT(w)})
    ],
    "reporting:report_detail": [
        Visit(kwargs={"pk": DRAFT}, get=KENYA_REPORTS),
        Visit(kwargs={"pk": SUBMITTED}, get=KENYA_REPORTS),
        public(kwargs={"pk": PUBLISHED}),
    ],
    "reporting:report_edit": [
        Visit(kwargs={"pk": DRAFT}, get=KENYA, post=KENYA, post_empty=NOBODY, body=_section),
        Visit(kwargs={"pk": SUBMITTED}),
        Visit(kwargs={"pk": PUBLISHED}),
    ],
    "reporting:answer_save": [
        Visit(
            kwargs={"pk": DRAFT, "code": "NC-2"},
            post=KENYA,
            json=True,
            body=lambda w: {
                "value": "Crawl answer",
                "revision": w["draft"].answers.get(question__code="NC-2").revision,
            },
        ),
        Visit(
            kwargs={"pk": SUBMITTED, "code": "NC-2"},
            json=True,
            body=lambda w: {"value": "Crawl answer", "revision": 2},
        ),
    ],
    "reporting:workbook_download": [
        Visit(kwargs={"pk": DRAFT}, get=KENYA),
        Visit(kwargs={"pk": PUBLISHED}),
    ],
    "reporting:workbook_upload": [
        Visit(
            kwargs={"pk": DRAFT},
            post=KENYA,
            body=lambda w: {"workbook": SimpleUploadedFile("crawl.xlsx", b"PK\x03\x04 crawl")},
        )
    ],
    "reporting:attachment_upload": [
        Visit(
            kwargs={"pk": DRAFT},
            post=KENYA,
            post_empty=NOBODY,
            body=lambda w: {"question": "AT-1", "file": _pdf(), "restricted": "on"},
        ),
        Visit(
            kwargs={"pk": PUBLISHED},
            body=lambda w: {"question": "AT-1", "file": _pdf(), "restricted": "on"},
        ),
    ],
    "reporting:attachment_download": [
        Visit(kwargs={"pk": DRAFT, "attachment": pk("draft_attachment")}, get=KENYA_REPORTS),
        Visit(kwargs={"pk": PUBLISHED, "attachment": pk("published_attachment")}, get=OFFICIALS),
    ],
    "reporting:attachment_delete": [
        Visit(kwargs={"pk": DRAFT, "attachment": pk("draft_attachment")}, post=KENYA),
        Visit(kwargs={"pk": PUBLISHED, "attachment": pk("published_attachment")}),
    ],
    "reporting:report_download": [
        Visit(kwargs={"pk": DRAFT, "format": "csv"}, get=KENYA_REPORTS),
        Visit(kwargs={"pk": DRAFT, "format": "json"}, get=KENYA_REPORTS),
        Visit(kwargs={"pk": SUBMITTED, "format": "json"}, get=KENYA_REPORTS),
        public(kwargs={"pk": PUBLISHED, "format": "csv"}),
        public(kwargs={"pk": PUBLISHED, "format": "json"}),
        Visit(kwargs={"pk": PUBLISHED, "format": "xlsx"}),
    ],
    "reporting:report_submit": [Visit(kwargs={"pk": DRAFT}, post=KENYA)],
    "reporting:report_return": [
        Visit(
            kwargs={"pk": SUBMITTED},
            post=STAFF,
            body=lambda w: {"comment": "Please complete section 2."},
        )
    ],
    "reporting:report_publish": [
        Visit(kwargs={"pk": DRAFT}),
        Visit(kwargs={"pk": SUBMITTED}, post=STAFF),
    ],
    "reporting:report_revise": [Visit(kwargs={"pk": PUBLISHED}, post=KENYA)],
    # Themes and reference data ------------------------------------------------------------
    "themes:theme_list": [public()],
    "themes:theme_detail": [public(kwargs={"code": "marking"})],
    "states:state_list": [public()],
    "states:state_export": [public()],
    "states:state_detail": [public(kwargs={"iso3": "KEN"})],
    "states:organization_list": [public()],
    "states:organization_export": [public()],
    "states:organization_detail": [public(kwargs={"slug": "unrcpd"})],
    # The directory ------------------------------------------------------------------------
    "contacts:contact_list": [
        public(),
        # Names are searched only for those who may see them (docs/contacts.md).
        public(
            query={"q": "MRK-contact-person"},
            hides={"MRK-contact-institution": OFFICIALS},
            get_only=True,
        ),
    ],
    "contacts:contact_export": [
        public(),
        public(
            query={"q": "MRK-contact-person"},
            hides={"MRK-contact-institution": OFFICIALS},
            get_only=True,
        ),
    ],
    "contacts:contact_vcards": [Visit(get=OFFICIALS)],
    "contacts:confirm_by_link": [
        Visit(kwargs={"token": secret("confirmation_token")}, get=EVERYONE, post=EVERYONE),
        Visit(kwargs={"token": "forged-token"}),
    ],
    "contacts:state_contacts": [public(kwargs={"iso3": "KEN"})],
    "contacts:state_contact_create": [
        Visit(
            kwargs={"iso3": "KEN"},
            get=KENYA_KEEPER,
            post=KENYA_KEEPER,
            body=lambda w: _contact_form(w),
        )
    ],
    "contacts:state_confirm": [Visit(kwargs={"iso3": "KEN"}, post=KENYA_KEEPER)],
    "contacts:organization_contacts": [public(kwargs={"slug": "unrcpd"})],
    "contacts:organization_contact_create": [
        Visit(
            kwargs={"slug": "unrcpd"},
            get=UNRCPD_KEEPERS,
            post=UNRCPD_KEEPERS,
            body=lambda w: {**_contact_form(w), "kind": "regional_point_of_contact"},
        )
    ],
    "contacts:organization_confirm": [Visit(kwargs={"slug": "unrcpd"}, post=UNRCPD_KEEPERS)],
    "contacts:contact_detail": [public(kwargs={"pk": pk("contact")})],
    "contacts:contact_update": [
        Visit(
            kwargs={"pk": pk("contact")},
            get=KENYA_KEEPER,
            post=KENYA_KEEPER,
            body=lambda w: _contact_form(w, w["contact"].revision),
        )
    ],
    "contacts:contact_vcard": [Visit(kwargs={"pk": pk("contact")}, get=OFFICIALS)],
    # Assistance ---------------------------------------------------------------------------
    "assistance:need_list": [public()],
    "assistance:need_export": [public()],
    "assistance:need_create": [Visit(get=NEED_POSTERS, post=NEED_POSTERS, body=_need_form)],
    "assistance:need_detail": [
        Visit(kwargs={"pk": pk("private_need")}, get=PRIVATE_NEED),
        public(kwargs={"pk": pk("public_need")}),
    ],
    "assistance:need_update": [
        Visit(kwargs={"pk": pk("private_need")}, get={NPC_KENYA}, post={NPC_KENYA}, body=_need_form)
    ],
    "assistance:need_withdraw": [Visit(kwargs={"pk": pk("private_need")}, post={NPC_KENYA})],
    "assistance:needobjective_create": [
        Visit(
            kwargs={"pk": pk("private_need")},
            get={NPC_KENYA},
            post={NPC_KENYA},
            body=lambda w: {"objective": "Crawl", "indicator": "Crawl", "target": "5"},
        )
    ],
    "assistance:offer_list": [public()],
    "assistance:offer_export": [public()],
    "assistance:offer_create": [Visit(get=OFFER_POSTERS, post=OFFER_POSTERS)],
    "assistance:offer_detail": [public(kwargs={"pk": pk("offer")})],
    "assistance:offer_update": [
        Visit(kwargs={"pk": pk("offer")}, get={PROVIDER_NORWAY}, post={PROVIDER_NORWAY})
    ],
    "assistance:offer_close": [Visit(kwargs={"pk": pk("offer")}, post={PROVIDER_NORWAY})],
    "assistance:match_list": [Visit(get=VERIFIED)],
    "assistance:match_export": [Visit(get=VERIFIED)],
    "assistance:match_create": [
        Visit(
            post={NPC_KENYA, PROVIDER_NORWAY},
            post_empty=NOBODY,
            body=lambda w: {"need": w["private_need"].pk, "offer": w["offer"].pk},
        )
    ],
    "assistance:match_detail": [
        Visit(kwargs={"pk": pk("match")}, get=MATCH_PARTIES),
        Visit(kwargs={"pk": pk("pending_match")}, get=MATCH_PARTIES),
    ],
    "assistance:match_accept": [
        Visit(kwargs={"pk": pk("pending_match")}, post={NPC_KENYA, PROVIDER_NORWAY}),
        Visit(kwargs={"pk": pk("match")}, post={NPC_KENYA, PROVIDER_NORWAY, SECRETARIAT}),
    ],
    "assistance:match_decline": [
        Visit(kwargs={"pk": pk("pending_match")}, post={NPC_KENYA, PROVIDER_NORWAY}),
    ],
    "assistance:match_withdraw": [
        Visit(kwargs={"pk": pk("pending_match")}, post={PROVIDER_NORWAY}),
        Visit(kwargs={"pk": pk("match")}, post={NPC_KENYA}),
    ],
    "assistance:matchmessage_create": [
        Visit(kwargs={"pk": pk("match")}, post=MATCH_PARTIES, body=lambda w: {"body": "Crawl"})
    ],
    "assistance:project_list": [public()],
    "assistance:project_export": [public()],
    "assistance:project_create": [
        Visit(get=OFFER_POSTERS | STAFF, post=OFFER_POSTERS | STAFF),
        Visit(
            query={"match": pk("match")},
            get={NPC_KENYA, PROVIDER_NORWAY, SECRETARIAT},
            post={NPC_KENYA, PROVIDER_NORWAY, SECRETARIAT},
        ),
    ],
    "assistance:project_detail": [Visit(kwargs={"pk": pk("project")}, get=PRIVATE_NEED)],
    "assistance:project_update": [
        Visit(kwargs={"pk": pk("project")}, get=PROJECT_KEEPERS, post=PROJECT_KEEPERS)
    ],
    "assistance:projectindicator_create": [
        Visit(
            kwargs={"pk": pk("project")},
            get=PROJECT_KEEPERS,
            post=PROJECT_KEEPERS,
            body=lambda w: {"name": "Crawl", "baseline": "0", "target": "10"},
        )
    ],
    "assistance:progressreport_create": [
        Visit(
            kwargs={"pk": pk("project")},
            get=PROGRESS_REPORTERS,
            post=PROGRESS_REPORTERS,
            body=lambda w: {
                "indicator": w["indicator"].pk,
                "value": "500",
                "reported_on": today(w),
            },
        )
    ],
    "assistance:call_list": [public()],
    "assistance:call_export": [public()],
    "assistance:call_create": [Visit(get=FUNDERS | STAFF, post=FUNDERS | STAFF)],
    "assistance:call_detail": [public(kwargs={"pk": pk("call")})],
    "assistance:call_close": [Visit(kwargs={"pk": pk("call")}, post=UNRCPD_KEEPERS)],
    "assistance:proposal_create": [Visit(kwargs={"pk": pk("call")}, get=PROPOSERS, post=PROPOSERS)],
    "assistance:proposal_list": [Visit(get=VERIFIED)],
    "assistance:proposal_create_rapid": [Visit(get=PROPOSERS, post=PROPOSERS)],
    "assistance:proposal_detail": [Visit(kwargs={"pk": pk("proposal")}, get=PROPOSAL)],
    "assistance:proposal_score": [
        Visit(kwargs={"pk": pk("proposal")}, post=REVIEWERS, body=_scores)
    ],
    "assistance:proposal_award": [Visit(kwargs={"pk": pk("proposal")}, post=REVIEWERS)],
    "assistance:proposal_reject": [Visit(kwargs={"pk": pk("proposal")}, post=REVIEWERS)],
    "assistance:overview": [Visit(get=STAFF)],
    "assistance:exchangerate_list": [staff_form()],
}

# The history of every confidential object: whoever may see the object under its rule's
# "history" action (accounts.permissions.may_see_history), the secretariat for all; never
# anonymous visitors, and nobody before the second factor their role requires.
HISTORIES = {
    ("reporting", "report", "draft"): KENYA_REPORTS,
    ("reporting", "report", "submitted"): KENYA_REPORTS,
    ("reporting", "report", "published"): VERIFIED,
    ("reporting", "answer", "draft_restricted_answer"): KENYA_REPORTS,
    ("reporting", "answer", "published_restricted_answer"): OFFICIALS,
    ("reporting", "attachment", "draft_attachment"): KENYA_REPORTS,
    ("reporting", "attachment", "published_attachment"): OFFICIALS,
    ("reporting", "notification", "notification"): KENYA_KEEPER,
    ("assistance", "need", "private_need"): PRIVATE_NEED,
    ("assistance", "need", "public_need"): VERIFIED,
    ("assistance", "needobjective", "objective"): PRIVATE_NEED,
    ("assistance", "offer", "offer"): VERIFIED,
    ("assistance", "match", "match"): MATCH_PARTIES,
    ("assistance", "matchmessage", "message"): MATCH_PARTIES,
    ("assistance", "match", "pending_match"): MATCH_PARTIES,
    ("assistance", "project", "project"): PRIVATE_NEED,
    ("assistance", "projectindicator", "indicator"): PRIVATE_NEED,
    ("assistance", "progressreport", "progress"): PRIVATE_NEED,
    ("assistance", "fundingcall", "call"): VERIFIED,
    ("assistance", "proposal", "proposal"): PROPOSAL,
    ("assistance", "proposalscore", "score"): REVIEWERS,
    ("contacts", "contact", "contact"): OFFICIALS,
    ("contacts", "contactrevision", "revision"): OFFICIALS,
    ("contacts", "confirmationrequest", "confirmation"): KENYA_KEEPER,
    ("accounts", "apitoken", "token"): KENYA_KEEPER,
    ("accounts", "invitation", "invitation"): KENYA_KEEPER,
    ("accounts", "user", "npc_user"): KENYA_KEEPER,
    ("accounts", "membership", "officer_membership"): {RO_KENYA, NPC_KENYA, SECRETARIAT},
}
ROUTES["audit:object_history"] = [
    Visit(kwargs={"app_label": app, "model_name": model, "pk": pk(name)}, get=frozenset(who))
    for (app, model, name), who in HISTORIES.items()
]

# The browsable API (``?format=api``) renders an object into its forms as well: every
# object endpoint is requested that way too.
for _name, _visits in ROUTES.items():
    if _name.startswith("api:"):
        _visits += [
            replace(visit, query={"format": "api"}, get_only=True)
            for visit in list(_visits)
            if visit.kwargs and not visit.query
        ]

# The insiders' own pages: each marker is seen there by these people (a crawl that saw
# nothing would pass everything else).
MUST_SEE = [
    ("reporting:report_detail", {"pk": DRAFT}, KENYA_REPORTS, [
        "MRK-draft-answer", "MRK-draft-restricted-answer", "MRK-draft-attachment"]),
    ("reporting:attachment_download", {"pk": DRAFT, "attachment": pk("draft_attachment")},
     KENYA_REPORTS, ["MRK-draft-file-content"]),
    ("reporting:report_detail", {"pk": SUBMITTED}, KENYA_REPORTS, ["MRK-submitted-answer"]),
    ("reporting:report_detail", {"pk": PUBLISHED}, EVERYONE, ["MRK-published-answer"]),
    ("reporting:report_detail", {"pk": PUBLISHED}, OFFICIALS, [
        "MRK-published-restricted-answer", "MRK-published-restricted-file"]),
    ("reporting:attachment_download", {"pk": PUBLISHED, "attachment": pk("published_attachment")},
     OFFICIALS, ["MRK-published-file-content"]),
    ("assistance:need_detail", {"pk": pk("public_need")}, EVERYONE, ["MRK-public-need-title"]),
    ("assistance:need_detail", {"pk": pk("private_need")}, PRIVATE_NEED, [
        "MRK-private-need-title", "MRK-private-need-objective"]),
    ("assistance:offer_detail", {"pk": pk("offer")}, EVERYONE, ["MRK-offer-title"]),
    ("assistance:offer_detail", {"pk": pk("offer")}, SIGNED_IN, [
        "MRK-offer-contact", "mrk-offer-contact@norway.example"]),
    ("assistance:match_detail", {"pk": pk("match")}, MATCH_PARTIES, [
        "MRK-match-proposal", "MRK-match-message"]),
    ("assistance:match_detail", {"pk": pk("pending_match")}, MATCH_PARTIES, [
        "MRK-pending-match-proposal"]),
    ("assistance:project_detail", {"pk": pk("project")}, PRIVATE_NEED, [
        "MRK-project-title", "MRK-project-indicator", "MRK-project-progress"]),
    ("assistance:call_detail", {"pk": pk("call")}, EVERYONE, ["MRK-call-title"]),
    ("assistance:proposal_detail", {"pk": pk("proposal")}, PROPOSAL, ["MRK-proposal-summary"]),
    ("assistance:proposal_detail", {"pk": pk("proposal")}, REVIEWERS, ["MRK-score-comment"]),
    ("contacts:contact_detail", {"pk": pk("contact")}, EVERYONE, ["MRK-contact-institution"]),
    ("contacts:contact_detail", {"pk": pk("contact")}, OFFICIALS, [
        "MRK-contact-person", "MRK-contact-post", "mrk-contact-email@police.ke.example",
        "+254 20 555 0177", "MRK-contact-address", "MRK-contact-former-person"]),
    ("accounts:profile", {}, {NPC_KENYA}, ["MRK-token-name"]),
    ("accounts:people", {}, KENYA_KEEPER, ["mrk-invitee@example.org"]),
    ("audit:entry_list", {}, STAFF, ["MRK-token-name"]),
]  # fmt: skip

# URL names left out of the crawl, and why. None today: Django's ``set_language`` is
# requested like the rest (it holds no data), static files are served by WhiteNoise and
# uploads only through the access-checked download views (no URL pattern serves either), and
# the schema and the Swagger page are plain GETs that need no browser.
SKIPPED: dict[str, str] = {}


# The world -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module in a transaction rolled back at its end; each test, and
    each request of it, runs in a savepoint rolled back after it, so every request meets
    the same data. Fast password hashing: the crawl signs people in, it does not test
    Argon2."""
    settings = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("crawl-media")),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), settings, transaction.atomic():
        world = crawl.build()
        from smallarms.audit.models import Entry

        world.objects["token_entry"] = Entry.objects.get(event="token_created")
        world.pristine = fingerprint()
        yield world
        transaction.set_rollback(True)


# Every row of every table but the sessions (a sign-in page may store its next step there).
UNTRACKED_TABLES = {"django_session", "django_migrations"}


def fingerprint() -> dict[str, tuple[int, str]]:
    """Per table: how many rows, and a hash of them all."""
    quote_name = connection.ops.quote_name
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - UNTRACKED_TABLES):
            cursor.execute(f"SELECT * FROM {quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


class Writes:
    """Notes whether a request wrote to a tracked table: only then is the fingerprint taken
    again (the crawl is thousands of requests; a write rolled back inside it leaves the
    fingerprint as it was, and the comparison says so)."""

    def __init__(self):
        self.seen = False

    def __call__(self, execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if statement.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")) and (
            "DJANGO_SESSION" not in statement.split("WHERE")[0]
        ):
            self.seen = True
        return execute(sql, params, many, context)


# Requests --------------------------------------------------------------------------------


def url_of(name, visit, world) -> str:
    kwargs = {k: v(world) if callable(v) else v for k, v in visit.kwargs.items()}
    url = reverse(name, kwargs=kwargs)
    if visit.query:
        query = {k: v(world) if callable(v) else v for k, v in visit.query.items()}
        url += "?" + urlencode(query)
    return url


@dataclass
class Answer:
    status: int
    location: str
    text: str
    error: str = ""
    changed: list[str] = field(default_factory=list)


def text_of(response) -> str:
    """Everything a person receives, as lower-case text: headers, the messages the next page
    will show (kept in a signed cookie) and the body — the XML parts of a zipped file (XLSX),
    a vCard's folded lines unfolded."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    if body.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                body = b"\n".join(archive.read(name) for name in archive.namelist())
        except zipfile.BadZipFile:
            pass
    text = body.decode("utf-8", errors="replace")
    text = text.replace("\r\n ", "").replace("\r\n\t", "")
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    cookie = response.cookies.get(CookieStorage.cookie_name)
    flashed = CookieStorage(None)._decode(cookie.value) if cookie and cookie.value else None
    messages = "\n".join(str(message) for message in flashed or [])
    return f"{headers}\n{messages}\n{text}".lower()


def send(world, kind, method, url, data=None, as_json=False, refused=False) -> Answer:
    """One request in a savepoint rolled back after it, the client's cookies as before it."""
    client = world.clients[kind]
    saved = {key: morsel.copy() for key, morsel in client.cookies.items()}
    writes = Writes()
    answer = None
    try:
        with transaction.atomic(), connection.execute_wrapper(writes):
            kwargs = {"content_type": "application/json"} if as_json else {}
            if method == "get":
                response = client.get(url)
            elif method == "patch":
                response = client.patch(url, data or {}, content_type="application/json")
            else:
                response = client.post(url, data or {}, **kwargs)
            # Reading a streamed body to its end closes it, as the test client arranges.
            answer = Answer(response.status_code, response.get("Location", ""), text_of(response))
            if refused and writes.seen:
                now = fingerprint()
                answer.changed = sorted(t for t in now if now[t] != world.pristine.get(t))
            transaction.set_rollback(True)
    except Exception as error:  # a view's exception is the 500 a person would get
        import traceback

        answer = Answer(500, "", "", error="".join(traceback.format_exception(error))[-3000:])
    finally:
        client.cookies = SimpleCookie()
        for key, morsel in saved.items():
            client.cookies[key] = morsel
    return answer


def refusals(kind, name, method, nobody_may) -> set:
    """How the project refuses a request: what a refused answer may be."""
    allowed = {404}
    if nobody_may:
        allowed.add(405)
    if kind == ANONYMOUS:
        allowed.add(401 if name.startswith("api:") or name == "reporting:answer_save" else 302)
    if kind == SECRETARIAT_UNVERIFIED and not name.startswith("api:"):
        allowed.add(302)
    return allowed


def refused_redirect_is_right(kind, answer) -> bool:
    location = unquote(answer.location)
    if kind == ANONYMOUS:
        return location.startswith(reverse("accounts:login") + "?next=")
    return location == reverse("accounts:two_factor_setup")


def forbidden_markers(world, kind, visit, request_text) -> dict[str, str]:
    """What this person must not receive here: marker -> what it is."""
    forbidden = {}
    for marker, allowed in crawl.MARKERS.items():
        if kind not in allowed and marker not in visit.grants:
            forbidden[marker.lower()] = marker
    for name, allowed in crawl.SECRET_IDS.items():
        if kind not in allowed:
            forbidden[str(world[name].pk)] = f"the identifier of {name}"
    for name in crawl.SECRETS:
        forbidden[world.secrets[name].lower()] = f"the secret {name}"
    for marker, allowed in visit.hides.items():
        if kind not in allowed:
            value = str(world[marker].pk) if marker in world.objects else marker.lower()
            forbidden[value] = f"{marker} (found through a confidential word)"
    # What the request itself carries (its path, query and body) is known to the person.
    return {k: v for k, v in forbidden.items() if k not in request_text}


def check(world, kind, name, visit, method, answer, allowed, request_text, failures):
    """Add to ``failures`` what is wrong with ``answer`` to a request ``allowed`` to some."""
    where = f"{method.upper()} {url_of(name, visit, world)} as {kind}"
    if answer.status >= 500:
        failures.append(f"{where}: {answer.status}\n{answer.error}")
        return
    for value, what in forbidden_markers(world, kind, visit, request_text).items():
        if value in answer.text:
            failures.append(f"{where}: shows {what} ({answer.status})")
    nobody_may = {
        "get": not visit.get,
        "post": not (visit.post or visit.post_empty),
        "patch": not visit.patch,
    }[method]
    if kind in allowed:
        if method == "get" and answer.status != visit.get_status:
            failures.append(f"{where}: {answer.status}, expected {visit.get_status}")
        if method != "get" and answer.status in {401, 403, 404, 405}:
            failures.append(f"{where}: refused ({answer.status}) but this person may make it")
        return
    refused = refusals(kind, name, method, nobody_may)
    if answer.status not in refused:
        failures.append(f"{where}: {answer.status}, expected a refusal {sorted(refused)}")
    elif answer.status == 302 and not refused_redirect_is_right(kind, answer):
        failures.append(f"{where}: redirected to {answer.location}, not to sign in")
    if answer.changed:
        failures.append(f"{where}: refused, but changed {', '.join(answer.changed)}")


def crawl_one(world, name, kind) -> list[str]:
    failures = []
    for visit in ROUTES[name]:
        url = url_of(name, visit, world)
        known = unquote(url).lower()
        get = send(world, kind, "get", url, refused=kind not in visit.get)
        check(world, kind, name, visit, "get", get, visit.get, known, failures)
        if visit.get_only:
            continue
        bodies = [(None, visit.post if visit.post_empty is None else visit.post_empty)]
        if visit.body is not None:
            bodies.append((visit.body(world), visit.post))
        for data, allowed in bodies:
            request_text = known + " " + repr(data).lower()
            post = send(
                world, kind, "post", url, data, as_json=visit.json, refused=kind not in allowed
            )
            check(world, kind, name, visit, "post", post, allowed, request_text, failures)
        if visit.patch is not None:
            data = visit.patch_body(world) if visit.patch_body else {}
            patch = send(world, kind, "patch", url, data, refused=kind not in visit.patch)
            check(
                world,
                kind,
                name,
                visit,
                "patch",
                patch,
                visit.patch,
                known + " " + repr(data).lower(),
                failures,
            )
    return failures


# The tests -------------------------------------------------------------------------------


def url_names(patterns=None, namespace="") -> dict[str, str]:
    """Every URL pattern's name (``namespace:name``) and route, recursively."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            for key, route in url_names(pattern.url_patterns, inner).items():
                found[key] = f"{pattern.pattern}{route}"
        elif isinstance(pattern, URLPattern):
            key = f"{namespace}{pattern.name}" if pattern.name else f"(unnamed) {pattern.pattern}"
            found[key] = str(pattern.pattern)
    return found


def test_every_url_pattern_is_classified():
    names = url_names()
    unclassified = sorted(set(names) - set(ROUTES) - set(SKIPPED))
    assert not unclassified, (
        "These URL patterns are not in the permission crawl. Add each to ROUTES in "
        "src/smallarms/core/tests/test_permission_crawl.py, saying how to fill its "
        "parameters and who may GET and POST it:\n"
        + "\n".join(f"  {name}  ({names[name]})" for name in unclassified)
    )
    gone = sorted((set(ROUTES) | set(SKIPPED)) - set(names))
    assert not gone, "ROUTES names URL patterns that no longer exist: " + ", ".join(gone)
    empty = sorted(name for name in ROUTES if not ROUTES[name])
    assert not empty, "These URL names have no request in ROUTES: " + ", ".join(empty)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_crawl(world, db, name, kind):
    failures = crawl_one(world, name, kind)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("name", "kwargs", "kinds", "markers"),
    MUST_SEE,
    ids=[f"{name}-{markers[0]}" for name, _k, _p, markers in MUST_SEE],
)
def test_insiders_see_their_markers_on_the_objects_pages(world, db, name, kwargs, kinds, markers):
    url = url_of(name, Visit(kwargs=kwargs), world)
    missing = []
    for kind in sorted(kinds):
        answer = send(world, kind, "get", url)
        assert answer.status == 200, f"GET {url} as {kind}: {answer.status}"
        missing += [
            f"{kind} does not see {m} on {url}" for m in markers if m.lower() not in answer.text
        ]
    assert not missing, "\n".join(missing)


def test_the_crawl_flags_a_leak_a_wrong_refusal_and_a_change(world, db):
    """The checks themselves, on made-up answers: a crawl that flagged nothing would pass."""
    name, visit = "reporting:report_detail", Visit(kwargs={"pk": DRAFT}, get=KENYA_REPORTS)

    def failures_for(kind, answer):
        found = []
        check(world, kind, name, visit, "get", answer, visit.get, "", found)
        return found

    leak = failures_for(NPC_GHANA, Answer(200, "", "<p>mrk-draft-restricted-answer</p>"))
    assert any("shows MRK-draft-restricted-answer" in f for f in leak)
    assert any("200, expected a refusal" in f for f in leak)
    assert failures_for(NPC_GHANA, Answer(403, "", ""))
    assert failures_for(ANONYMOUS, Answer(302, "/elsewhere/", ""))
    assert failures_for(NPC_GHANA, Answer(404, "", "", changed=["assistance_need"]))
    assert failures_for(RO_KENYA, Answer(404, "", ""))  # an insider refused
    assert not failures_for(NPC_GHANA, Answer(404, "", ""))
    assert not failures_for(ANONYMOUS, Answer(302, "/account/sign-in/?next=/reporting/", ""))

    # A write left in the database shows in the fingerprint.
    with transaction.atomic():
        need = world["private_need"]
        type(need).objects.filter(pk=need.pk).update(title="Changed")
        changed = fingerprint()
        assert [t for t in changed if changed[t] != world.pristine[t]] == ["assistance_need"]
        transaction.set_rollback(True)
