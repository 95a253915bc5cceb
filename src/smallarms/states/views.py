"""Pages of the reference data. States and organizations are public: every visitor sees all."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from smallarms.core.exports import Column
from smallarms.core.i18n import LANGUAGE_CODES, LANGUAGE_LABELS
from smallarms.core.text import sort_key
from smallarms.core.views.generic import ObjectListView

from . import reference
from .choices import RegionalGroup
from .filters import OrganizationFilter, StateFilter
from .models import Organization, OrganizationMembership, State


class StateListView(ObjectListView):
    model = State
    filterset_class = StateFilter
    template_name = "states/state_list.html"
    title = gettext_lazy("States")
    export_filename = "states"
    paginate_by = None
    select_related = ("region", "subregion", "intermediate_region")

    def get_export_rows(self, queryset):
        return sorted(queryset, key=lambda state: state.name_en)

    def get_export_columns(self):
        columns = [
            Column("iso3", lambda s: s.iso3),
            Column("iso2", lambda s: s.iso2),
            Column("m49", lambda s: s.m49),
            Column("un_member", lambda s: "true" if s.un_member else "false"),
            Column("regional_group", lambda s: s.regional_group),
            Column("region", lambda s: s.region.names["en"]),
            Column("subregion", lambda s: s.subregion.names["en"]),
            Column(
                "intermediate_region",
                lambda s: s.intermediate_region.names["en"] if s.intermediate_region else "",
            ),
        ]
        for code in LANGUAGE_CODES:
            columns.append(Column(f"short_name_{code}", lambda s, c=code: s.names[c]["short"]))
            columns.append(Column(f"formal_name_{code}", lambda s, c=code: s.names[c]["formal"]))
        return columns

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        states = sorted(self.object_list, key=lambda s: sort_key(s.short_name))
        # The regional group's label, looked up once per group rather than through
        # get_regional_group_display, which rebuilds the choices for each of 195 rows.
        groups = {code: str(label) for code, label in RegionalGroup.choices}
        for state in states:
            state.regional_group_label = groups.get(state.regional_group, "")
        context["object_list"] = states
        return context


class StateDetailView(DetailView):
    template_name = "states/state_detail.html"
    context_object_name = "state"

    def get_object(self, queryset=None):
        return get_object_or_404(
            State.objects.select_related("region", "subregion", "intermediate_region"),
            iso3=self.kwargs["iso3"].upper(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.object
        data = next(s for s in reference.states() if s["iso3"] == state.iso3)
        context["name_rows"] = [
            (code, label, state.names[code]["short"], state.names[code]["formal"])
            for code, label in LANGUAGE_LABELS
        ]
        context["former_names"] = data.get("former_names", [])
        context["memberships"] = sorted(
            state.memberships.select_related("organization"),
            key=lambda m: sort_key(m.organization.name),
        )
        return context


class OrganizationListView(ObjectListView):
    model = Organization
    filterset_class = OrganizationFilter
    template_name = "states/organization_list.html"
    title = gettext_lazy("Organizations")
    export_filename = "organizations"
    paginate_by = None
    select_related = ("parent",)
    prefetch_related = ("memberships",)

    def get_export_columns(self):
        columns = [
            Column("slug", lambda o: o.slug),
            Column("kind", lambda o: o.kind),
            Column("parent", lambda o: o.parent.slug if o.parent else ""),
            Column("headquarters", lambda o: o.headquarters),
            Column("website", lambda o: o.website),
            Column("member_states", lambda o: len(o.memberships.all())),
        ]
        for code in LANGUAGE_CODES:
            columns.append(Column(f"name_{code}", lambda o, c=code: o.names[c]["name"]))
            columns.append(Column(f"acronym_{code}", lambda o, c=code: o.names[c]["acronym"]))
        return columns

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = sorted(self.object_list, key=lambda o: sort_key(o.name))
        return context


class OrganizationDetailView(DetailView):
    template_name = "states/organization_detail.html"
    context_object_name = "organization"
    slug_url_kwarg = "slug"

    def get_queryset(self):
        return Organization.objects.select_related("parent").prefetch_related(
            Prefetch(
                "memberships",
                queryset=OrganizationMembership.objects.select_related("state"),
            ),
            "units",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        context["name_rows"] = [
            (code, label, organization.names[code]["name"], organization.names[code]["acronym"])
            for code, label in LANGUAGE_LABELS
        ]
        context["memberships"] = sorted(
            organization.memberships.all(), key=lambda m: sort_key(m.state.short_name)
        )
        return context
