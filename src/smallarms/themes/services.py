"""Loading the shipped theme taxonomy (idempotent: unchanged themes are not written)."""

import json
from pathlib import Path

from django.db import transaction

from .models import Theme

DATA = Path(__file__).resolve().parent / "data" / "themes.json"


def shipped_themes() -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_themes(*, acting_user=None) -> dict[str, int]:
    """Create or update the shipped themes; returns how many were created and updated."""
    counts = {"created": 0, "updated": 0}
    for position, data in enumerate(shipped_themes(), start=1):
        values = {
            "position": position,
            "names": data["names"],
            "descriptions": data["description"],
        }
        theme = Theme.objects.filter(code=data["code"]).first()
        if theme is None:
            theme = Theme(code=data["code"], **values)
            theme.full_clean()
            theme.save()
            counts["created"] += 1
            continue
        changed = [name for name, value in values.items() if getattr(theme, name) != value]
        if changed:
            for name in changed:
                setattr(theme, name, values[name])
            theme.full_clean()
            theme.save(update_fields=changed)
            counts["updated"] += 1
    return counts
