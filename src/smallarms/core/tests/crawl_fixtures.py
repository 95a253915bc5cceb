"""The world the permission crawl probes: confidential objects of every kind, each carrying a
marker string its pages show, the people who may or may not see them, and who may see each
marker according to ``accounts/permissions.py`` and ``docs/*.md``.

Everything is written through the services, as the pages would write it; the only direct
writes are those no service makes (a cycle's template, an entry last confirmed two years
ago) and the test users' roles (``conftest.create_user``, as every test makes them).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from smallarms.conftest import add_authenticator, create_user, verified_login
from smallarms.reporting.tests.report_fixtures import six, small_template

# The people who probe -------------------------------------------------------------------

ANONYMOUS = "anonymous"
RESEARCHER = "researcher"
NPC_GHANA = "npc_ghana"
RO_GHANA = "reporting_officer_ghana"
PROVIDER_OSCE = "provider_osce"
SECRETARIAT_UNVERIFIED = "secretariat_without_second_factor"
# The insiders: they must see their markers, or the crawl could pass by seeing nothing.
RO_KENYA = "reporting_officer_kenya"
NPC_KENYA = "npc_kenya"
PROVIDER_NORWAY = "provider_norway"
PROVIDER_UNRCPD = "provider_unrcpd"
SECRETARIAT = "secretariat"

KINDS = (
    ANONYMOUS,
    RESEARCHER,
    NPC_GHANA,
    RO_GHANA,
    PROVIDER_OSCE,
    SECRETARIAT_UNVERIFIED,
    RO_KENYA,
    NPC_KENYA,
    PROVIDER_NORWAY,
    PROVIDER_UNRCPD,
    SECRETARIAT,
)

# (e-mail, role, State, organization, full name); anonymous has none.
PEOPLE = {
    RESEARCHER: ("researcher@example.org", None, None, None, "Rae Researcher"),
    NPC_GHANA: ("npc.ghana@example.org", "national_point_of_contact", "GHA", None, "Mensah A."),
    RO_GHANA: ("ro.ghana@example.org", "reporting_officer", "GHA", None, "Owusu B."),
    PROVIDER_OSCE: ("provider.osce@example.org", "assistance_provider", None, "osce", "Olga O."),
    SECRETARIAT_UNVERIFIED: ("new.secretariat@example.org", "secretariat", None, None, "Noor New"),
    RO_KENYA: ("ro.kenya@example.org", "reporting_officer", "KEN", None, "Wanjiru K."),
    NPC_KENYA: ("npc.kenya@example.org", "national_point_of_contact", "KEN", None, "Otieno M."),
    PROVIDER_NORWAY: ("provider.norway@example.org", "assistance_provider", "NOR", None, "Ola N."),
    PROVIDER_UNRCPD: (
        "provider.unrcpd@example.org",
        "assistance_provider",
        None,
        "unrcpd",
        "Wei U.",
    ),
    SECRETARIAT: ("secretariat@example.org", "secretariat", None, None, "Sam Secretariat"),
}

EVERYONE = frozenset(KINDS)
NOBODY = frozenset()
SIGNED_IN = EVERYONE - {ANONYMOUS}
STAFF = frozenset({SECRETARIAT})
KENYA = frozenset({RO_KENYA, NPC_KENYA})
# Officials of any State and the verified secretariat: restricted answers, personal details.
OFFICIALS = KENYA | {NPC_GHANA, RO_GHANA, SECRETARIAT}
# Kenya's reports before publication: its drafters and the secretariat.
KENYA_REPORTS = KENYA | STAFF
# The private need and what follows it (its match, its project): Kenya's point of contact and
# reporting officers, Norway's provider (matched with it) and the secretariat.
PRIVATE_NEED = KENYA | {PROVIDER_NORWAY, SECRETARIAT}
MATCH_PARTIES = KENYA | {PROVIDER_NORWAY, SECRETARIAT}
# A proposal: its proposer's people (Kenya), the call's funder (UNRCPD) and the secretariat;
# its scores: the reviewers only.
PROPOSAL = KENYA | {PROVIDER_UNRCPD, SECRETARIAT}
REVIEWERS = frozenset({PROVIDER_UNRCPD, SECRETARIAT})
# Kenya's point of contact and the secretariat (which reads the whole audit trail).
KENYA_KEEPER = frozenset({NPC_KENYA, SECRETARIAT})

# The markers, and who may see each ----------------------------------------------------------

MARKERS = {
    # A Kenyan draft: its drafters and the secretariat.
    "MRK-draft-answer": KENYA_REPORTS,
    "MRK-draft-restricted-answer": KENYA_REPORTS,
    "MRK-draft-attachment": KENYA_REPORTS,
    "MRK-draft-file-content": KENYA_REPORTS,
    # A revision submitted and awaiting review: the same.
    "MRK-submitted-answer": KENYA_REPORTS,
    # A published report: everyone; its restricted answer and file: officials of any State.
    "MRK-published-answer": EVERYONE,
    "MRK-published-restricted-answer": OFFICIALS,
    "MRK-published-restricted-file": OFFICIALS,
    "MRK-published-file-content": OFFICIALS,
    # Assistance.
    "MRK-public-need-title": EVERYONE,
    "MRK-private-need-title": PRIVATE_NEED,
    "MRK-private-need-objective": PRIVATE_NEED,
    "MRK-offer-title": EVERYONE,
    # An offer's contact: for signed-in people (docs/assistance.md).
    "MRK-offer-contact": SIGNED_IN,
    "mrk-offer-contact@norway.example": SIGNED_IN,
    "MRK-match-proposal": MATCH_PARTIES,
    "MRK-match-message": MATCH_PARTIES,
    "MRK-pending-match-proposal": MATCH_PARTIES,
    "MRK-project-title": PRIVATE_NEED,
    "MRK-project-indicator": PRIVATE_NEED,
    "MRK-project-progress": PRIVATE_NEED,
    "MRK-call-title": EVERYONE,
    "MRK-proposal-summary": PROPOSAL,
    "MRK-score-comment": REVIEWERS,
    # The directory: institutions public; personal details, now and in the history, to
    # officials of any State and the secretariat (docs/contacts.md).
    "MRK-contact-institution": EVERYONE,
    "MRK-contact-person": OFFICIALS,
    "MRK-contact-post": OFFICIALS,
    "mrk-contact-email@police.ke.example": OFFICIALS,
    "+254 20 555 0177": OFFICIALS,
    "MRK-contact-address": OFFICIALS,
    "MRK-contact-former-person": OFFICIALS,
    # People: a token's name for its owner (and the secretariat through the audit trail);
    # an invitation for its sender's point of contact and the secretariat.
    "MRK-token-name": KENYA_KEEPER,
    "mrk-invitee@example.org": KENYA_KEEPER,
}

# Objects whose identifiers are themselves confidential (their URLs carry UUIDs so that the
# existence of one is not guessed): who may learn each.
SECRET_IDS = {
    "draft": KENYA_REPORTS,
    "submitted": KENYA_REPORTS,
    "draft_attachment": KENYA_REPORTS,
    "published_attachment": OFFICIALS,
    "private_need": PRIVATE_NEED,
    "match": MATCH_PARTIES,
    "pending_match": MATCH_PARTIES,
    "project": PRIVATE_NEED,
    "proposal": PROPOSAL,
    "confirmation": KENYA_KEEPER,
}

# Secrets sent by e-mail only: no page may ever show one (the crawl uses them in URLs).
SECRETS = ("token_key", "invitation_key", "confirmation_token", "reset_token")

ATTACHMENT_QUESTION = {
    "code": "AT-1",
    "type": "attachment",
    "text": six("The national action plan"),
    "required": False,
    "themes": ["national_coordination"],
}


@dataclass
class World:
    objects: dict = field(default_factory=dict)
    secrets: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.objects[name]


def _template(code):
    from smallarms.reporting.services.templates import import_template

    data = small_template(extra_question=ATTACHMENT_QUESTION)
    data["code"] = code
    template, _written = import_template(data)
    return template


def _open_cycle(number, template, today):
    from smallarms.audit.context import acting_as
    from smallarms.reporting.services import meetings as services

    meeting = services.create_meeting(
        acting_user=None,
        kind="bms",
        number=number,
        titles=six(f"Biennial Meeting of States number {number}"),
        starts_on=today + datetime.timedelta(days=120),
        ends_on=today + datetime.timedelta(days=124),
    )
    cycle = services.create_cycle(
        acting_user=None,
        meeting=meeting,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=60),
    )
    # No service gives a cycle its template: the demo and the secretariat's tools set it.
    with acting_as(None):
        cycle.template = template
        cycle.save(update_fields=["template"])
    return cycle


def _answer(report, code, value, *, by, restricted=False):
    from smallarms.reporting.services import reports as report_services

    question = report.template.questions.get(code=code)
    answer = report.answers.filter(question=question).first()
    return report_services.save_answer(
        acting_user=by,
        report=report,
        question=question,
        raw=value,
        base_revision=answer.revision if answer else 0,
        language="en",
        restricted=restricted,
    )


def _attach(report, name, content, *, by):
    from smallarms.reporting.services import reports as report_services

    return report_services.add_attachment(
        acting_user=by,
        report=report,
        question=report.template.questions.get(code="AT-1"),
        upload=SimpleUploadedFile(name, b"%PDF-1.4\n" + content.encode() + b"\n"),
        restricted=True,
    )


def _reports(world, today):
    """A report of Kenya published in an earlier cycle, its revision submitted and awaiting
    review, and Kenya's draft for the open cycle: restricted answers and files in each."""
    from smallarms.reporting.services import meetings as services
    from smallarms.reporting.services import reports as report_services
    from smallarms.states.models import State

    npc, officer, secretariat = (world.users[k] for k in (NPC_KENYA, RO_KENYA, SECRETARIAT))
    kenya = State.objects.get(iso3="KEN")

    earlier = _open_cycle(92, _template("crawl-earlier"), today)
    published = report_services.start_report(
        acting_user=npc, state=kenya, cycle=earlier, language="en"
    )
    _answer(published, "NC-1", "yes", by=npc)
    _answer(published, "NC-2", "MRK-published-answer", by=npc)
    _answer(
        published,
        "TR-3",
        [{"area": "MRK-published-restricted-answer", "amount": "5"}],
        by=npc,
        restricted=True,
    )
    world.objects["published_attachment"] = _attach(
        published, "MRK-published-restricted-file.pdf", "MRK-published-file-content", by=npc
    )
    report_services.submit_report(acting_user=npc, report=published)
    report_services.publish_report(acting_user=secretariat, report=published)
    world.objects["published"] = published
    world.objects["published_restricted_answer"] = published.answers.get(question__code="TR-3")

    submitted = report_services.revise_report(acting_user=npc, report=published)
    _answer(submitted, "NC-2", "MRK-submitted-answer", by=npc)
    report_services.submit_report(acting_user=npc, report=submitted)
    world.objects["submitted"] = submitted

    # The earlier cycle is over; cycles may not overlap, so it moves into the past before
    # the current one opens.
    services.update_meeting(
        acting_user=None,
        meeting=earlier.meeting,
        starts_on=today - datetime.timedelta(days=600),
        ends_on=today - datetime.timedelta(days=596),
    )
    services.update_cycle(
        acting_user=None,
        cycle=earlier,
        opens_on=today - datetime.timedelta(days=800),
        closes_on=today - datetime.timedelta(days=700),
    )
    world.objects["earlier_cycle"] = earlier

    current = _open_cycle(93, _template("crawl-current"), today)
    draft = report_services.start_report(
        acting_user=officer, state=kenya, cycle=current, language="en"
    )
    _answer(draft, "NC-1", "yes", by=officer)
    _answer(draft, "NC-2", "MRK-draft-answer", by=officer)
    _answer(draft, "TR-3", [{"area": "MRK-draft-restricted-answer"}], by=officer, restricted=True)
    world.objects["draft_attachment"] = _attach(
        draft, "MRK-draft-attachment.pdf", "MRK-draft-file-content", by=officer
    )
    world.objects["draft"] = draft
    world.objects["draft_restricted_answer"] = draft.answers.get(question__code="TR-3")
    world.objects["current_cycle"] = current

    from smallarms.reporting.notifications import queue_notifications

    queued = queue_notifications(today=today)
    world.objects["notification"] = next(
        n for n in queued.notifications if n.user_id == npc.pk and n.cycle_id == current.pk
    )


