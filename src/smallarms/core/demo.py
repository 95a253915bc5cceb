"""The demo data set. Every later capability adds its part here; all of it is idempotent
(looked up by a natural key before it is created) and invented: no real person appears."""

from dataclasses import dataclass

from django.db import transaction

from smallarms.accounts.models import Membership, User
from smallarms.assistance import demo as assistance_demo
from smallarms.audit.context import acting_as
from smallarms.contacts import demo as contacts_demo
from smallarms.reporting import demo as reporting_demo
from smallarms.states.models import Organization, State

DEMO_PASSWORD = "demo-smallarms-2026"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    language: str
    role: str | None
    state: str | None = None
    organization: str | None = None

    @property
    def description(self) -> str:
        scope = self.state or self.organization
        role = self.role.replace("_", " ") if self.role else "no role (a researcher)"
        return f"{role}{f' ({scope})' if scope else ''}, works in {self.language}"


DEMO_ACCOUNTS = [
    DemoAccount("admin@demo.smallarms.example", "Alex Administrator", "en", "administrator"),
    DemoAccount("secretariat@demo.smallarms.example", "Samira Haddad", "ar", "secretariat"),
    DemoAccount(
        "npc.senegal@demo.smallarms.example",
        "Aminata Diallo",
        "fr",
        "national_point_of_contact",
        state="SEN",
    ),
    DemoAccount(
        "reporting.senegal@demo.smallarms.example",
        "Moussa Ndiaye",
        "fr",
        "reporting_officer",
        state="SEN",
    ),
    DemoAccount(
        "npc.kenya@demo.smallarms.example",
        "Grace Wanjiku",
        "en",
        "national_point_of_contact",
        state="KEN",
    ),
    DemoAccount(
        "npc.peru@demo.smallarms.example",
        "Lucía Quispe",
        "es",
        "national_point_of_contact",
        state="PER",
    ),
    DemoAccount(
        "npc.kyrgyzstan@demo.smallarms.example",
        "Aigul Toktogulova",
        "ru",
        "national_point_of_contact",
        state="KGZ",
    ),
    DemoAccount(
        "provider.norway@demo.smallarms.example",
        "Ingrid Berg",
        "en",
        "assistance_provider",
        state="NOR",
    ),
    DemoAccount(
        "unrcpd@demo.smallarms.example",
        "Wei Zhang",
        "zh-hans",
        "assistance_provider",
        organization="unrcpd",
    ),
    DemoAccount("researcher@demo.smallarms.example", "Dmitri Volkov", "ru", None),
]


@transaction.atomic
def load_demo_data() -> list[DemoAccount]:
    with acting_as(None):
        for account in DEMO_ACCOUNTS:
            user = User.objects.filter(email=account.email).first()
            if user is None:
                user = User.objects.create_user(
                    account.email,
                    DEMO_PASSWORD,
                    full_name=account.full_name,
                    preferred_language=account.language,
                    is_staff=account.role == "administrator",
                    is_superuser=account.role == "administrator",
                )
            if account.role is None:
                continue
            scope = {
                "state": State.objects.get(iso3=account.state) if account.state else None,
                "organization": Organization.objects.get(slug=account.organization)
                if account.organization
                else None,
            }
            if not Membership.objects.active().filter(user=user, role_id=account.role, **scope):
                Membership.objects.create(user=user, role_id=account.role, **scope)
    reporting_demo.load_demo_data()
    contacts_demo.load_demo_data()
    assistance_demo.load_demo_data()
    reporting_demo.load_reports_under_way()
    return DEMO_ACCOUNTS
