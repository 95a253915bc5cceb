"""Pages of needs and their objectives."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smallarms.accounts import permissions
from smallarms.core.columns import model_columns
from smallarms.core.exports import Column
from smallarms.core.views.generic import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .. import duplicates
from ..choices import LIVE_MATCH
from ..filters import NeedFilter
from ..forms.needs import NeedForm, ObjectiveForm
from ..models import Match, Need, Project
from ..services import matching, needs
from .postings import PostingCreateView, PostingUpdateView


class NeedListView(ObjectListView):
    """Needs, public ones for everyone; a State's people and the secretariat see more."""

    model = Need
    filterset_class = NeedFilter
    template_name = "assistance/need_list.html"
    title = gettext_lazy("Assistance needs")
    export_filename = "assistance-needs"
    select_related = ("state", "organization")
    prefetch_related = ("themes", "beneficiary_states")
    ordering = ("-created_at",)

    def get_export_columns(self):
        return [
            Column("id", lambda n: n.pk),
            *model_columns(Need, ("state", "organization", *Need.FIELDS)),
            *model_columns(Need, ("budget_usd", "status")),
            Column("posted", lambda n: n.created_at.date().isoformat()),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_post"] = bool(permissions.need_owners(self.request.user))
        return context


class NeedDetailView(ObjectDetailView):
    model = Need
    template_name = "assistance/need_detail.html"
    context_object_name = "need"
    select_related = ("state", "organization", "source_report__cycle")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        need, user = self.object, self.request.user
        context["objectives"] = need.objectives.all()
        context["ranked"] = matching.ranked_offers(need, user)
        context["may_edit"] = permissions.may(user, "edit", need)
        context["need_side"] = permissions.is_need_side(user, need)
        context["matches"] = (
            Match.objects.visible_to(user).filter(need=need).select_related("offer")
        )
        context["live_offers"] = set(
            need.matches.filter(status__in=LIVE_MATCH).values_list("offer_id", flat=True)
        )
        context["projects"] = (
            Project.objects.visible_to(user)
            .filter(needs=need)
            .prefetch_related("indicators__progress", "funders__state", "funders__organization")
        )
        context["duplicate_flags"] = (
            duplicates.for_need(need) + duplicates.for_need_funding(need)
            if permissions.sees_duplicate_flags(user, need)
            else []
        )
        return context


class NeedCreateView(PostingCreateView):
    form_class = NeedForm
    owners_of = permissions.need_owners
    create = needs.create_need
    title = gettext_lazy("Post an assistance need")
    intro = gettext_lazy(
        "Write the need as a project: what it should achieve, with measurable "
        "objectives you can add on the next page."
    )
    success_message = gettext_lazy("Need posted.")


class NeedUpdateView(PostingUpdateView):
    model = Need
    form_class = NeedForm
    update = needs.update_need
    posting_name = "need"
    title = gettext_lazy("Edit the need")
    success_message = gettext_lazy("Need saved.")


class NeedWithdrawView(ObjectActionView):
    model = Need
    success_message = gettext_lazy("Need withdrawn.")

    def perform(self, need):
        return needs.withdraw_need(acting_user=self.request.user, need=need)


class ObjectiveCreateView(ObjectEditView):
    model = Need
    form_class = ObjectiveForm
    template_name = "assistance/form.html"
    intro = gettext_lazy(
        "An objective with an indicator, a baseline and a target lets everyone "
        "see what the assistance achieved."
    )
    success_message = gettext_lazy("Objective added.")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", _("Add an objective to “{need}”").format(need=self.object.title))
        return super().get_context_data(**kwargs)

    def save(self, form):
        needs.save_objective(acting_user=self.request.user, need=self.object, **form.values())
        return self.object