def _assistance(world, today):
    from smallarms.assistance.services import calls, matches, needs, offers, projects
    from smallarms.states.models import Organization, State
    from smallarms.themes.models import Theme

    npc, norway_provider, unrcpd_provider = (
        world.users[k] for k in (NPC_KENYA, PROVIDER_NORWAY, PROVIDER_UNRCPD)
    )
    kenya, norway = State.objects.get(iso3="KEN"), State.objects.get(iso3="NOR")
    unrcpd = Organization.objects.get(slug="unrcpd")
    marking = Theme.objects.get(code="marking")
    need = {
        "description": "Two marking machines and training for six technicians.",
        "language": "en",
        "kind": "equipment",
        "budget_amount": Decimal("120000"),
        "currency": "USD",
        "starts_on": today + datetime.timedelta(days=30),
        "ends_on": today + datetime.timedelta(days=400),
        "priority": "high",
        "themes": [marking],
    }
    public_need = needs.create_need(
        acting_user=npc, state=kenya, title="MRK-public-need-title", is_public=True, **need
    )
    private_need = needs.create_need(
        acting_user=npc, state=kenya, title="MRK-private-need-title", is_public=False, **need
    )
    objective = needs.save_objective(
        acting_user=npc,
        need=private_need,
        objective="MRK-private-need-objective",
        indicator="Weapons marked",
        baseline=Decimal(0),
        target=Decimal(1000),
        unit="weapons",
    )
    offer = offers.create_offer(
        acting_user=norway_provider,
        state=norway,
        title="MRK-offer-title",
        description="Equipment and training for marking weapons.",
        language="en",
        kinds=["equipment", "training"],
        budget_min=Decimal("50000"),
        budget_max=Decimal("250000"),
        currency="USD",
        contact_name="MRK-offer-contact",
        contact_email="mrk-offer-contact@norway.example",
        themes=[marking],
    )
    # Kenya proposes (Norway cannot see the private need before a match), Norway accepts.
    match = matches.propose_match(
        acting_user=npc, need=private_need, offer=offer, message="MRK-match-proposal"
    )
    match = matches.accept_match(acting_user=norway_provider, match=match)
    matches.post_message(acting_user=norway_provider, match=match, body="MRK-match-message")
    pending_match = matches.propose_match(
        acting_user=norway_provider,
        need=public_need,
        offer=offer,
        message="MRK-pending-match-proposal",
    )
    project = projects.record_project(
        acting_user=norway_provider,
        match=match,
        title="MRK-project-title",
        description="Marking machines delivered and technicians trained.",
        budget_amount=Decimal("100000"),
        currency="USD",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
    )
    indicator = projects.save_indicator(
        acting_user=norway_provider,
        project=project,
        name="MRK-project-indicator",
        baseline=Decimal(0),
        target=Decimal(1000),
        unit="weapons",
    )
    progress = projects.report_progress(
        acting_user=norway_provider,
        indicator=indicator,
        value=Decimal(400),
        reported_on=today,
        note="MRK-project-progress",
    )
    call = calls.open_call(
        acting_user=unrcpd_provider,
        organization=unrcpd,
        title="MRK-call-title",
        aims="Record-keeping in Asia and Africa.",
        budget_amount=Decimal("500000"),
        currency="USD",
        deadline=today + datetime.timedelta(days=90),
        criteria=[("Relevance", 2), ("Feasibility", 1)],
    )
    proposal = calls.submit_proposal(
        acting_user=npc,
        call=call,
        state=kenya,
        needs=[private_need],
        title="Registry modernization",
        summary="MRK-proposal-summary",
        budget_amount=Decimal("90000"),
        currency="USD",
    )
    criterion = call.criteria.order_by("position").first()
    (score,) = calls.score_proposal(
        acting_user=unrcpd_provider, proposal=proposal, scores={criterion: (7, "MRK-score-comment")}
    )
    world.objects.update(
        public_need=public_need,
        private_need=private_need,
        objective=objective,
        offer=offer,
        match=match,
        message=match.messages.get(),
        pending_match=pending_match,
        project=project,
        indicator=indicator,
        progress=progress,
        call=call,
        proposal=proposal,
        score=score,
    )


