"""Pages of funded projects, their indicators and progress."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smallarms.accounts import permissions
from smallarms.core.columns import model_columns
from smallarms.core.exports import Column
from smallarms.core.forms import owner_key
from smallarms.core.views.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectFormView,
    ObjectListView,
)

from ..choices import MatchStatus, NeedStatus
from ..filters import ProjectFilter
from ..forms.projects import IndicatorForm, ProgressForm, ProjectForm
from ..models import Match, Need, NeedObjective, ProgressReport, Project, ProjectIndicator
from ..services import projects


class ProjectListView(ObjectListView):
    model = Project
    filterset_class = ProjectFilter
    template_name = "assistance/project_list.html"
    title = gettext_lazy("Funded projects")
    export_filename = "assistance-projects"
    select_related = ("recipient_state", "implementer")
    prefetch_related = ("funders__state", "funders__organization", "themes")
    ordering = ("-created_at",)

    def get_export_columns(self):
        shown = [name for name in Project.FIELDS if name != "needs"]  # needs may be private
        return [
            Column("id", lambda p: p.pk),
            *model_columns(Project, shown),
            Column("funders", lambda p: "; ".join(str(f.owner) for f in p.funders.all())),
            *model_columns(Project, ("budget_usd",)),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_record"] = permissions.may_record_project(self.request.user)
        return context


class ProjectDetailView(ObjectDetailView):
    model = Project
    template_name = "assistance/project_detail.html"
    context_object_name = "project"
    select_related = ("recipient_state", "implementer", "match")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project, user = self.object, self.request.user
        context["funders"] = project.funders.select_related("state", "organization")
        context["needs"] = Need.objects.visible_to(user).filter(projects=project)
        context["indicators"] = project.indicators.prefetch_related(
            Prefetch("progress", queryset=ProgressReport.objects.order_by("reported_on"))
        )
        context["may_edit"] = permissions.may(user, "edit", project)
        context["may_report"] = permissions.may(user, "progress", project)
        context["off_target"] = projects.off_target(project)
        return context


class ProjectCreateView(ObjectFormView):
    """Record a funded project, from an accepted match (?match=) or directly."""

    form_class = ProjectForm
    template_name = "assistance/form.html"
    title = gettext_lazy("Record a funded project")
    success_message = gettext_lazy("Project recorded. Add its indicators below.")
    match = None

    def has_access(self):
        if not permissions.may_record_project(self.request.user):
            return False
        if self.request.GET.get("match"):
            self.match = get_object_or_404(
                Match.objects.visible_to(self.request.user).select_related("need", "offer"),
                pk=self.request.GET["match"],
            )
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
            "funder": owner_key(offer.owner),
        }

    def get_context_data(self, **kwargs):
        if self.match is not None:
            kwargs.setdefault(
                "intro",
                _("From the match between “{need}” and “{offer}”.").format(
                    need=self.match.need.title, offer=self.match.offer.title
                ),
            )
        return super().get_context_data(**kwargs)

    def save(self, form):
        values = form.values()
        if self.match is not None:
            values["funders"] = []
        return projects.record_project(acting_user=self.request.user, match=self.match, **values)


class ProjectUpdateView(ObjectEditView):
    model = Project
    form_class = ProjectForm
    template_name = "assistance/form.html"
    title = gettext_lazy("Edit the project")
    success_message = gettext_lazy("Project saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "needs": Need.objects.visible_to(self.request.user),
            "with_funder": False,
        }

    def get_initial(self):
        return ProjectForm.initial_for(self.object)

    def save(self, form):
        values = form.values()
        values.pop("funders")
        return projects.update_project(acting_user=self.request.user, project=self.object, **values)


class IndicatorCreateView(ObjectEditView):
    model = Project
    form_class = IndicatorForm
    template_name = "assistance/form.html"
    success_message = gettext_lazy("Indicator added.")

    def get_form_kwargs(self):
        objectives = NeedObjective.objects.filter(need__projects=self.object)
        return {**super().get_form_kwargs(), "objectives": objectives}

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "title", _("Add an indicator to “{project}”").format(project=self.object.title)
        )
        return super().get_context_data(**kwargs)

    def save(self, form):
        projects.save_indicator(acting_user=self.request.user, project=self.object, **form.values())
        return self.object


class ProgressCreateView(ObjectEditView):
    model = Project
    action = "progress"
    form_class = ProgressForm
    template_name = "assistance/form.html"
    success_message = gettext_lazy("Progress reported.")

    def get_form_kwargs(self):
        indicators = ProjectIndicator.objects.filter(project=self.object)
        return {**super().get_form_kwargs(), "indicators": indicators}

    def get_initial(self):
        return {"reported_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "title", _("Report progress on “{project}”").format(project=self.object.title)
        )
        return super().get_context_data(**kwargs)

    def save(self, form):
        projects.report_progress(acting_user=self.request.user, **form.values())
        return self.object
