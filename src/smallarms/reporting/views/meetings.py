"""Meetings, reporting cycles and submission figures. Reading is public; adding and editing
meetings and cycles is the secretariat's (with two-factor authentication), and everyone
else gets 404. Views are thin: every write is a ``services`` call."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from smallarms.accounts import permissions
from smallarms.accounts.mixins import SystemStaffRequiredMixin
from smallarms.core.exports import Column, CsvExportMixin
from smallarms.core.i18n import LANGUAGE_LABELS
from smallarms.core.text import sort_key
from smallarms.core.views.generic import ObjectListView

from .. import statistics
from ..filters import CycleFilter, MeetingFilter
from ..forms import CycleForm, MeetingForm, title_field_name
from ..models import Meeting, ReportingCycle
from ..services import meetings


def _meeting(code: str) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("chair_state"), code__iexact=code.strip()
    )


def _cycle(code: str) -> ReportingCycle:
    cycle = meetings.find_cycle(code)
    if cycle is None:
        raise Http404
    return cycle


def _percent(rate: float) -> float:
    return round(rate * 100, 1)


class MeetingListView(ObjectListView):
    model = Meeting
    filterset_class = MeetingFilter
    template_name = "reporting/meeting_list.html"
    title = gettext_lazy("Meetings of the Programme of Action")
    paginate_by = None
    select_related = ("chair_state", "reporting_cycle")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = permissions.may_manage_reporting(self.request.user)
        return context


class MeetingDetailView(DetailView):
    template_name = "reporting/meeting_detail.html"
    context_object_name = "meeting"

    def get_object(self, queryset=None):
        return _meeting(self.kwargs["code"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cycle"] = ReportingCycle.objects.filter(meeting=self.object).first()
        context["title_rows"] = [
            (code, label, self.object.titles.get(code, "")) for code, label in LANGUAGE_LABELS
        ]
        context["can_manage"] = permissions.may_manage_reporting(self.request.user)
        return context


class CycleListView(CsvExportMixin, FilterView):
    """The figures across cycles: a table, a chart of the same numbers, and the CSV."""

    filterset_class = CycleFilter
    template_name = "reporting/cycle_list.html"
    export_filename = "reporting-cycles"

    def get_queryset(self):
        return statistics.with_submission_counts(
            ReportingCycle.objects.select_related("meeting")
        ).order_by("opens_on")

    def get_export_rows(self, queryset):
        states = statistics.member_state_count()
        for cycle in queryset:
            cycle.states = states
            cycle.rate = statistics.rate(cycle.submitted, states)
        return queryset

    def get_export_columns(self):
        return [
            Column("cycle", lambda c: c.code),
            Column("meeting_kind", lambda c: c.meeting.kind),
            Column("meeting_title_en", lambda c: c.meeting.titles.get("en", "")),
            Column("meeting_starts_on", lambda c: c.meeting.starts_on.isoformat()),
            Column("opens_on", lambda c: c.opens_on.isoformat()),
            Column("closes_on", lambda c: c.closes_on.isoformat()),
            Column("dates_approximate", lambda c: "true" if c.dates_approximate else "false"),
            Column("submitted", lambda c: c.submitted),
            Column("states", lambda c: c.states),
            Column("rate", lambda c: c.rate),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        states = statistics.member_state_count()
        rows = []
        for cycle in self.object_list:
            rate = statistics.rate(cycle.submitted, states)
            rows.append({"cycle": cycle, "rate": rate, "percent": _percent(rate)})
        context.update(
            rows=rows,
            states=states,
            querystring=self.request.GET.urlencode(),
            can_manage=permissions.may_manage_reporting(self.request.user),
        )
        return context


class CycleDetailView(DetailView):
    template_name = "reporting/cycle_detail.html"
    context_object_name = "cycle"

    def get_object(self, queryset=None):
        return _cycle(self.kwargs["code"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stats = statistics.cycle_stats(self.object)
        tables = statistics.breakdown(stats)
        for rows in tables.values():
            for row in rows:
                row["percent"] = _percent(row["rate"])
        submissions = self.object.submissions.select_related("state")
        context.update(
            stats=stats,
            percent=_percent(stats["rate"]),
            groups=tables["groups"],
            regions=tables["regions"],
            submissions=sorted(submissions, key=lambda s: sort_key(s.state.short_name)),
            can_manage=permissions.may_manage_reporting(self.request.user),
        )
        return context


def _show_errors(form, error: ValidationError, field_map: dict):
    """Put the model's validation messages on the form fields they concern."""
    for name, errors in error.update_error_dict({}).items():
        name = field_map.get(name, name)
        form.add_error(name if name in form.fields else None, errors)


class MeetingFormView(SystemStaffRequiredMixin, FormView):
    form_class = MeetingForm
    template_name = "reporting/meeting_form.html"
    meeting = None

    def get_initial(self):
        return MeetingForm.initial_for(self.meeting) if self.meeting else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def form_valid(self, form):
        try:
            if self.meeting is None:
                meeting = meetings.create_meeting(acting_user=self.request.user, **form.values())
                messages.success(self.request, _("Meeting {code} added.").format(code=meeting.code))
            else:
                meeting = meetings.update_meeting(
                    acting_user=self.request.user, meeting=self.meeting, **form.values()
                )
                messages.success(self.request, _("Meeting {code} saved.").format(code=meeting.code))
        except ValidationError as error:
            _show_errors(form, error, {"titles": title_field_name("en")})
            return self.form_invalid(form)
        return redirect(meeting)


class MeetingCreateView(MeetingFormView):
    pass


class MeetingUpdateView(MeetingFormView):
    def has_access(self):
        if not super().has_access():
            return False
        self.meeting = _meeting(self.kwargs["code"])
        return True


class CycleFormView(SystemStaffRequiredMixin, FormView):
    form_class = CycleForm
    template_name = "reporting/cycle_form.html"
    cycle = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cycle": self.cycle}

    def get_initial(self):
        if self.cycle:
            return CycleForm.initial_for(self.cycle)
        meeting = self.request.GET.get("meeting")
        found = Meeting.objects.filter(code__iexact=meeting).first() if meeting else None
        return {"meeting": found.pk} if found else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=self.cycle, **kwargs)

    def form_valid(self, form):
        try:
            if self.cycle is None:
                cycle = meetings.create_cycle(acting_user=self.request.user, **form.cleaned_data)
                message = _("Reporting cycle {code} added.")
            else:
                cycle = meetings.update_cycle(
                    acting_user=self.request.user, cycle=self.cycle, **form.cleaned_data
                )
                message = _("Reporting cycle {code} saved.")
        except ValidationError as error:
            _show_errors(form, error, {})
            return self.form_invalid(form)
        messages.success(self.request, message.format(code=cycle.code))
        return redirect(cycle)


class CycleCreateView(CycleFormView):
    pass


class CycleUpdateView(CycleFormView):
    def has_access(self):
        if not super().has_access():
            return False
        self.cycle = _cycle(self.kwargs["code"])
        return True
