"""The directory's pages and exports. Every read goes through ``Contact.objects.visible_to``;
personal details appear only where ``permissions.sees_contact_details`` allows."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView

from smallarms.accounts import permissions
from smallarms.audit.choices import Event
from smallarms.audit.services import record
from smallarms.core.exports import Column
from smallarms.core.i18n import language_name
from smallarms.core.models import owner_fields
from smallarms.core.views.generic import ObjectListView, show_errors
from smallarms.states.models import Organization, State

from . import services, vcard
from .filters import ContactFilter
from .forms import ContactForm
from .models import Contact, ContactRevision, owner_url


def _owner(kwargs):
    if "iso3" in kwargs:
        return get_object_or_404(State, iso3=kwargs["iso3"].upper())
    return get_object_or_404(Organization, slug=kwargs["slug"])


def languages_of(contact) -> str:
    return ", ".join(language_name(code) for code in contact.working_languages)


class ContactListView(ObjectListView):
    """The directory: every State's and organization's entries, by State, region and kind."""

    model = Contact
    filterset_class = ContactFilter
    template_name = "contacts/contact_list.html"
    title = gettext_lazy("Directory of points of contact")
    export_filename = "points-of-contact"
    paginate_by = 100
    select_related = ("state__region", "state__subregion", "organization")

    def get_export_columns(self):
        columns = [
            Column("state", lambda c: c.state.iso3 if c.state_id else ""),
            Column("organization", lambda c: c.organization.slug if c.organization_id else ""),
            Column("owner_name", lambda c: str(c.owner)),
            Column("kind", lambda c: c.kind),
            Column("kind_name", lambda c: c.get_kind_display()),
            Column("position", lambda c: c.position),
            Column("institution", lambda c: c.institution),
            Column("department", lambda c: c.department),
        ]
        # The open export carries the public part only; officials get the whole entry.
        if permissions.sees_contact_details(self.request.user):
            columns += [
                Column("person_name", lambda c: c.person_name),
                Column("title", lambda c: c.title),
                Column("emails", lambda c: "; ".join(c.emails)),
                Column("telephones", lambda c: "; ".join(c.telephones)),
                Column("postal_address", lambda c: c.postal_address),
            ]
        columns += [
            Column("working_languages", lambda c: " ".join(c.working_languages)),
            Column("valid_from", lambda c: c.valid_from),
            Column("valid_to", lambda c: c.valid_to),
            Column("last_confirmed", lambda c: c.last_confirmed_at.date().isoformat()),
            Column("stale", lambda c: "true" if c.is_stale else "false"),
            Column("id", lambda c: c.pk),
        ]
        return columns

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["details"] = permissions.sees_contact_details(self.request.user)
        return context


class VCardExportView(FilterView):
    """The filtered directory as one vCard file: officials and the secretariat only."""

    filterset_class = ContactFilter

    def get_queryset(self):
        return Contact.objects.visible_to(self.request.user, "details").select_related(
            "state", "organization"
        )

    def render_to_response(self, context, **response_kwargs):
        if not permissions.sees_contact_details(self.request.user):
            raise Http404
        contacts = list(self.object_list)
        record(
            Event.EXPORT,
            data={
                "export": "points-of-contact",
                "format": "vcard",
                "filters": self.request.GET.dict(),
                "rows": len(contacts),
            },
        )
        return vcard.response(contacts, "points-of-contact")


class ContactDetailView(TemplateView):
    template_name = "contacts/contact_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contact = get_object_or_404(
            Contact.objects.visible_to(self.request.user).select_related(
                "state", "organization", "last_confirmed_by"
            ),
            pk=kwargs["pk"],
        )
        user = self.request.user
        context["contact"] = contact
        context["languages"] = languages_of(contact)
        context["details"] = permissions.sees_contact_details(user)
        context["keeps"] = Contact.objects.visible_to(user, "edit").filter(pk=contact.pk).exists()
        context["owner_url"] = owner_url(contact.owner)
        if context["details"]:
            context["revisions"] = (
                ContactRevision.objects.visible_to(user)
                .filter(contact=contact)
                .select_related("changed_by", "report__cycle")
            )
        return context


class ContactVCardView(View):
    def get(self, request, pk):
        contact = get_object_or_404(
            Contact.objects.visible_to(request.user, "details").select_related(
                "state", "organization"
            ),
            pk=pk,
        )
        record(
            Event.EXPORT,
            obj=contact,
            data={"export": "point-of-contact", "format": "vcard", "rows": 1},
        )
        return vcard.response([contact], f"{contact.owner}-{contact.kind}")


class OwnerContactsView(TemplateView):
    """One State's (or organization's) entries, current and former, with what its keeper
    can do: add, edit, confirm them all."""

    template_name = "contacts/owner_contacts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        owner = _owner(kwargs)
        user = self.request.user
        contacts = (
            Contact.objects.visible_to(user)
            .filter(**owner_fields(owner))
            .order_by("kind", "position", "-valid_from")
        )
        current = list(contacts.current())
        current_ids = {c.pk for c in current}
        context.update(
            owner=owner,
            is_state=isinstance(owner, State),
            current=current,
            former=[c for c in contacts if c.pk not in current_ids],
            details=permissions.sees_contact_details(user),
            keeps=permissions.keeps_contacts_of(user, **owner_fields(owner)),
            stale=[c for c in current if c.is_stale],
            add_url=owner_url(owner, "contact_create"),
            confirm_url=owner_url(owner, "confirm"),
        )
        for contact in current + context["former"]:
            contact.languages = languages_of(contact)
        return context


class ContactCreateView(View):
    template_name = "contacts/contact_form.html"

    def _owner(self, request, kwargs):
        owner = _owner(kwargs)
        if not permissions.keeps_contacts_of(request.user, **owner_fields(owner)):
            raise Http404
        return owner

    def get(self, request, **kwargs):
        owner = self._owner(request, kwargs)
        initial = {"kind": request.GET.get("kind", ""), "position": 0}
        form = ContactForm(initial=initial, owner_is_state=isinstance(owner, State))
        return render(request, self.template_name, {"form": form, "owner": owner})

    def post(self, request, **kwargs):
        owner = self._owner(request, kwargs)
        form = ContactForm(request.POST, owner_is_state=isinstance(owner, State))
        if form.is_valid():
            try:
                contact = services.create_contact(
                    acting_user=request.user, **owner_fields(owner), **form.values()
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The entry is added to the directory."))
                return redirect(contact)
        return render(request, self.template_name, {"form": form, "owner": owner}, status=400)


class ContactUpdateView(View):
    template_name = "contacts/contact_form.html"

    def _contact(self, request, pk):
        return get_object_or_404(
            Contact.objects.visible_to(request.user, "edit").select_related(
                "state", "organization"
            ),
            pk=pk,
        )

    def _initial(self, contact):
        return {
            **contact.snapshot(),
            "valid_from": contact.valid_from,
            "valid_to": contact.valid_to,
            "emails": "\n".join(contact.emails),
            "telephones": "\n".join(contact.telephones),
            "revision": contact.revision,
        }

    def get(self, request, pk):
        contact = self._contact(request, pk)
        form = ContactForm(initial=self._initial(contact), owner_is_state=bool(contact.state_id))
        return render(
            request,
            self.template_name,
            {"form": form, "owner": contact.owner, "contact": contact},
        )

    def post(self, request, pk):
        contact = self._contact(request, pk)
        form = ContactForm(request.POST, owner_is_state=bool(contact.state_id))
        context = {"form": form, "owner": contact.owner, "contact": contact}
        if form.is_valid():
            try:
                services.update_contact(
                    acting_user=request.user,
                    contact=contact,
                    expected_revision=form.cleaned_data.get("revision"),
                    **form.values(),
                )
            except services.EditConflict as conflict:
                # Nothing is lost: the form keeps what this person typed, the page shows
                # what the other person saved, and the next save is made on top of it.
                data = request.POST.copy()
                data["revision"] = conflict.contact.revision
                context["form"] = ContactForm(data, owner_is_state=bool(contact.state_id))
                context["form"].is_valid()
                context["conflict"] = conflict.contact
                context["conflict_languages"] = languages_of(conflict.contact)
                messages.error(
                    request,
                    _(
                        "Someone else saved this entry after you opened it. Their version is "
                        "shown below; your changes are still in the form. Save again to "
                        "replace their version with yours."
                    ),
                )
                return render(request, self.template_name, context, status=409)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The entry is saved and confirmed as of today."))
                return redirect(contact)
        return render(request, self.template_name, context, status=400)


class ConfirmOwnerView(View):
    """Confirm every current entry of a State or organization as still right."""

    def post(self, request, **kwargs):
        owner = _owner(kwargs)
        scope = owner_fields(owner)
        if not permissions.keeps_contacts_of(request.user, **scope):
            raise Http404
        contacts = Contact.objects.visible_to(request.user, "edit").filter(**scope).current()
        try:
            count = services.confirm_contacts(acting_user=request.user, contacts=contacts)
        except PermissionDenied:
            raise Http404 from None
        messages.success(
            request,
            ngettext(
                "One entry confirmed as of today.", "{count} entries confirmed as of today.", count
            ).format(count=count),
        )
        return redirect(owner_url(owner))


class ConfirmByLinkView(View):
    """The page a confirmation e-mail links to: one button confirms, without signing in.

    Opening the link does not confirm by itself: mail filters open links to scan them, and
    they must not confirm entries nobody has looked at.
    """

    template_name = "contacts/confirm_by_link.html"

    def _confirmation(self, token):
        confirmation = services.request_from_token(token)
        if confirmation is None:
            raise Http404
        return confirmation

    def get(self, request, token):
        confirmation = self._confirmation(token)
        return render(
            request,
            self.template_name,
            {
                "confirmation": confirmation,
                "contacts": confirmation.contacts.current().order_by("kind", "position"),
                "owner_url": owner_url(confirmation.owner),
            },
        )

    def post(self, request, token):
        confirmation = self._confirmation(token)
        count = services.confirm_by_link(confirmation=confirmation)
        return render(
            request,
            self.template_name,
            {
                "confirmation": confirmation,
                "confirmed": count,
                "owner_url": owner_url(confirmation.owner),
            },
        )
