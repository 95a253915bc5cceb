"""Needs taken from a submitted national report (its table of assistance needed)."""

import hashlib
import re

from django.utils import translation
from django.utils.translation import gettext as _

from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record

from ..models import (
    Need,
)
from . import matching

NEEDS_QUESTION = "ICA-02"
_SPACES = re.compile(r"\s+")


def _fingerprint(state_id, description: str) -> str:
    # The row's words, spaces and case aside: a revised report repeating a need (perhaps
    # with another area or kind) does not add it twice.
    words = _SPACES.sub(" ", description).strip().casefold()
    return hashlib.sha256(f"{state_id}|{words}".encode()).hexdigest()


def needs_from_report(*, report, acting_user) -> list[Need]:
    """Turn each row of the report's ICA-02 table (area, kind, description,
    project_proposal) into a private need of the State linked to the report, in the
    report's language. A row already taken from an earlier report (same State, same words)
    is not added again. Runs inside the submission's transaction."""
    from smallarms.reporting.models import Answer
    from smallarms.themes.models import Theme

    from ..choices import AssistanceKind

    answer = (
        Answer.objects.filter(report=report, question__code=NEEDS_QUESTION)
        .select_related("question")
        .first()
    )
    rows = answer.value if answer and isinstance(answer.value, list) else []
    created = []
    themes = {theme.code: theme for theme in Theme.objects.all()}
    with acting_as(acting_user):
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                continue
            description = str(row.get("description") or "").strip()
            if not description:
                continue
            fingerprint = _fingerprint(report.state_id, description)
            if Need.objects.filter(state=report.state, source_fingerprint=fingerprint).exists():
                continue
            kind = row.get("kind") if row.get("kind") in AssistanceKind.values else "other"
            theme = themes.get(str(row.get("area") or ""))
            title = _SPACES.sub(" ", description)
            title = title if len(title) <= 120 else title[:119].rstrip() + "…"
            language = answer.language or report.language
            body = description
            if row.get("project_proposal") == "yes":
                with translation.override(language):
                    body += "\n\n" + _("A project proposal is available from the State.")
            need = Need(
                state=report.state,
                title=title,
                description=body,
                language=language,
                kind=kind,
                source_report=report,
                source_question=NEEDS_QUESTION,
                source_row=number,
                source_fingerprint=fingerprint,
                created_by=acting_user,
                is_public=False,
            )
            need.full_clean()
            need.save()
            if theme is not None:
                need.themes.set([theme])
            need.beneficiary_states.set([report.state])
            created.append(need)
            matching.refresh_for_need(need)
        if created:
            record(
                Event.NEEDS_FROM_REPORT,
                obj=report,
                data={"needs": [str(n.pk) for n in created], "question": NEEDS_QUESTION},
            )
    return created


def on_report_submitted(sender, report, acting_user, **kwargs):
    needs_from_report(report=report, acting_user=acting_user)
