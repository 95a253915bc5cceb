"""Pages of matches and their conversation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from smallarms.accounts import permissions
from smallarms.accounts.mixins import TwoFactorRequiredMixin
from smallarms.core.exports import Column
from smallarms.core.views.generic import (
    ObjectActionView,
    ObjectDetailView,
    ObjectListView,
    show_errors,
)

from ..choices import LIVE_MATCH, MatchStatus
from ..filters import MatchFilter
from ..forms.matches import DeclineForm, MessageForm, ProposeForm
from ..models import Match, Need, Offer, Project
from ..services import matches

MATCH_RELATED = (
    "need__state",
    "need__organization",
    "offer__state",
    "offer__organization",
    "proposed_by",
)


class MatchCreateView(TwoFactorRequiredMixin, View):
    """Propose a match from a need's or an offer's page (POST need=…&offer=…)."""

    def post(self, request):
        need = get_object_or_404(Need.objects.visible_to(request.user), pk=request.POST.get("need"))
        offer = get_object_or_404(
            Offer.objects.visible_to(request.user), pk=request.POST.get("offer")
        )
        form = ProposeForm(request.POST)
        form.is_valid()
        back = request.POST.get("back", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = need.get_absolute_url()
        try:
            match = matches.propose_match(
                acting_user=request.user,
                need=need,
                offer=offer,
                message=form.cleaned_data.get("message", ""),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, _("Match proposed. The other side has been told."))
        return redirect(match)


class MatchListView(TwoFactorRequiredMixin, ObjectListView):
    """My matches: those of the needs and offers I act for (the secretariat: all)."""

    model = Match
    filterset_class = MatchFilter
    template_name = "assistance/match_list.html"
    title = gettext_lazy("My matches")
    export_filename = "assistance-matches"
    select_related = MATCH_RELATED
    ordering = ("-created_at",)

    def get_export_columns(self):
        return [
            Column("id", lambda m: m.pk),
            Column("need", lambda m: m.need_id),
            Column("need_title", lambda m: m.need.title),
            Column("offer", lambda m: m.offer_id),
            Column("offer_title", lambda m: m.offer.title),
            Column("proposed_by_side", lambda m: m.proposed_by_side),
            Column("status", lambda m: m.status),
            Column("proposed", lambda m: m.created_at.isoformat()),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["rows"] = [
            (match, permissions.may_answer(user, match)) for match in context["object_list"]
        ]
        return context


class MatchDetailView(TwoFactorRequiredMixin, ObjectDetailView):
    model = Match
    template_name = "assistance/match_detail.html"
    context_object_name = "match"
    select_related = MATCH_RELATED

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        match, user = self.object, self.request.user
        context["conversation"] = match.messages.select_related("author")
        context["may_answer"] = permissions.may_answer(user, match)
        context["may_withdraw"] = permissions.may_withdraw(user, match)
        context["may_talk"] = match.status in LIVE_MATCH
        context["may_record_project"] = match.status == MatchStatus.ACCEPTED and (
            permissions.is_offer_side(user, match.offer) or permissions.is_system_staff(user)
        )
        context["projects"] = Project.objects.visible_to(user).filter(match=match)
        context.setdefault("message_form", MessageForm())
        context["decline_form"] = DeclineForm()
        return context


class MatchStepView(ObjectActionView):
    """Accept, decline or withdraw: the services decide which side may do which."""

    model = Match
    action = "view"
    select_related = MATCH_RELATED


class MatchAcceptView(MatchStepView):
    success_message = gettext_lazy("Match accepted. The other side has been told.")

    def perform(self, match):
        return matches.accept_match(acting_user=self.request.user, match=match)


class MatchDeclineView(MatchStepView):
    success_message = gettext_lazy("Match declined. The other side has been told.")

    def perform(self, match):
        reason = self.request.POST.get("reason", "")
        return matches.decline_match(acting_user=self.request.user, match=match, reason=reason)


class MatchWithdrawView(MatchStepView):
    success_message = gettext_lazy("Proposal withdrawn.")

    def perform(self, match):
        return matches.withdraw_match(acting_user=self.request.user, match=match)


class MatchMessageView(TwoFactorRequiredMixin, View):
    def post(self, request, pk):
        match = get_object_or_404(
            Match.objects.visible_to(request.user).select_related(*MATCH_RELATED), pk=pk
        )
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                matches.post_message(
                    acting_user=request.user, match=match, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                show_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Message sent."))
                return redirect(
                    reverse("assistance:match_detail", args=[match.pk]) + "#conversation"
                )
        view = MatchDetailView(request=request, kwargs={"pk": pk}, object=match)
        context = view.get_context_data(object=match, message_form=form)
        return render(request, MatchDetailView.template_name, context, status=400)
