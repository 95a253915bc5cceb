"""Pages of funding calls, proposals, scores and awards."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from smallarms.accounts import permissions
from smallarms.accounts.mixins import TwoFactorRequiredMixin
from smallarms.core.columns import model_columns
from smallarms.core.exports import Column
from smallarms.core.views.generic import (
    ObjectActionView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    show_errors,
)

from ..choices import NeedStatus
from ..filters import FundingCallFilter
from ..forms.calls import CallForm, ProposalForm, ScoreForm
from ..models import FundingCall, Need, Proposal
from ..services import calls


class CallListView(ObjectListView):
    model = FundingCall
    filterset_class = FundingCallFilter
    template_name = "assistance/call_list.html"
    title = gettext_lazy("Funding calls")
    export_url_name = "assistance:call_export"
    export_filename = "funding-calls"
    select_related = ("state", "organization")
    prefetch_related = ("themes", "eligible_areas")
    ordering = ("-deadline",)

    def get_export_columns(self):
        return [
            Column("id", lambda c: c.pk),
            Column("funder", lambda c: str(c.funder) if c.funder else "secretariat"),
            *model_columns(FundingCall, (*FundingCall.FIELDS, "status")),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["may_open"] = permissions.may_open_any_call(user)
        context["may_propose_rapid"] = bool(permissions.proposers(user))
        return context


class CallDetailView(ObjectDetailView):
    model = FundingCall
    template_name = "assistance/call_detail.html"
    context_object_name = "call"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call, user = self.object, self.request.user
        context["criteria"] = call.criteria.all()
        context["accepts"] = calls.call_accepts_proposals(call)
        context["may_propose"] = context["accepts"] and bool(permissions.proposers(user))
        context["may_manage"] = permissions.may(user, "edit", call)
        proposals = (
            Proposal.objects.visible_to(user)
            .filter(call=call)
            .prefetch_related("scores", "call__criteria")
        )
        context["proposals"] = [(p, calls.weighted_total(p)) for p in proposals]
        return context


class CallCreateView(ObjectFormView):
    form_class = CallForm
    template_name = "assistance/form.html"
    title = gettext_lazy("Open a funding call")
    success_message = gettext_lazy("Funding call opened.")

    def has_access(self):
        return permissions.may_open_any_call(self.request.user)

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "owners": permissions.funder_owners(user),
            "secretariat": permissions.is_system_staff(user),
        }

    def save(self, form):
        return calls.open_call(acting_user=self.request.user, **form.values())


class CallCloseView(ObjectActionView):
    model = FundingCall
    success_message = gettext_lazy("Funding call closed.")

    def perform(self, call):
        return calls.close_call(acting_user=self.request.user, call=call)


class ProposalCreateView(ObjectFormView):
    """Submit a proposal to a call (``pk``), or a rapid-response proposal (no call)."""

    form_class = ProposalForm
    template_name = "assistance/form.html"
    success_message = gettext_lazy("Proposal submitted.")
    call = None

    def has_access(self):
        if "pk" in self.kwargs:
            self.call = get_object_or_404(
                FundingCall.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
            )
        return bool(permissions.proposers(self.request.user))

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "owners": permissions.proposers(user),
            "needs": Need.objects.visible_to(user).exclude(
                status__in=[NeedStatus.WITHDRAWN, NeedStatus.MET]
            ),
        }

    def get_context_data(self, **kwargs):
        if self.call:
            title = _("Submit a proposal to “{call}”").format(call=self.call.title)
            intro = ""
        else:
            title = _("Submit a rapid-response proposal")
            intro = _(
                "For emergencies: a rapid-response proposal can be submitted at any time, "
                "without a call. The secretariat reviews it."
            )
        kwargs.setdefault("title", title)
        kwargs.setdefault("intro", intro)
        return super().get_context_data(**kwargs)

    def save(self, form):
        return calls.submit_proposal(acting_user=self.request.user, call=self.call, **form.values())


class ProposalListView(TwoFactorRequiredMixin, TemplateView):
    """Proposals the user submitted or reviews."""

    template_name = "assistance/proposal_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proposals"] = (
            Proposal.objects.visible_to(self.request.user)
            .select_related("call", "state", "organization")
            .order_by("-submitted_at")
        )
        return context


class ProposalDetailView(TwoFactorRequiredMixin, ObjectDetailView):
    model = Proposal
    template_name = "assistance/proposal_detail.html"
    context_object_name = "proposal"
    select_related = ("call", "state", "organization")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal, user = self.object, self.request.user
        context["needs"] = Need.objects.visible_to(user).filter(proposals=proposal)
        context["may_review"] = permissions.may(user, "review", proposal)
        criteria = list(proposal.call.criteria.all()) if proposal.call_id else []
        if context["may_review"] and "score_form" not in context:
            mine = {s.criterion_id: s for s in proposal.scores.filter(reviewer=user)}
            initial = {}
            for criterion in criteria:
                if criterion.pk in mine:
                    initial[f"score_{criterion.pk}"] = mine[criterion.pk].score
                    initial[f"comment_{criterion.pk}"] = mine[criterion.pk].comment
            context["score_form"] = ScoreForm(criteria=criteria, initial=initial)
        context["total"] = calls.weighted_total(proposal)
        context["scores"] = (
            proposal.scores.select_related("criterion", "reviewer") if context["may_review"] else []
        )
        context["project"] = getattr(proposal, "project", None)
        return context


class ProposalScoreView(TwoFactorRequiredMixin, View):
    def post(self, request, pk):
        proposal = get_object_or_404(Proposal.objects.visible_to(request.user, "review"), pk=pk)
        criteria = list(proposal.call.criteria.all()) if proposal.call_id else []
        form = ScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                calls.score_proposal(
                    acting_user=request.user, proposal=proposal, scores=form.scores()
                )
            except ValidationError as error:
                show_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Scores saved."))
                return redirect(proposal)
        view = ProposalDetailView(request=request, kwargs={"pk": pk}, object=proposal)
        context = view.get_context_data(object=proposal, score_form=form)
        return render(request, ProposalDetailView.template_name, context, status=400)


class ProposalAwardView(ObjectActionView):
    """Award a proposal: it becomes a project, whose page follows."""

    model = Proposal
    action = "review"
    success_message = gettext_lazy("Proposal awarded: it is now a project.")

    def perform(self, proposal):
        return calls.award_proposal(acting_user=self.request.user, proposal=proposal)


class ProposalRejectView(ObjectActionView):
    model = Proposal
    action = "review"
    success_message = gettext_lazy("Proposal not retained.")

    def perform(self, proposal):
        return calls.reject_proposal(acting_user=self.request.user, proposal=proposal)
