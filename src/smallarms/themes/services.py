"""Loading the shipped theme taxonomy (idempotent: unchanged themes are not written)."""

import json
from pathlib import Path

from django.db import transaction

from smallarms.core.shipped import LoadSummary, sync

from .models import Theme

DATA = Path(__file__).resolve().parent / "data" / "themes.json"


def shipped_themes() -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_themes(*, acting_user=None) -> dict[str, int]:
    """Create or update the shipped themes; returns how many were created and updated."""
    summary = LoadSummary()
    for position, data in enumerate(shipped_themes(), start=1):
        sync(
            Theme,
            {"code": data["code"]},
            {"position": position, "names": data["names"], "descriptions": data["description"]},
            summary,
            "themes",
        )
    return {
        "created": summary.created.get("themes", 0),
        "updated": summary.updated.get("themes", 0),
    }