def _contacts(world):
    from smallarms.contacts import reminders, services
    from smallarms.contacts.models import Contact
    from smallarms.states.models import State

    npc = world.users[NPC_KENYA]
    contact = services.create_contact(
        acting_user=npc,
        state=State.objects.get(iso3="KEN"),
        kind="iti_point_of_contact",
        institution="MRK-contact-institution",
        department="Firearms Tracing Unit",
        person_name="MRK-contact-former-person",
        title="Superintendent",
        emails=["tracing@police.ke.example"],
        telephones=["+254 20 555 0101"],
        postal_address="P.O. Box 1, Nairobi",
        working_languages=["en", "sw"],
    )
    contact = services.update_contact(
        acting_user=npc,
        contact=contact,
        expected_revision=contact.revision,
        person_name="MRK-contact-person",
        title="MRK-contact-post",
        emails=["mrk-contact-email@police.ke.example"],
        telephones=["+254 20 555 0177"],
        postal_address="MRK-contact-address",
    )
    # Confirmed two years ago, so that its keeper is asked to confirm it (no service dates a
    # confirmation in the past).
    Contact.objects.filter(pk=contact.pk).update(
        last_confirmed_at=timezone.now() - datetime.timedelta(days=800)
    )
    contact.refresh_from_db()
    (confirmation,) = reminders.queue_confirmation_requests()
    world.objects.update(
        contact=contact,
        revision=contact.revisions.get(number=1),
        confirmation=confirmation,
    )
    world.secrets["confirmation_token"] = services.confirmation_token(confirmation)


