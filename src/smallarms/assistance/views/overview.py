"""The secretariat's pages of assistance: the overview and the exchange rates."""

import statistics
from collections import Counter, defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from smallarms.accounts.mixins import SystemStaffRequiredMixin
from smallarms.core.views.generic import show_errors

from .. import duplicates
from ..choices import NeedStatus, ProjectStatus
from ..forms.money import ExchangeRateForm
from ..models import ExchangeRate, Need, Project
from ..services import money
from ..services.projects import off_target


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
        "off_target": [p for p in projects if off_target(p)],
    }


class OverviewView(SystemStaffRequiredMixin, TemplateView):
    template_name = "assistance/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(overview(self.request.user))
        context["duplicate_flags"] = duplicates.all_flags(self.request.user)
        return context


class ExchangeRateView(SystemStaffRequiredMixin, FormView):
    form_class = ExchangeRateForm
    template_name = "assistance/exchangerate_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rates=ExchangeRate.objects.all(), **kwargs)

    def form_valid(self, form):
        try:
            money.set_exchange_rate(acting_user=self.request.user, **form.values())
        except ValidationError as error:
            show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Exchange rate saved; budgets converted again."))
        return redirect("assistance:exchangerate_list")
