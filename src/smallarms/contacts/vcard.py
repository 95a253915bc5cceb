"""Directory entries as vCards (RFC 6350, version 3.0 for the address books officials use),
written by the vobject library."""

import vobject
from django.http import HttpResponse
from django.utils.text import slugify


def card(contact) -> vobject.base.Component:
    entry = vobject.vCard()
    display = contact.person_name or contact.institution
    entry.add("fn").value = display
    # Which part of a name is the family name differs across the 193 States; the whole name
    # goes into the given-name part rather than a wrong split.
    entry.add("n").value = vobject.vcard.Name(given=display)
    entry.add("org").value = [part for part in (contact.institution, contact.department) if part]
    if contact.title:
        entry.add("title").value = contact.title
    entry.add("role").value = f"{contact.get_kind_display()} — {contact.owner}"
    for email in contact.emails:
        item = entry.add("email")
        item.value = email
        item.type_param = "INTERNET"
    for telephone in contact.telephones:
        item = entry.add("tel")
        item.value = telephone
        item.type_param = "WORK"
    if contact.postal_address:
        item = entry.add("adr")
        item.value = vobject.vcard.Address(street=contact.postal_address)
        item.type_param = "WORK"
    entry.add("uid").value = f"urn:uuid:{contact.pk}"
    entry.add("rev").value = contact.updated_at.strftime("%Y%m%dT%H%M%SZ")
    return entry


def response(contacts, filename: str) -> HttpResponse:
    body = "".join(card(contact).serialize() for contact in contacts)
    response = HttpResponse(body, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.vcf"'
    return response
