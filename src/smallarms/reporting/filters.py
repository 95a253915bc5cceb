"""One filter definition per list, shared by its page, its API endpoint and its CSV export."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from smallarms.accounts import permissions
from smallarms.core.filters import WordSearchFilter, YearFilter
from smallarms.states.choices import AreaLevel, RegionalGroup
from smallarms.states.models import Area, State
from smallarms.themes.models import Theme

from .choices import MeetingKind, ReportStatus
from .models import Answer, Meeting, Report, ReportingCycle


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MeetingKind.choices)
    year_from = YearFilter(
        label=_("From the year"), field_name="starts_on", lookup_expr="year__gte"
    )
    year_to = YearFilter(label=_("To the year"), field_name="starts_on", lookup_expr="year__lte")

    class Meta:
        model = Meeting
        fields = ["kind", "year_from", "year_to"]


class CycleFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind of meeting"), choices=MeetingKind.choices, field_name="meeting__kind"
    )
    year_from = YearFilter(
        label=_("From the year"), field_name="meeting__starts_on", lookup_expr="year__gte"
    )
    year_to = YearFilter(
        label=_("To the year"), field_name="meeting__starts_on", lookup_expr="year__lte"
    )

    class Meta:
        model = ReportingCycle
        fields = ["kind", "year_from", "year_to"]


class ReportFilter(django_filters.FilterSet):
    state = django_filters.ModelChoiceFilter(
        label=_("State"), queryset=State.objects.all(), to_field_name="iso3"
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Area.objects.filter(level=AreaLevel.REGION),
        to_field_name="code",
        field_name="state__region",
    )
    regional_group = django_filters.ChoiceFilter(
        label=_("Regional group"), choices=RegionalGroup.choices, field_name="state__regional_group"
    )
    cycle = django_filters.CharFilter(
        label=_("Reporting cycle"), field_name="cycle__meeting__code", max_length=12
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"),
        choices=lambda: [(t.code, t.name) for t in Theme.objects.all()],
        field_name="answers__question__themes__code",
        method="answered_on_theme",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)
    q = WordSearchFilter(label=_("Words in the answers"), method="words")

    class Meta:
        model = Report
        fields = ["state", "region", "regional_group", "cycle", "theme", "status", "q"]

    def answered_on_theme(self, queryset, _name, theme: str):
        """Reports with an answer to a question of the theme (its code)."""
        answered = Answer.objects.filter(
            report=OuterRef("pk"), question__themes__code=theme, value__isnull=False
        )
        return queryset.filter(Exists(answered))

    def words(self, queryset, _name, value):
        """Every word must appear in some answer the reader may see."""
        field = (
            "official_text"
            if permissions.sees_restricted(getattr(self.request, "user", None))
            else "public_text"
        )
        for word in value.split():
            queryset = queryset.filter(**{f"{field}__icontains": word})
        return queryset
