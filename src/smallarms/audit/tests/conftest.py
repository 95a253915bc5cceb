import pytest
from django.db import connection

from smallarms.accounts.models import Membership, User

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture
def secretariat(db):
    user = User.objects.create_user("secretariat@example.org", PASSWORD)
    Membership.objects.create(user=user, role_id="secretariat")
    return user


@pytest.fixture
def someone(db):
    """A signed-up person without any role."""
    return User.objects.create_user("someone@example.org", PASSWORD)


def drop_append_only_triggers():
    """Inside the test's transaction only: the rollback brings the triggers back."""
    statements = {
        "sqlite": [
            "DROP TRIGGER audit_entry_refuse_update",
            "DROP TRIGGER audit_entry_refuse_delete",
        ],
        "postgresql": ["DROP TRIGGER audit_entry_refuse_update_delete ON audit_entry"],
    }[connection.vendor]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
