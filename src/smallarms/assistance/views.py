"""Pages of international cooperation and assistance (docs/assistance.md).

Every read goes through a model's ``visible_to``; what a person may not see is 404. Every
write calls a function of ``services``; forms only check input.
"""

import statistics
from collections import Counter, defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from smallarms.accounts import permissions
from smallarms.accounts.mixins import SystemStaffRequiredMixin, TwoFactorRequiredMixin
from smallarms.core.exports import Column, CsvExportMixin

from . import candidates, forms, services
from .choices import LIVE_MATCH, AssistanceKind, MatchStatus, NeedStatus, OfferStatus, ProjectStatus
from .filters import FundingCallFilter, MatchFilter, NeedFilter, OfferFilter, ProjectFilter
from .models import (
    ExchangeRate,
    FundingCall,
    Match,
    Need,
    Offer,
    ProgressReport,
    Project,
    ProjectIndicator,
    Proposal,
)


def _duplicates():
    # Helper B's module, imported when first needed.
    from . import duplicates

    return duplicates


def _show_errors(form, error: ValidationError):
    """Put the services' validation messages on the fields they concern."""
    for name, errors in error.update_error_dict({}).items():
        form.add_error(name if name in form.fields else None, errors)


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _names(objects) -> str:
    return "; ".join(str(o) for o in objects)


# Needs -----------------------------------------------------------------------------------


def _need(request, pk, action="view") -> Need:
    queryset = Need.objects.visible_to(request.user, action).select_related(
        "state", "organization", "source_report__cycle"
    )
    return get_object_or_404(queryset, pk=pk)


