"""What the pages of needs and offers share: posting one for a State or an organization the
person acts for, and changing it."""

from smallarms.core.views.generic import ObjectEditView, ObjectFormView


class PostingCreateView(ObjectFormView):
    """Post a need or an offer for one of the owners ``owners_of(user)`` gives; nobody else
    reaches the page. ``create`` is the service."""

    template_name = "assistance/form.html"
    owners_of = None
    create = None

    def owners(self):
        return type(self).owners_of(self.request.user)

    def has_access(self):
        return bool(self.owners())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "owners": self.owners()}

    def get_initial(self):
        language = getattr(self.request.user, "preferred_language", "") or "en"
        return {"language": language, "working_languages": [language]}

    def save(self, form):
        return type(self).create(acting_user=self.request.user, **form.values())


class PostingUpdateView(ObjectEditView):
    """Change a need or an offer the person keeps (its owner stays). ``update`` is the
    service, called with the posting as ``posting_name``."""

    template_name = "assistance/form.html"
    update = None
    posting_name = ""

    def get_form_kwargs(self):
        kind = "state" if self.object.owned_by_state else "organization"
        return {**super().get_form_kwargs(), "owners": [(kind, self.object.owner)]}

    def get_initial(self):
        return self.form_class.initial_for(self.object)

    def save(self, form):
        values = form.values()
        values.pop("state"), values.pop("organization")
        return type(self).update(
            acting_user=self.request.user, **{self.posting_name: self.object}, **values
        )
