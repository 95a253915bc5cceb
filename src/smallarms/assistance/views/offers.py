"""Pages of offers."""

from django.utils.translation import gettext_lazy

from smallarms.accounts import permissions
from smallarms.core.columns import model_columns
from smallarms.core.exports import Column
from smallarms.core.views.generic import ObjectActionView, ObjectDetailView, ObjectListView

from .. import duplicates
from ..choices import LIVE_MATCH, AssistanceKind, OfferStatus
from ..filters import OfferFilter
from ..forms.offers import OfferForm
from ..models import Match, Offer
from ..services import matching, offers
from .postings import PostingCreateView, PostingUpdateView

# An offer's contact is for signed-in people only (pages, export and API alike).
CONTACT_FIELDS = ("contact_name", "contact_email")


class OfferListView(ObjectListView):
    model = Offer
    filterset_class = OfferFilter
    template_name = "assistance/offer_list.html"
    title = gettext_lazy("Assistance offers")
    export_filename = "assistance-offers"
    select_related = ("state", "organization")
    prefetch_related = ("themes", "eligible_areas", "eligible_states")
    ordering = ("-created_at",)

    def get_export_columns(self):
        shown = [name for name in Offer.FIELDS if name not in CONTACT_FIELDS]
        if permissions.sees_offer_contact(self.request.user):
            shown += CONTACT_FIELDS
        return [
            Column("id", lambda o: o.pk),
            *model_columns(Offer, ("state", "organization", *shown)),
            *model_columns(Offer, ("budget_min_usd", "budget_max_usd", "status")),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_post"] = bool(permissions.offer_owners(self.request.user))
        return context


class OfferDetailView(ObjectDetailView):
    model = Offer
    template_name = "assistance/offer_detail.html"
    context_object_name = "offer"
    select_related = ("state", "organization")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offer, user = self.object, self.request.user
        context["may_edit"] = permissions.may(user, "edit", offer)
        context["offer_side"] = permissions.is_offer_side(user, offer)
        context["kinds"] = ", ".join(str(AssistanceKind(k).label) for k in offer.kinds)
        context["ranked"] = matching.ranked_needs(offer, user)
        context["live_needs"] = set(
            offer.matches.filter(status__in=LIVE_MATCH).values_list("need_id", flat=True)
        )
        context["matches"] = (
            Match.objects.visible_to(user).filter(offer=offer).select_related("need")
        )
        context["duplicate_flags"] = (
            duplicates.for_offer(offer) if permissions.sees_duplicate_flags(user, offer) else []
        )
        context["sees_contact"] = permissions.sees_offer_contact(user)
        return context


class OfferCreateView(PostingCreateView):
    form_class = OfferForm
    owners_of = permissions.offer_owners
    create = offers.create_offer
    title = gettext_lazy("Make an assistance offer")
    success_message = gettext_lazy("Offer posted.")

    def get_initial(self):
        user = self.request.user
        return {
            **super().get_initial(),
            "contact_name": getattr(user, "full_name", ""),
            "contact_email": user.email,
        }


class OfferUpdateView(PostingUpdateView):
    model = Offer
    form_class = OfferForm
    update = offers.update_offer
    posting_name = "offer"
    title = gettext_lazy("Edit the offer")
    success_message = gettext_lazy("Offer saved.")


class OfferCloseView(ObjectActionView):
    """Close an offer (its funds are committed) or, with ``withdraw``, withdraw it."""

    model = Offer
    success_message = gettext_lazy("Offer closed.")

    def perform(self, offer):
        status = OfferStatus.WITHDRAWN if self.request.POST.get("withdraw") else OfferStatus.CLOSED
        return offers.close_offer(acting_user=self.request.user, offer=offer, status=status)