class NeedListView(CsvExportMixin, FilterView):
    """Needs, public ones for everyone; a State's people and the secretariat see more."""

    filterset_class = NeedFilter
    template_name = "assistance/need_list.html"
    paginate_by = 50
    export_filename = "assistance-needs"

    def get_queryset(self):
        return (
            Need.objects.visible_to(self.request.user)
            .select_related("state", "organization")
            .prefetch_related("themes")
            .order_by("-created_at")
        )

    def get_export_columns(self):
        return [
            Column("id", lambda n: n.pk),
            Column("state", lambda n: n.state.iso3 if n.state_id else ""),
            Column("organization", lambda n: n.organization.slug if n.organization_id else ""),
            Column("title", lambda n: n.title),
            Column("language", lambda n: n.language),
            Column("themes", lambda n: ";".join(t.code for t in n.themes.all())),
            Column("kind", lambda n: n.kind),
            Column("budget_amount", lambda n: n.budget_amount),
            Column("currency", lambda n: n.currency),
            Column("budget_usd", lambda n: n.budget_usd),
            Column("starts_on", lambda n: n.starts_on),
            Column("ends_on", lambda n: n.ends_on),
            Column("priority", lambda n: n.priority),
            Column("status", lambda n: n.status),
            Column("public", lambda n: "true" if n.is_public else "false"),
            Column("posted", lambda n: n.created_at.date().isoformat()),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["querystring"] = _querystring(self.request)
        context["may_post"] = bool(permissions.need_owners(self.request.user))
        return context


class NeedDetailView(DetailView):
    template_name = "assistance/need_detail.html"
    context_object_name = "need"

    def get_object(self, queryset=None):
        return _need(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        need, user = self.object, self.request.user
        context["objectives"] = need.objectives.all()
        context["ranked"] = candidates.ranked_offers(need, user)
        context["may_edit"] = Need.objects.visible_to(user, "edit").filter(pk=need.pk).exists()
        context["need_side"] = permissions.is_need_side(user, need)
        context["matches"] = (
            Match.objects.visible_to(user).filter(need=need).select_related("offer")
        )
        live = set(need.matches.filter(status__in=LIVE_MATCH).values_list("offer_id", flat=True))
        context["live_offers"] = live
        context["projects"] = (
            Project.objects.visible_to(user)
            .filter(needs=need)
            .prefetch_related("indicators__progress", "funders__state", "funders__organization")
        )
        flags = []
        if permissions.sees_duplicate_flags(user, need):
            flags = list(_duplicates().for_need(need)) + list(_duplicates().for_need_funding(need))
        context["duplicate_flags"] = flags
        context["signed_in"] = user.is_authenticated
        return context


class OwnerFormMixin(TwoFactorRequiredMixin):
    """A form page for people who act for a State or an organization; others get 404."""

    def owners(self):
        return permissions.offer_owners(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "owners": self.owners()}


class NeedCreateView(OwnerFormMixin, FormView):
    form_class = forms.NeedForm
    template_name = "assistance/form.html"

    def owners(self):
        return permissions.need_owners(self.request.user)

    def has_access(self):
        return bool(self.owners())

    def get_initial(self):
        language = getattr(self.request.user, "preferred_language", "") or "en"
        return {"language": language, "working_languages": [language]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Post an assistance need"),
            intro=_(
                "Write the need as a project: what it should achieve, with measurable "
                "objectives you can add on the next page."
            ),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            need = services.create_need(acting_user=self.request.user, **form.values())
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            raise Http404 from None
        messages.success(self.request, _("Need posted."))
        return redirect(need)


class NeedUpdateView(TwoFactorRequiredMixin, FormView):
    form_class = forms.NeedForm
    template_name = "assistance/form.html"

    def has_access(self):
        self.need = _need(self.request, self.kwargs["pk"], "edit")
        return True

    def get_form_kwargs(self):
        kind = "state" if self.need.state_id else "organization"
        return {**super().get_form_kwargs(), "owners": [(kind, self.need.owner)]}

    def get_initial(self):
        return forms.NeedForm.initial_for(self.need)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit the need"), back=self.need.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        values = form.values()
        values.pop("state"), values.pop("organization")
        try:
            need = services.update_need(acting_user=self.request.user, need=self.need, **values)
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Need saved."))
        return redirect(need)


class NeedWithdrawView(TwoFactorRequiredMixin, View):
    def post(self, request, pk):
        need = _need(request, pk, "edit")
        try:
            services.withdraw_need(acting_user=request.user, need=need)
            messages.success(request, _("Need withdrawn."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(need)


class ObjectiveCreateView(TwoFactorRequiredMixin, FormView):
    form_class = forms.ObjectiveForm
    template_name = "assistance/form.html"

    def has_access(self):
        self.need = _need(self.request, self.kwargs["pk"], "edit")
        return True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Add an objective to “{need}”").format(need=self.need.title),
            intro=_(
                "An objective with an indicator, a baseline and a target lets everyone "
                "see what the assistance achieved."
            ),
            back=self.need.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.save_objective(
                acting_user=self.request.user, need=self.need, **form.cleaned_data
            )
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Objective added."))
        return redirect(self.need)


# Offers ----------------------------------------------------------------------------------


class OfferListView(CsvExportMixin, FilterView):
    filterset_class = OfferFilter
    template_name = "assistance/offer_list.html"
    paginate_by = 50
    export_filename = "assistance-offers"

    def get_queryset(self):
        return (
            Offer.objects.visible_to(self.request.user)
            .select_related("state", "organization")
            .prefetch_related("themes")
            .order_by("-created_at")
        )

    def get_export_columns(self):
        columns = [
            Column("id", lambda o: o.pk),
            Column("state", lambda o: o.state.iso3 if o.state_id else ""),
            Column("organization", lambda o: o.organization.slug if o.organization_id else ""),
            Column("title", lambda o: o.title),
            Column("themes", lambda o: ";".join(t.code for t in o.themes.all())),
            Column("kinds", lambda o: ";".join(o.kinds)),
            Column("budget_min", lambda o: o.budget_min),
            Column("budget_max", lambda o: o.budget_max),
            Column("currency", lambda o: o.currency),
            Column("starts_on", lambda o: o.starts_on),
            Column("ends_on", lambda o: o.ends_on),
            Column("status", lambda o: o.status),
        ]
        if self.request.user.is_authenticated:
            columns.append(Column("contact_email", lambda o: o.contact_email))
        return columns

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["querystring"] = _querystring(self.request)
        context["may_post"] = bool(permissions.offer_owners(self.request.user))
        return context


class OfferDetailView(DetailView):
    template_name = "assistance/offer_detail.html"
    context_object_name = "offer"

    def get_object(self, queryset=None):
        queryset = Offer.objects.visible_to(self.request.user).select_related(
            "state", "organization"
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offer, user = self.object, self.request.user
        context["may_edit"] = Offer.objects.visible_to(user, "edit").filter(pk=offer.pk).exists()
        context["offer_side"] = permissions.is_offer_side(user, offer)
        context["kinds"] = ", ".join(str(AssistanceKind(k).label) for k in offer.kinds)
        context["ranked"] = candidates.ranked_needs(offer, user)
        context["live_needs"] = set(
            offer.matches.filter(status__in=LIVE_MATCH).values_list("need_id", flat=True)
        )
        context["matches"] = (
            Match.objects.visible_to(user).filter(offer=offer).select_related("need")
        )
        context["duplicate_flags"] = (
            _duplicates().for_offer(offer) if permissions.sees_duplicate_flags(user, offer) else []
        )
        context["signed_in"] = user.is_authenticated
        return context


class OfferCreateView(OwnerFormMixin, FormView):
    form_class = forms.OfferForm
    template_name = "assistance/form.html"

    def has_access(self):
        return bool(self.owners())

    def get_initial(self):
        user = self.request.user
        language = getattr(user, "preferred_language", "") or "en"
        return {
            "language": language,
            "working_languages": [language],
            "contact_name": getattr(user, "full_name", ""),
            "contact_email": user.email,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Make an assistance offer"), **kwargs)

    def form_valid(self, form):
        try:
            offer = services.create_offer(acting_user=self.request.user, **form.values())
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            raise Http404 from None
        messages.success(self.request, _("Offer posted."))
        return redirect(offer)


class OfferUpdateView(TwoFactorRequiredMixin, FormView):
    form_class = forms.OfferForm
    template_name = "assistance/form.html"

    def has_access(self):
        self.offer = get_object_or_404(
            Offer.objects.visible_to(self.request.user, "edit"), pk=self.kwargs["pk"]
        )
        return True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "owners": [("x", self.offer.owner)]}

    def get_initial(self):
        return forms.OfferForm.initial_for(self.offer)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit the offer"), back=self.offer.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        values = form.values()
        values.pop("state"), values.pop("organization")
        try:
            offer = services.update_offer(acting_user=self.request.user, offer=self.offer, **values)
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Offer saved."))
        return redirect(offer)


class OfferCloseView(TwoFactorRequiredMixin, View):
    def post(self, request, pk):
        offer = get_object_or_404(Offer.objects.visible_to(request.user, "edit"), pk=pk)
        status = OfferStatus.WITHDRAWN if request.POST.get("withdraw") else OfferStatus.CLOSED
        try:
            services.close_offer(acting_user=request.user, offer=offer, status=status)
            messages.success(request, _("Offer closed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(offer)


# Matches ---------------------------------------------------------------------------------


def _match(request, pk) -> Match:
    queryset = Match.objects.visible_to(request.user).select_related(
        "need__state", "need__organization", "offer__state", "offer__organization", "proposed_by"
    )
    return get_object_or_404(queryset, pk=pk)


class MatchCreateView(TwoFactorRequiredMixin, View):
    """Propose a match from a need's or an offer's page (POST need=…&offer=…)."""

    def post(self, request):
        need = get_object_or_404(Need.objects.visible_to(request.user), pk=request.POST.get("need"))
        offer = get_object_or_404(Offer.objects.all(), pk=request.POST.get("offer"))
        form = forms.ProposeForm(request.POST)
        form.is_valid()
        back = request.POST.get("back") or need.get_absolute_url()
        if not back.startswith("/"):
            back = need.get_absolute_url()
        try:
            match = services.propose_match(
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


class MatchListView(TwoFactorRequiredMixin, CsvExportMixin, FilterView):
    """My matches: those of the needs and offers I act for (the secretariat: all)."""

    filterset_class = MatchFilter
    template_name = "assistance/match_list.html"
    paginate_by = 50
    export_filename = "assistance-matches"

    def get_queryset(self):
        return (
            Match.objects.visible_to(self.request.user)
            .select_related(
                "need__state", "need__organization", "offer__state", "offer__organization"
            )
            .order_by("-created_at")
        )

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
        context["querystring"] = _querystring(self.request)
        user = self.request.user
        context["rows"] = [
            (match, permissions.may_answer(user, match)) for match in context["object_list"]
        ]
        return context


class MatchDetailView(TwoFactorRequiredMixin, DetailView):
    template_name = "assistance/match_detail.html"
    context_object_name = "match"

    def get_object(self, queryset=None):
        return _match(self.request, self.kwargs["pk"])

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
        context.setdefault("message_form", forms.MessageForm())
        context["decline_form"] = forms.DeclineForm()
        return context


class MatchAnswerView(TwoFactorRequiredMixin, View):
    answer = "accept"

    def post(self, request, pk):
        match = _match(request, pk)
        try:
            if self.answer == "accept":
                services.accept_match(acting_user=request.user, match=match)
                messages.success(request, _("Match accepted. The other side has been told."))
            elif self.answer == "decline":
                services.decline_match(
                    acting_user=request.user, match=match, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Match declined. The other side has been told."))
            else:
                services.withdraw_match(acting_user=request.user, match=match)
                messages.success(request, _("Proposal withdrawn."))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(match)


class MatchMessageView(TwoFactorRequiredMixin, View):
    def post(self, request, pk):
        match = _match(request, pk)
        form = forms.MessageForm(request.POST)
        if form.is_valid():
            try:
                services.post_message(
                    acting_user=request.user, match=match, body=form.cleaned_data["body"]
                )
                messages.success(request, _("Message sent."))
                return redirect(
                    reverse("assistance:match_detail", args=[match.pk]) + "#conversation"
                )
            except ValidationError as error:
                _show_errors(form, error)
        view = MatchDetailView(request=request, kwargs={"pk": pk}, object=match)
        context = view.get_context_data(object=match, message_form=form)
        return render(request, MatchDetailView.template_name, context, status=400)


# Projects --------------------------------------------------------------------------------


def _project(request, pk, action="view") -> Project:
    queryset = Project.objects.visible_to(request.user, action).select_related(
        "recipient_state", "implementer", "match"
    )
    return get_object_or_404(queryset, pk=pk)


class ProjectListView(CsvExportMixin, FilterView):
    filterset_class = ProjectFilter
    template_name = "assistance/project_list.html"
    paginate_by = 50
    export_filename = "assistance-projects"

    def get_queryset(self):
        return (
            Project.objects.visible_to(self.request.user)
            .select_related("recipient_state", "implementer")
            .prefetch_related("funders__state", "funders__organization", "themes")
            .order_by("-created_at")
        )

    def get_export_columns(self):
        return [
            Column("id", lambda p: p.pk),
            Column("title", lambda p: p.title),
            Column(
                "recipient_state", lambda p: p.recipient_state.iso3 if p.recipient_state_id else ""
            ),
            Column("funders", lambda p: _names(f.owner for f in p.funders.all())),
            Column("implementer", lambda p: p.implementer_label),
            Column("budget_amount", lambda p: p.budget_amount),
            Column("currency", lambda p: p.currency),
            Column("budget_usd", lambda p: p.budget_usd),
            Column("starts_on", lambda p: p.starts_on),
            Column("ends_on", lambda p: p.ends_on),
            Column("themes", lambda p: ";".join(t.code for t in p.themes.all())),
            Column("status", lambda p: p.status),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["querystring"] = _querystring(self.request)
        context["may_record"] = permissions.may_record_project(self.request.user)
        return context


class ProjectDetailView(DetailView):
    template_name = "assistance/project_detail.html"
    context_object_name = "project"

    def get_object(self, queryset=None):
        return _project(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project, user = self.object, self.request.user
        context["funders"] = project.funders.select_related("state", "organization")
        context["needs"] = Need.objects.visible_to(user).filter(projects=project)
        context["indicators"] = project.indicators.prefetch_related(
            Prefetch("progress", queryset=ProgressReport.objects.order_by("reported_on"))
        )
        context["may_edit"] = (
            Project.objects.visible_to(user, "edit").filter(pk=project.pk).exists()
        )
        context["may_report"] = (
            Project.objects.visible_to(user, "progress").filter(pk=project.pk).exists()
        )
        context["off_target"] = services.off_target(project)
        return context


class ProjectCreateView(TwoFactorRequiredMixin, FormView):
    """Record a funded project, from an accepted match (?match=) or directly."""

    form_class = forms.ProjectForm
    template_name = "assistance/form.html"
    match = None

    def has_access(self):
        if not permissions.may_record_project(self.request.user):
            return False
        if self.request.GET.get("match"):
            self.match = _match(self.request, self.request.GET["match"])
            return self.match.status == MatchStatus.ACCEPTED
        return True

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "owners": permissions.offer_owners(user),
            "needs": Need.objects.visible_to(user).exclude(status=NeedStatus.WITHDRAWN),
            "with_funder": self.match is None and not permissions.is_system_staff(user),
        }

    def get_initial(self):
        if self.match is None:
            return {}
        need, offer = self.match.need, self.match.offer
        return {
            "title": need.title,
            "recipient_state": need.state,
            "needs": [need],
            "themes": list(need.themes.all()),
            "budget_amount": need.budget_amount,
            "currency": need.currency,
            "starts_on": need.starts_on,
            "ends_on": need.ends_on,
            "funder": forms.owner_key(offer.owner),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Record a funded project"),
            intro=(
                _("From the match between “{need}” and “{offer}”.").format(
                    need=self.match.need.title, offer=self.match.offer.title
                )
                if self.match
                else ""
            ),
            **kwargs,
        )

    def form_valid(self, form):
        values = form.values()
        if self.match is not None:
            values["funders"] = []
        try:
            project = services.record_project(
                acting_user=self.request.user, match=self.match, **values
            )
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            raise Http404 from None
        messages.success(self.request, _("Project recorded. Add its indicators below."))
        return redirect(project)


class ProjectUpdateView(TwoFactorRequiredMixin, FormView):
    form_class = forms.ProjectForm
    template_name = "assistance/form.html"

    def has_access(self):
        self.project = _project(self.request, self.kwargs["pk"], "edit")
        return True

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "needs": Need.objects.visible_to(self.request.user),
            "with_funder": False,
        }

    def get_initial(self):
        p = self.project
        return {
            **{
                name: getattr(p, name)
                for name in (
                    "title",
                    "description",
                    "recipient_state",
                    "implementer",
                    "implementer_name",
                    "budget_amount",
                    "currency",
                    "starts_on",
                    "ends_on",
                    "status",
                    "outcome",
                )
            },
            "needs": list(p.needs.all()),
            "themes": list(p.themes.all()),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit the project"), back=self.project.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        values = form.values()
        values.pop("funders")
        try:
            project = services.update_project(
                acting_user=self.request.user, project=self.project, **values
            )
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Project saved."))
        return redirect(project)


class IndicatorCreateView(TwoFactorRequiredMixin, FormView):
    form_class = forms.IndicatorForm
    template_name = "assistance/form.html"

    def has_access(self):
        self.project = _project(self.request, self.kwargs["pk"], "edit")
        return True

    def get_form_kwargs(self):
        from .models import NeedObjective

        return {
            **super().get_form_kwargs(),
            "objectives": NeedObjective.objects.filter(need__projects=self.project),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Add an indicator to “{project}”").format(project=self.project.title),
            back=self.project.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.save_indicator(
                acting_user=self.request.user, project=self.project, **form.cleaned_data
            )
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Indicator added."))
        return redirect(self.project)


class ProgressCreateView(TwoFactorRequiredMixin, FormView):
    form_class = forms.ProgressForm
    template_name = "assistance/form.html"

    def has_access(self):
        self.project = _project(self.request, self.kwargs["pk"], "progress")
        return True

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "indicators": ProjectIndicator.objects.filter(project=self.project),
        }

    def get_initial(self):
        return {"reported_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Report progress on “{project}”").format(project=self.project.title),
            back=self.project.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.report_progress(acting_user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Progress reported."))
        return redirect(self.project)


# Funding calls and proposals -------------------------------------------------------------


class CallListView(CsvExportMixin, FilterView):
    filterset_class = FundingCallFilter
    template_name = "assistance/call_list.html"
    paginate_by = 50
    export_filename = "funding-calls"

    def get_queryset(self):
        return (
            FundingCall.objects.visible_to(self.request.user)
            .select_related("state", "organization")
            .order_by("-deadline")
        )

    def get_export_columns(self):
        return [
            Column("id", lambda c: c.pk),
            Column("title", lambda c: c.title),
            Column("funder", lambda c: str(c.funder) if c.funder else "secretariat"),
            Column("budget_amount", lambda c: c.budget_amount),
            Column("currency", lambda c: c.currency),
            Column("deadline", lambda c: c.deadline),
            Column("status", lambda c: c.status),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["querystring"] = _querystring(self.request)
        context["may_open"] = permissions.may_open_any_call(user)
        context["may_propose_rapid"] = bool(permissions.proposers(user))
        return context


class CallDetailView(DetailView):
    template_name = "assistance/call_detail.html"
    context_object_name = "call"

    def get_object(self, queryset=None):
        return get_object_or_404(
            FundingCall.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call, user = self.object, self.request.user
        context["criteria"] = call.criteria.all()
        context["accepts"] = services.call_accepts_proposals(call)
        context["may_propose"] = context["accepts"] and bool(permissions.proposers(user))
        context["may_manage"] = (
            FundingCall.objects.visible_to(user, "edit").filter(pk=call.pk).exists()
        )
        proposals = (
            Proposal.objects.visible_to(user)
            .filter(call=call)
            .prefetch_related("scores", "call__criteria")
        )
        context["proposals"] = [(p, services.weighted_total(p)) for p in proposals]
        return context


class CallCreateView(TwoFactorRequiredMixin, FormView):
    form_class = forms.CallForm
    template_name = "assistance/form.html"

    def has_access(self):
        return permissions.may_open_any_call(self.request.user)

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "owners": permissions.funder_owners(user),
            "secretariat": permissions.is_system_staff(user),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Open a funding call"), **kwargs)

    def form_valid(self, form):
        try:
            call = services.open_call(acting_user=self.request.user, **form.values())
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            raise Http404 from None
        messages.success(self.request, _("Funding call opened."))
        return redirect(call)


class CallCloseView(TwoFactorRequiredMixin, View):
    def post(self, request, pk):
        call = get_object_or_404(FundingCall.objects.visible_to(request.user, "edit"), pk=pk)
        services.close_call(acting_user=request.user, call=call)
        messages.success(request, _("Funding call closed."))
        return redirect(call)


class ProposalCreateView(TwoFactorRequiredMixin, FormView):
    """Submit a proposal to a call (``pk``), or a rapid-response proposal (no call)."""

    form_class = forms.ProposalForm
    template_name = "assistance/form.html"
    call = None

    def has_access(self):
        if "pk" in self.kwargs:
            self.call = get_object_or_404(FundingCall.objects.all(), pk=self.kwargs["pk"])
        if not permissions.proposers(self.request.user):
            raise Http404
        return True

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
        title = (
            _("Submit a proposal to “{call}”").format(call=self.call.title)
            if self.call
            else _("Submit a rapid-response proposal")
        )
        intro = (
            ""
            if self.call
            else _(
                "For emergencies: a rapid-response proposal can be submitted at any time, "
                "without a call. The secretariat reviews it."
            )
        )
        return super().get_context_data(title=title, intro=intro, **kwargs)

    def form_valid(self, form):
        try:
            proposal = services.submit_proposal(
                acting_user=self.request.user, call=self.call, **form.values()
            )
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            raise Http404 from None
        messages.success(self.request, _("Proposal submitted."))
        return redirect(proposal)


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


class ProposalDetailView(TwoFactorRequiredMixin, DetailView):
    template_name = "assistance/proposal_detail.html"
    context_object_name = "proposal"

    def get_object(self, queryset=None):
        queryset = Proposal.objects.visible_to(self.request.user).select_related(
            "call", "state", "organization"
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal, user = self.object, self.request.user
        context["needs"] = Need.objects.visible_to(user).filter(proposals=proposal)
        context["may_review"] = permissions.may(user, "review", proposal)
        criteria = list(proposal.call.criteria.all()) if proposal.call_id else []
        if context["may_review"] and "score_form" not in context:
            mine = {s.criterion_id: s for s in proposal.scores.filter(reviewer=user)}
            initial = {}
            for c in criteria:
                if c.pk in mine:
                    initial[f"score_{c.pk}"] = mine[c.pk].score
                    initial[f"comment_{c.pk}"] = mine[c.pk].comment
            context["score_form"] = forms.ScoreForm(criteria=criteria, initial=initial)
        context["total"] = services.weighted_total(proposal)
        context["scores"] = (
            proposal.scores.select_related("criterion", "reviewer") if context["may_review"] else []
        )
        context["project"] = getattr(proposal, "project", None)
        return context


class ProposalScoreView(TwoFactorRequiredMixin, View):
    def post(self, request, pk):
        proposal = get_object_or_404(Proposal.objects.visible_to(request.user, "review"), pk=pk)
        criteria = list(proposal.call.criteria.all()) if proposal.call_id else []
        form = forms.ScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                services.score_proposal(
                    acting_user=request.user, proposal=proposal, scores=form.scores()
                )
                messages.success(request, _("Scores saved."))
                return redirect(proposal)
            except ValidationError as error:
                _show_errors(form, error)
        view = ProposalDetailView(request=request, kwargs={"pk": pk}, object=proposal)
        context = view.get_context_data(object=proposal, score_form=form)
        return render(request, ProposalDetailView.template_name, context, status=400)


class ProposalDecideView(TwoFactorRequiredMixin, View):
    award = True

    def post(self, request, pk):
        proposal = get_object_or_404(Proposal.objects.visible_to(request.user, "review"), pk=pk)
        try:
            if self.award:
                project = services.award_proposal(acting_user=request.user, proposal=proposal)
                messages.success(request, _("Proposal awarded: it is now a project."))
                return redirect(project)
            services.reject_proposal(acting_user=request.user, proposal=proposal)
            messages.success(request, _("Proposal not retained."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(proposal)


# The secretariat -------------------------------------------------------------------------


def overview(user) -> dict:
    """The whole picture for the secretariat (docs/assistance.md explains each figure)."""
    needs = list(
        Need.objects.visible_to(user)
        .exclude(status=NeedStatus.WITHDRAWN)
        .select_related("state__region")
        .prefetch_related("themes", "beneficiary_states__region", "projects")
    )
    by_theme, by_region = Counter(), Counter()
    met_by_theme = Counter()
    for need in needs:
        for theme in need.themes.all():
            by_theme[theme.name] += 1
            if need.status == NeedStatus.MET:
                met_by_theme[theme.name] += 1
        regions = {s.region.name for s in need.beneficiary_states.all() if s.region_id}
        if need.state_id and need.state.region_id:
            regions.add(need.state.region.name)
        for region in regions:
            by_region[region] += 1
    met = sum(1 for n in needs if n.status == NeedStatus.MET)
    funded_days = []
    for need in needs:
        projects = [p for p in need.projects.all() if p.status != ProjectStatus.CANCELLED]
        if projects:
            first = min(p.created_at for p in projects)
            funded_days.append(max(0, (first - need.created_at).days))
    projects = list(
        Project.objects.visible_to(user)
        .exclude(status=ProjectStatus.CANCELLED)
        .select_related("recipient_state__region")
        .prefetch_related("themes", "indicators__progress")
    )
    funds_theme, funds_region = defaultdict(Decimal), defaultdict(Decimal)
    unconverted = 0
    for project in projects:
        if project.budget_usd is None:
            unconverted += 1
            continue
        themes = list(project.themes.all())
        for theme in themes:
            # A project on several themes counts in full under each (the note says so).
            funds_theme[theme.name] += project.budget_usd
        region = (
            project.recipient_state.region.name
            if project.recipient_state_id
            else _("Several States")
        )
        funds_region[region] += project.budget_usd
    return {
        "needs_total": len(needs),
        "needs_by_theme": [
            (name, count, met_by_theme[name])
            for name, count in sorted(by_theme.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "needs_by_region": sorted(by_region.items(), key=lambda kv: (-kv[1], kv[0])),
        "met": met,
        "share_met": round(100 * met / len(needs)) if needs else None,
        "median_days_to_funding": statistics.median(funded_days) if funded_days else None,
        "funded_needs": len(funded_days),
        "funds_by_theme": sorted(funds_theme.items(), key=lambda kv: (-kv[1], kv[0])),
        "funds_by_region": sorted(funds_region.items(), key=lambda kv: (-kv[1], kv[0])),
        "unconverted_projects": unconverted,
        "off_target": [p for p in projects if services.off_target(p)],
    }


class OverviewView(SystemStaffRequiredMixin, TemplateView):
    template_name = "assistance/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(overview(self.request.user))
        context["duplicate_flags"] = _duplicates().all_flags(self.request.user)
        return context


class ExchangeRateView(SystemStaffRequiredMixin, FormView):
    form_class = forms.ExchangeRateForm
    template_name = "assistance/exchangerate_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rates=ExchangeRate.objects.all(), **kwargs)

    def form_valid(self, form):
        try:
            services.set_exchange_rate(acting_user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Exchange rate saved; budgets converted again."))
        return redirect("assistance:exchangerate_list")
