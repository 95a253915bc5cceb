"""The demo data set. Every later capability adds its part here; all of it is idempotent
(looked up by a natural key before it is created) and invented: no real person appears."""

from dataclasses import dataclass

from django.db import transaction

from smallarms.accounts.models import User

DEMO_PASSWORD = "demo-smallarms-2026"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    description: str
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(
        "admin@demo.smallarms.example",
        "Alex Administrator",
        "administrator: users, roles and configuration",
        superuser=True,
    ),
]


@transaction.atomic
def load_demo_data() -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(email=account.email).exists():
            continue
        create = User.objects.create_superuser if account.superuser else User.objects.create_user
        create(account.email, DEMO_PASSWORD, full_name=account.full_name)
    return DEMO_ACCOUNTS
