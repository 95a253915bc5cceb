"""Report templates: anyone reads a template in their language; the secretariat imports a
new version from a file or copies one to change it, and downloads any version as a file."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from smallarms.accounts import permissions
from smallarms.accounts.mixins import SystemStaffRequiredMixin
from smallarms.audit.choices import Event
from smallarms.audit.services import record

from ..models import ReportTemplate
from ..services import templates

# A template file: the standard template is about 300 KB in six languages.
MAX_TEMPLATE_MEGABYTES = 2
MAX_TEMPLATE_BYTES = MAX_TEMPLATE_MEGABYTES * 1024 * 1024


class TemplateListView(ListView):
    template_name = "reporting/template_list.html"
    context_object_name = "templates"

    def get_queryset(self):
        return ReportTemplate.objects.prefetch_related("cycles__meeting")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = permissions.may_manage_reporting(self.request.user)
        return context


class TemplateDetailView(DetailView):
    template_name = "reporting/template_detail.html"
    context_object_name = "template"

    def get_object(self, queryset=None):
        return get_object_or_404(
            ReportTemplate, code=self.kwargs["code"], version=self.kwargs["version"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = list(
            self.object.sections.prefetch_related("questions__themes", "questions__maps_to")
        )
        by_code = {q.code: q for section in sections for q in section.questions.all()}
        for question in by_code.values():
            if question.show_if:
                other = by_code.get(question.show_if.get("question"))
                question.condition = (
                    other,
                    other.value_label(question.show_if.get("equals")) if other else "",
                )
        context["sections"] = sections
        context["can_manage"] = permissions.may_manage_reporting(self.request.user)
        return context


class TemplateDownloadView(View):
    def get(self, request, code, version):
        template = get_object_or_404(ReportTemplate, code=code, version=version)
        response = JsonResponse(
            templates.export(template),
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
        response["Content-Disposition"] = f'attachment; filename="{code}-v{version}.json"'
        record(Event.DOWNLOAD, obj=template, data={"format": "json"})
        return response


class TemplateImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Template file (JSON)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A file in the format of a downloaded template; at most {megabytes} MB."
        ).format(megabytes=MAX_TEMPLATE_MEGABYTES)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise ValidationError(
                _("The file is larger than {megabytes} MB.").format(
                    megabytes=MAX_TEMPLATE_MEGABYTES
                )
            )
        try:
            return json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValidationError(
                _("The file is not valid JSON: {error}").format(error=error)
            ) from None


class TemplateImportView(SystemStaffRequiredMixin, FormView):
    form_class = TemplateImportForm
    template_name = "reporting/template_import.html"

    def form_valid(self, form):
        try:
            template, written = templates.import_template(
                form.cleaned_data["file"], acting_user=self.request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        if written:
            messages.success(
                self.request,
                _("Version {version} of the template has been imported.").format(
                    version=template.version
                ),
            )
        else:
            messages.info(self.request, _("This version was already here, unchanged."))
        return redirect(template)


class TemplateCopyView(SystemStaffRequiredMixin, View):
    def post(self, request, code, version):
        template = get_object_or_404(ReportTemplate, code=code, version=version)
        new = templates.copy_as_new_version(template, acting_user=request.user)
        messages.success(
            request,
            _(
                "Version {version} has been made as a copy. Download it, change it and import "
                "it again; it can change until a reporting cycle uses it."
            ).format(version=new.version),
        )
        return redirect(new)
