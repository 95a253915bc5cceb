"""Demo data for assistance: invented needs of Senegal, Kenya, Peru and Kyrgyzstan (in
Russian), offers of Norway and UNRCPD, an accepted match with a short conversation, a
project with progress, an open funding call with a proposal, indicative exchange rates, and
a private need of Senegal in a proposed match with Norway. Everything here is invented
(docs/assistance.md); loading twice changes nothing."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from smallarms.accounts.models import User
from smallarms.assistance.services import calls, matches, money, needs, offers, projects
from smallarms.states.models import Area, Organization, State
from smallarms.themes.models import Theme

from .models import FundingCall, Need, Offer

DEMO = "@demo.smallarms.example"
RATE_SOURCE = "Indicative rate for the demo — not an official rate"
RATES = {"EUR": "1.08", "NOK": "0.094", "CHF": "1.12", "XOF": "0.00165", "KES": "0.0077"}


def _user(name):
    return User.objects.get(email=f"{name}{DEMO}")


def _signed_in_with_second_factor(user):
    """The demo writes what the secretariat would write once signed in with its second
    factor (the demo accounts have none until their holders turn it on)."""
    user.is_verified = lambda: True
    return user


def _themes(*codes):
    return list(Theme.objects.filter(code__in=codes))


@transaction.atomic
def load_demo_data():
    if not Need.objects.filter(
        title="Marking machines for the national police", state__iso3="KEN"
    ).exists():
        _load_public_story()
    _load_private_need()


PRIVATE_NEED_TITLE = "Formation des enquêteurs au traçage des armes"


def _load_private_need():
    """A private need of Senegal, seen only by Senegal's officials, the secretariat and
    Norway's provider, with whom Senegal opened a match and a conversation: what a visitor
    probing the demo must not reach. Made once."""
    if Need.objects.filter(title=PRIVATE_NEED_TITLE, state__iso3="SEN").exists():
        return
    offer = Offer.objects.filter(state__iso3="NOR").order_by("created_at").first()
    if offer is None:
        return
    today = timezone.localdate()
    senegal, norway = _user("npc.senegal"), _user("provider.norway")
    need = needs.create_need(
        acting_user=senegal,
        state=State.objects.get(iso3="SEN"),
        title=PRIVATE_NEED_TITLE,
        description=(
            "Former vingt officiers de police judiciaire au traçage des armes saisies, "
            "y compris la rédaction des demandes de traçage prévues par l'Instrument "
            "international de traçage. Les sites concernés ne sont pas rendus publics."
        ),
        language="fr",
        working_languages=["fr"],
        themes=_themes("tracing", "marking"),
        kind="training",
        budget_amount=Decimal("45000000"),
        currency="XOF",
        starts_on=today + timedelta(days=60),
        ends_on=today + timedelta(days=240),
        priority="medium",
        is_public=False,
        objectives=[{
            "objective": "Des enquêteurs formés au traçage dans chaque région",
            "indicator": "Officiers formés",
            "baseline": Decimal(0),
            "target": Decimal(20),
            "unit": "officiers",
        }],
    )  # fmt: skip
    match = matches.propose_match(
        acting_user=senegal,
        need=need,
        offer=offer,
        message="La Norvège pourrait-elle financer cette formation ?",
    )
    matches.post_message(
        acting_user=norway,
        match=match,
        body="Thank you. Could you send the list of regions and the planned dates?",
    )


def _load_public_story():
    today = timezone.localdate()
    secretariat = _signed_in_with_second_factor(_user("secretariat"))
    for currency, rate in RATES.items():
        money.set_exchange_rate(
            acting_user=secretariat,
            currency=currency,
            usd_per_unit=Decimal(rate),
            valid_from=today.replace(month=1, day=1),
            source=RATE_SOURCE,
        )
    state = {iso3: State.objects.get(iso3=iso3) for iso3 in ("SEN", "KEN", "PER", "KGZ", "NOR")}
    unrcpd = Organization.objects.get(slug="unrcpd")
    npc = {iso3: _user(f"npc.{name}") for iso3, name in (
        ("SEN", "senegal"), ("KEN", "kenya"), ("PER", "peru"), ("KGZ", "kyrgyzstan"))}  # fmt: skip
    norway, unrcpd_provider = _user("provider.norway"), _user("unrcpd")

    kenya_need = needs.create_need(
        acting_user=npc["KEN"],
        state=state["KEN"],
        title="Marking machines for the national police",
        description=(
            "Two dot-peen marking machines and training for six armourers, so that every "
            "police firearm carries the marks the International Tracing Instrument asks for."
        ),
        language="en",
        working_languages=["en"],
        themes=_themes("marking", "record_keeping"),
        kind="equipment",
        budget_amount=Decimal("9500000"),
        currency="KES",
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=400),
        priority="high",
        is_public=True,
        action_plan_reference="National Action Plan 2025–2029, objective 3.2",
        objectives=[{
            "objective": "Every police firearm marked",
            "indicator": "Police firearms marked",
            "baseline": Decimal(0),
            "target": Decimal(12000),
            "unit": "firearms",
            "target_date": today + timedelta(days=400),
        }],
    )  # fmt: skip
    needs.create_need(
        acting_user=npc["SEN"],
        state=state["SEN"],
        title="Sécurisation des dépôts d'armes de la gendarmerie",
        description=(
            "Mise aux normes de quatre dépôts régionaux : clôtures, portes blindées, "
            "registres électroniques et formation des gestionnaires de stocks."
        ),
        language="fr",
        working_languages=["fr"],
        themes=_themes("stockpile_management"),
        kind="equipment",
        budget_amount=Decimal("180000000"),
        currency="XOF",
        starts_on=today + timedelta(days=60),
        ends_on=today + timedelta(days=540),
        priority="high",
        is_public=True,
    )
    peru_need = needs.create_need(
        acting_user=npc["PER"],
        state=state["PER"],
        title="Destrucción de armas excedentes incautadas",
        description=(
            "Apoyo técnico y financiero para destruir 15 000 armas pequeñas incautadas y "
            "excedentes, con verificación independiente y registro de cada arma destruida."
        ),
        language="es",
        working_languages=["es", "en"],
        themes=_themes("surplus_and_destruction"),
        kind="financial",
        budget_amount=Decimal("350000"),
        currency="USD",
        starts_on=today + timedelta(days=90),
        ends_on=today + timedelta(days=450),
        priority="medium",
        is_public=True,
    )
    needs.create_need(
        acting_user=npc["KGZ"],
        state=state["KGZ"],
        title="Электронный учет оружия для пограничной службы",
        description=(
            "Создание электронной базы данных учета стрелкового оружия пограничной службы "
            "и обучение двадцати сотрудников работе с ней."
        ),
        language="ru",
        working_languages=["ru"],
        themes=_themes("record_keeping", "border_control"),
        kind="technical",
        budget_amount=Decimal("120000"),
        currency="USD",
        starts_on=today + timedelta(days=45),
        ends_on=today + timedelta(days=365),
        priority="high",
        is_public=True,
    )

    norway_offer = offers.create_offer(
        acting_user=norway,
        state=state["NOR"],
        title="Norwegian support for marking, record-keeping and stockpile security",
        description=(
            "Grants and technical advice for marking, record-keeping and the physical "
            "security of stockpiles, in Africa and Central Asia."
        ),
        language="en",
        working_languages=["en"],
        themes=_themes("marking", "record_keeping", "stockpile_management"),
        kinds=["equipment", "technical", "training"],
        eligible_areas=list(Area.objects.filter(code__in=["002", "143"])),
        budget_min=Decimal("500000"),
        budget_max=Decimal("3000000"),
        currency="NOK",
        starts_on=today,
        ends_on=today + timedelta(days=730),
        conditions="Projects report progress every six months.",
        contact_name="Ingrid Berg",
        contact_email=f"provider.norway{DEMO}",
    )
    offers.create_offer(
        acting_user=unrcpd_provider,
        organization=unrcpd,
        title="UNRCPD technical assistance in Asia and the Pacific",
        description=(
            "Legal and technical advice, training and help with national action plans for "
            "States of Asia and the Pacific."
        ),
        language="en",
        working_languages=["en", "ru", "zh-hans"],
        themes=_themes("record_keeping", "national_action_plan", "legislation"),
        kinds=["technical", "training"],
        eligible_areas=list(Area.objects.filter(code__in=["142", "009"])),
        budget_max=Decimal("150000"),
        currency="USD",
        contact_name="UNRCPD",
        contact_email=f"unrcpd{DEMO}",
    )

    match = matches.propose_match(
        acting_user=norway,
        need=kenya_need,
        offer=norway_offer,
        message="Norway could fund both machines and the training.",
    )
    matches.accept_match(acting_user=npc["KEN"], match=match)
    matches.post_message(
        acting_user=npc["KEN"], match=match, body="Thank you. Could the training be in Nairobi?"
    )
    matches.post_message(
        acting_user=norway,
        match=match,
        body="Yes. We propose two sessions of three days, with the supplier's engineers.",
    )
    project = projects.record_project(
        acting_user=norway,
        match=match,
        title="Marking police firearms in Kenya",
        description="Two marking machines, installation and training of six armourers.",
        implementer_name="Kenya National Police Service",
        budget_amount=Decimal("950000"),
        currency="NOK",
        starts_on=today - timedelta(days=120),
        ends_on=today + timedelta(days=240),
        status="ongoing",
        indicators=[{
            "name": "Police firearms marked",
            "baseline": Decimal(0),
            "target": Decimal(12000),
            "unit": "firearms",
            "objective": kenya_need.objectives.get(),
        }],
    )  # fmt: skip
    indicator = project.indicators.get()
    for days_ago, value, note in ((60, 2500, "First machine installed."), (5, 5200, "")):
        projects.report_progress(
            acting_user=norway,
            indicator=indicator,
            value=Decimal(value),
            reported_on=today - timedelta(days=days_ago),
            note=note,
        )

    if not FundingCall.objects.filter(organization=unrcpd).exists():
        call = calls.open_call(
            acting_user=unrcpd_provider,
            organization=unrcpd,
            title="Small grants for record-keeping and destruction, 2027",
            aims=(
                "Small grants for national projects on record-keeping and the destruction of "
                "surplus weapons, answering needs States have posted."
            ),
            themes=_themes("record_keeping", "surplus_and_destruction"),
            budget_amount=Decimal("600000"),
            currency="USD",
            deadline=today + timedelta(days=45),
            criteria=[
                ("Answers a posted need", 3),
                ("Feasibility and cost", 2),
                ("Sustainability", 1),
            ],
        )
        calls.submit_proposal(
            acting_user=npc["PER"],
            call=call,
            state=state["PER"],
            needs=[peru_need],
            title="Destrucción verificada de 15 000 armas",
            summary="Destrucción por fundición en dos fases, con verificación independiente.",
            budget_amount=Decimal("300000"),
            currency="USD",
        )