def _people(world):
    from smallarms.accounts import services
    from smallarms.accounts.models import Membership, Role
    from smallarms.states.models import State

    npc = world.users[NPC_KENYA]
    token, world.secrets["token_key"] = services.create_api_token(
        acting_user=npc, name="MRK-token-name"
    )
    invitation, world.secrets["invitation_key"] = services.invite(
        acting_user=npc,
        email="mrk-invitee@example.org",
        role=Role.objects.get(code="reporting_officer"),
        state=State.objects.get(iso3="KEN"),
        language="en",
    )
    world.objects.update(
        token=token,
        invitation=invitation,
        officer_membership=Membership.objects.get(user=world.users[RO_KENYA]),
        npc_user=npc,
    )


def build() -> World:
    """Create the world in the current transaction and sign every probe's client in."""
    from django.utils import translation

    world = World()
    today = timezone.localdate()
    with translation.override("en"):
        for kind, (email, role, state, organization, name) in PEOPLE.items():
            user = create_user(email, role, state=state, organization=organization, full_name=name)
            if kind == SECRETARIAT:
                add_authenticator(user)
            world.users[kind] = user
        world.users[ANONYMOUS] = None
        _reports(world, today)
        _assistance(world, today)
        _contacts(world)
        _people(world)
        for kind in KINDS:
            client = Client()
            user = world.users[kind]
            if kind == SECRETARIAT:
                verified_login(client, user)
            elif user is not None:
                client.force_login(user)
            world.clients[kind] = client
        # After the sign-ins: a reset link is bound to the last sign-in of its person.
        npc = world.users[NPC_KENYA]
        npc.refresh_from_db()
        world.secrets["reset_uid"] = urlsafe_base64_encode(force_bytes(npc.pk))
        world.secrets["reset_token"] = default_token_generator.make_token(npc)
    return world
