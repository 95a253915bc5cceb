"""Every change to the directory goes through these functions: one transaction, the entry
validated whole, a version in its history and the audit record (docs/contacts.md)."""

import re

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smallarms.accounts import permissions
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record
from smallarms.core.text import sort_key

from .choices import ORGANIZATION_KINDS, STATE_KINDS, WORKING_LANGUAGES, ChangeSource, ContactKind
from .models import ConfirmationRequest, Contact, ContactRevision

TELEPHONE = re.compile(r"^\+?[0-9][0-9 ().\-/]{4,28}[0-9)]( *(ext\.?|x) *[0-9]{1,6})?$", re.I)
# How many e-mail addresses and telephones one entry lists: an office's few, not a list.
MAX_EMAILS = 10
MAX_TELEPHONES = 10
CONFIRMATION_SALT = "smallarms.contacts.confirmation"
# How long the link in a confirmation e-mail works.
CONFIRMATION_LINK_DAYS = 90


class EditConflict(Exception):
    """Someone else saved the entry after the form was opened."""

    def __init__(self, contact):
        super().__init__(contact.pk)
        self.contact = contact


# Validation ------------------------------------------------------------------------------


def _lines(value) -> list[str]:
    """A list from a list or from text with one item per line (or separated by ; or ,)."""
    if value is None:
        return []
    if isinstance(value, str):
        value = re.split(r"[\n;,]+", value)
    seen = []
    for item in value:
        item = str(item).strip()
        if item and item.casefold() not in {s.casefold() for s in seen}:
            seen.append(item)
    return seen


