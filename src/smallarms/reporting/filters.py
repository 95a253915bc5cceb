"""One filter definition per list, shared by its page, its API endpoint and its CSV export."""

import django_filters
from django.utils.translation import gettext_lazy as _

from smallarms.core.filters import YearFilter

from .choices import MeetingKind
from .models import Meeting, ReportingCycle


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