def clean_fields(data: dict, *, owner_is_state: bool) -> dict:
    """The entry's fields, normalized and checked; raises ValidationError keyed by field."""
    errors = {}
    cleaned = {}
    for name in ("institution", "department", "person_name", "title", "postal_address"):
        if name in data:
            cleaned[name] = str(data.get(name) or "").strip()
    if "institution" in cleaned and not cleaned["institution"]:
        errors["institution"] = _("Give the institution.")
    if "kind" in data:
        kind = data["kind"]
        allowed = STATE_KINDS if owner_is_state else ORGANIZATION_KINDS
        if kind not in ContactKind.values:
            errors["kind"] = _("Choose one of the kinds offered.")
        elif kind not in allowed:
            errors["kind"] = (
                _("A State's entry cannot be of this kind.")
                if owner_is_state
                else _("An organization's entry cannot be of this kind.")
            )
        cleaned["kind"] = kind
    if "emails" in data:
        emails = _lines(data["emails"])
        if len(emails) > MAX_EMAILS:
            errors["emails"] = _("Give at most {limit} e-mail addresses.").format(limit=MAX_EMAILS)
        for email in emails if len(emails) <= MAX_EMAILS else []:
            try:
                validate_email(email)
            except ValidationError:
                errors["emails"] = _("“{value}” is not an e-mail address.").format(value=email)
                break
        cleaned["emails"] = emails
    if "telephones" in data:
        telephones = _lines(data["telephones"])
        if len(telephones) > MAX_TELEPHONES:
            errors["telephones"] = _("Give at most {limit} telephones.").format(
                limit=MAX_TELEPHONES
            )
        for telephone in telephones if len(telephones) <= MAX_TELEPHONES else []:
            if not TELEPHONE.match(telephone):
                errors["telephones"] = _(
                    "“{value}” is not a telephone number: use digits, spaces and + ( ) - . /, "
                    "with the country code."
                ).format(value=telephone)
                break
        cleaned["telephones"] = telephones
    if "working_languages" in data:
        languages = _lines(data["working_languages"])
        unknown = [code for code in languages if code not in WORKING_LANGUAGES]
        if unknown:
            errors["working_languages"] = _("Unknown language code: {codes}.").format(
                codes=", ".join(unknown)
            )
        cleaned["working_languages"] = languages
    for name in ("valid_from", "valid_to", "position"):
        if name in data:
            cleaned[name] = data[name]
    valid_from, valid_to = cleaned.get("valid_from"), cleaned.get("valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = _("The end of validity cannot be before its start.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def refresh_search_text(contact: Contact):
    owner = contact.owner
    names = []
    for value in (getattr(owner, "names", None) or {}).values():
        names.extend(value.values() if isinstance(value, dict) else [value])
    public = [
        contact.institution,
        contact.department,
        getattr(owner, "iso3", ""),
        getattr(owner, "name_en", ""),
        *map(str, names),
    ]
    personal = [contact.person_name, contact.title, *contact.emails, *contact.telephones]
    contact.public_search_text = sort_key(" ".join(filter(None, public)))
    contact.personal_search_text = sort_key(" ".join(filter(None, personal)))


def _save_version(contact, *, acting_user, source, report=None):
    refresh_search_text(contact)
    contact.full_clean()
    contact.save()
    ContactRevision.objects.create(
        contact=contact,
        number=contact.revision,
        data=contact.snapshot(),
        source=source,
        report=report,
        changed_by=acting_user if getattr(acting_user, "pk", None) else None,
    )


# Writing ---------------------------------------------------------------------------------


def _check_keeper(user, *, state=None, organization=None):
    if not permissions.keeps_contacts_of(user, state=state, organization=organization):
        raise PermissionDenied


@transaction.atomic
def create_contact(
    *, acting_user, state=None, organization=None, source=ChangeSource.DIRECT, report=None, **data
) -> Contact:
    """A new entry for ``state`` or ``organization``, confirmed as of now."""
    if source == ChangeSource.DIRECT:
        _check_keeper(acting_user, state=state, organization=organization)
    if (state is None) == (organization is None):
        raise ValidationError(_("An entry belongs to one State or to one organization."))
    fields = clean_fields({"kind": None, "institution": "", **data}, owner_is_state=bool(state))
    with acting_as(acting_user):
        contact = Contact(
            state=state,
            organization=organization,
            last_confirmed_at=timezone.now(),
            last_confirmed_by=acting_user if getattr(acting_user, "pk", None) else None,
            **fields,
        )
        _save_version(contact, acting_user=acting_user, source=source, report=report)
    return contact


@transaction.atomic
def update_contact(
    *,
    acting_user,
    contact: Contact,
    expected_revision: int | None = None,
    source=ChangeSource.DIRECT,
    report=None,
    **data,
) -> Contact:
    """Change an entry; saving it also confirms it. A new version goes into the history
    when anything changed. ``expected_revision`` is the revision the form was opened on:
    a later one means someone else saved in between (``EditConflict``, nothing written)."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if source == ChangeSource.DIRECT:
        _check_keeper(acting_user, state=contact.state, organization=contact.organization)
    if expected_revision is not None and expected_revision != contact.revision:
        raise EditConflict(contact)
    fields = clean_fields(data, owner_is_state=contact.state_id is not None)
    before = contact.snapshot()
    for name, value in fields.items():
        setattr(contact, name, value)
    changed = contact.snapshot() != before
    with acting_as(acting_user):
        contact.last_confirmed_at = timezone.now()
        contact.last_confirmed_by = acting_user if getattr(acting_user, "pk", None) else None
        if changed:
            contact.revision += 1
            _save_version(contact, acting_user=acting_user, source=source, report=report)
        else:
            contact.save(update_fields=["last_confirmed_at", "last_confirmed_by", "updated_at"])
            via = "national report" if source == ChangeSource.REPORT else "unchanged save"
            record(
                Event.CONTACTS_CONFIRMED,
                obj=contact,
                data={"contacts": [str(contact.pk)], "via": via},
            )
    return contact


@transaction.atomic
def confirm_contacts(*, acting_user, contacts, via="page") -> int:
    """Mark entries as checked and still right, as of now. Returns how many."""
    contacts = list(contacts)
    for contact in contacts:
        if via == "page":
            _check_keeper(acting_user, state=contact.state, organization=contact.organization)
    if not contacts:
        return 0
    now = timezone.now()
    by = acting_user if getattr(acting_user, "pk", None) else None
    # One event for the batch rather than an update entry per row: a confirmation changes
    # nothing in the entry but the date.
    Contact.objects.filter(pk__in=[c.pk for c in contacts]).update(
        last_confirmed_at=now, last_confirmed_by=by
    )
    with acting_as(acting_user):
        record(
            Event.CONTACTS_CONFIRMED,
            obj=contacts[0].owner,
            data={"contacts": sorted(str(c.pk) for c in contacts), "via": via},
        )
    return len(contacts)


# From national reports -------------------------------------------------------------------

# Report question → (kind, how the report's contact fields map onto an entry).
REPORT_CONTACTS = {
    "GEN-01": ContactKind.POA_POINT_OF_CONTACT,
    "GEN-02": ContactKind.ITI_POINT_OF_CONTACT,
}
ADDITIONAL_ITI = "GEN-03"
COORDINATION_BODY_EXISTS = "GEN-04"
COORDINATION_BODY_NAME = "GEN-05"


def _from_answer(value: dict) -> dict:
    return {
        "person_name": value.get("name", ""),
        "title": value.get("post", ""),
        "institution": value.get("institution", ""),
        "postal_address": value.get("address", ""),
        "telephones": _lines(value.get("telephone", "")),
        "emails": _lines(value.get("email", "")),
    }


def _changes(contact: Contact, fields: dict) -> dict:
    """What a report's contact changes in an entry. What the report leaves empty is kept (an
    answer without a postal address does not erase the directory's), and so are the entry's
    further e-mail addresses and telephones when the report names only some of them (a
    report's contact holds one e-mail address)."""
    changes = {name: value for name, value in fields.items() if value}
    for name in ("emails", "telephones"):
        known = {item.casefold() for item in getattr(contact, name)}
        if name in changes and {item.casefold() for item in changes[name]} <= known:
            del changes[name]
    return changes


def _to_answer(contact: Contact) -> dict:
    """An entry as the report's contact answer (the reverse of ``_from_answer``)."""
    return {
        "name": contact.person_name,
        "post": contact.title,
        "institution": contact.institution,
        "address": contact.postal_address,
        "telephone": "; ".join(contact.telephones),
        "email": contact.emails[0] if contact.emails else "",
    }


@transaction.atomic
def prefill_report(*, report, acting_user):
    """Put the directory's current points of contact into a new report.

    A report is prefilled from the State's previous one, but the directory may have been
    kept current since; submitting the old contacts would then undo that. So the contact
    questions start from the directory where it has an entry (GEN-01, GEN-02 and GEN-03 from
    the PoA and ITI entries, GEN-05 from the coordination body), and from the previous
    report otherwise.
    """
    from smallarms.reporting.models import Answer

    current = list(Contact.objects.filter(state=report.state).current().order_by("position"))

    def of(kind):
        return [c for c in current if c.kind == kind]

    poa, iti = of(ContactKind.POA_POINT_OF_CONTACT), of(ContactKind.ITI_POINT_OF_CONTACT)
    body = of(ContactKind.COORDINATION_BODY)
    values = {}
    if poa:
        values["GEN-01"] = _to_answer(poa[0])
    if iti:
        values["GEN-02"] = _to_answer(iti[0])
    if len(iti) > 1:
        values[ADDITIONAL_ITI] = [
            {key: value for key, value in _to_answer(contact).items() if key != "address" and value}
            for contact in iti[1:]
        ]
    if body:
        values[COORDINATION_BODY_NAME] = body[0].institution
    expected = {"GEN-01": "contact", "GEN-02": "contact", ADDITIONAL_ITI: "table"}
    questions = report.template.questions.filter(code__in=values)
    with acting_as(acting_user):
        for question in questions:
            if question.answer_type != expected.get(question.code, "text"):
                continue  # another template's question under the same code
            answer = Answer.objects.filter(report=report, question=question).first()
            answer = answer or Answer(report=report, question=question)
            answer.value = values[question.code]
            answer.language = report.language
            answer.updated_by = acting_user
            answer.save()


def _same_person(contact: Contact, fields: dict) -> bool:
    emails = {e.casefold() for e in fields.get("emails", [])}
    if emails and emails & {e.casefold() for e in contact.emails}:
        return True
    name = sort_key(fields.get("person_name", ""))
    return bool(name) and name == sort_key(contact.person_name)


@transaction.atomic
def update_from_report(*, report, acting_user) -> dict:
    """Bring the State's directory in line with the contacts of a submitted report.

    PoA point of contact (GEN-01) and the main ITI point of contact (GEN-02) update the
    State's current entry of that kind (the first one), or create it; each additional ITI
    point of contact (GEN-03) updates the entry for the same person (same e-mail or name)
    or is added; the coordination body (GEN-05) likewise. Entries the report does not
    mention are left as they are: a report lists who answers, not who no longer does.
    Every change is a version whose source is the report; what is unchanged is confirmed.
    """
    current = list(Contact.objects.filter(state=report.state).current())
    summary = {"created": 0, "updated": 0, "confirmed": 0, "skipped": []}
    for kind, fields, main in _wanted_from(report):
        if not fields.get("institution"):
            continue  # an entry needs its institution; the report's answer lacks it
        of_kind = sorted((c for c in current if c.kind == kind), key=lambda c: c.position)
        match = _entry_for(kind, fields, main, of_kind)
        # A report answer the directory cannot take (a telephone written as prose) must not
        # stop the submission: the entry is left as it was and the problem is recorded.
        try:
            with transaction.atomic():
                if match is None:
                    position = max((c.position for c in of_kind), default=-1) + 1
                    contact = create_contact(
                        acting_user=acting_user,
                        state=report.state,
                        source=ChangeSource.REPORT,
                        report=report,
                        kind=kind,
                        position=position,
                        **fields,
                    )
                    current.append(contact)
                    summary["created"] += 1
                    continue
                before = match.revision
                updated = update_contact(
                    acting_user=acting_user,
                    contact=match,
                    source=ChangeSource.REPORT,
                    report=report,
                    **_changes(match, fields),
                )
        except ValidationError as error:
            summary["skipped"].append({"kind": kind, "problems": error.messages})
            continue
        summary["updated" if updated.revision != before else "confirmed"] += 1
    with acting_as(acting_user):
        record(
            Event.CONTACTS_UPDATED_FROM_REPORT,
            obj=report,
            data={"state": report.state.iso3, **summary},
        )
    return summary


def _wanted_from(report) -> list[tuple]:
    """The entries a report's answers describe: (kind, fields, whether it is the first
    entry of its kind)."""
    from smallarms.reporting.services.reports import applies

    # Only what the report shows counts: the coordination body's name when the report says
    # there is one (GEN-05 is asked only after GEN-04 "yes").
    by_code = {question.code: question for question in report.template.questions.all()}
    given = {a.question.code: a.value for a in report.answers.select_related("question")}
    answers = {
        code: value
        for code, value in given.items()
        if code in (*REPORT_CONTACTS, ADDITIONAL_ITI, COORDINATION_BODY_NAME)
        and value
        and applies(by_code[code], given, by_code)
    }
    wanted = []
    for code, kind in REPORT_CONTACTS.items():
        if isinstance(answers.get(code), dict):
            wanted.append((kind, _from_answer(answers[code]), True))
    for row in answers.get(ADDITIONAL_ITI) or []:
        fields = _from_answer({**row, "address": ""})
        fields.pop("postal_address")
        wanted.append((ContactKind.ITI_POINT_OF_CONTACT, fields, False))
    if isinstance(answers.get(COORDINATION_BODY_NAME), str):
        wanted.append(
            (ContactKind.COORDINATION_BODY, {"institution": answers[COORDINATION_BODY_NAME]}, True)
        )
    return wanted


def _entry_for(kind, fields, main, of_kind):
    """The current entry (``of_kind``, by position) a report's contact updates, or None."""
    if kind == ContactKind.COORDINATION_BODY or (main and kind != ContactKind.ITI_POINT_OF_CONTACT):
        return of_kind[0] if of_kind else None
    match = next((c for c in of_kind if _same_person(c, fields)), None)
    if match is None and main and of_kind:
        return of_kind[0]
    return match


# Asking States to confirm stale entries --------------------------------------------------


def confirmation_token(request: ConfirmationRequest) -> str:
    return signing.dumps(str(request.pk), salt=CONFIRMATION_SALT)


def request_from_token(token: str) -> ConfirmationRequest | None:
    """The request a link stands for; None when the link is forged or too old."""
    try:
        pk = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_LINK_DAYS * 86400)
    except signing.BadSignature:
        return None
    return (
        ConfirmationRequest.objects.select_related("state", "organization", "user")
        .filter(pk=pk, user__is_active=True)
        .first()
    )


@transaction.atomic
def confirm_by_link(*, confirmation: ConfirmationRequest) -> int:
    """The one click of the e-mail: confirm the entries it listed that still exist and are
    still current. Recorded as done by the person the e-mail was sent to."""
    contacts = confirmation.contacts.current()
    count = confirm_contacts(acting_user=confirmation.user, contacts=contacts, via="e-mail link")
    confirmation.confirmed_at = timezone.now()
    with acting_as(confirmation.user):
        confirmation.save(update_fields=["confirmed_at"])
    return count
