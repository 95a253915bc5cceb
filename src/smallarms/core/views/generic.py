"""Generic views that an app configures, so that a model's pages are a few declarations.

Every view reads through the model's ``visible_to(user, action)`` and writes through a
service; what the person may not see or do answers 404. A list is also its CSV export (the
same filter: ``as_view(export_format="csv")``).

- ``ObjectListView``: a filtered, paginated list and its export.
- ``ObjectDetailView``: one object the person may ``action`` ("view" by default).
- ``ObjectFormView``: a form whose valid data a service saves; the service's
  ``ValidationError`` lands on the form's fields, its ``PermissionDenied`` answers 404.
- ``ObjectEditView``: the same for one existing object the person may ``action`` ("edit").
- ``ObjectActionView``: a button (POST) that runs a service on one object.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from smallarms.accounts.mixins import TwoFactorRequiredMixin
from smallarms.core.exports import CsvExportMixin


def querystring(request) -> str:
    """The list's filters without the page number, for pagination and export links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def show_errors(form, error: ValidationError):
    """Put a service's validation messages on the fields they name (the rest on top)."""
    for name, errors in error.update_error_dict({}).items():
        form.add_error(name if name in form.fields else None, errors)


class VisibleObjectsMixin:
    """``model`` read as ``model.objects.visible_to(user, action)``, with its relations."""

    model = None
    action = "view"
    select_related: tuple = ()
    prefetch_related: tuple = ()

    def visible_objects(self, action=None):
        queryset = self.model.objects.visible_to(self.request.user, action or self.action)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def visible_object(self, pk=None, action=None):
        return get_object_or_404(self.visible_objects(action), pk=pk or self.kwargs["pk"])


class ObjectListView(VisibleObjectsMixin, CsvExportMixin, FilterView):
    """``title`` heads the page; the CSV of the same rows is ``<app>:<model>_export``."""

    paginate_by = 50
    ordering: tuple = ()
    title = ""
    export_url_name = None

    def get_queryset(self):
        queryset = self.visible_objects()
        return queryset.order_by(*self.ordering) if self.ordering else queryset

    def get_paginate_by(self, queryset):
        return None if self.export_format else self.paginate_by

    def get_export_url(self):
        opts = self.model._meta
        try:
            return reverse(self.export_url_name or f"{opts.app_label}:{opts.model_name}_export")
        except NoReverseMatch:
            return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["querystring"] = querystring(self.request)
        context["title"] = self.title
        context["export_url"] = self.get_export_url()
        return context


class ObjectDetailView(VisibleObjectsMixin, DetailView):
    def get_object(self, queryset=None):
        return self.visible_object()


class ObjectFormView(TwoFactorRequiredMixin, FormView):
    """Override ``save(form)`` to call the service; it returns the object to go to."""

    template_name = "core/form.html"
    success_message = ""
    title = ""
    intro = ""

    def save(self, form):
        raise NotImplementedError

    def get_back_url(self):
        return None

    def get_success_url(self, obj=None):
        return obj.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title)
        kwargs.setdefault("intro", self.intro)
        kwargs.setdefault("back", self.get_back_url())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            obj = self.save(form)
        except ValidationError as error:
            show_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            raise Http404 from None
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url(obj))


class ObjectEditView(VisibleObjectsMixin, ObjectFormView):
    """A form on one object the person may ``action``, loaded as ``self.object``."""

    action = "edit"

    def has_access(self):
        self.object = self.visible_object()
        return True

    def get_back_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.object)
        return super().get_context_data(**kwargs)


class ObjectActionView(VisibleObjectsMixin, TwoFactorRequiredMixin, View):
    """A POST that runs ``perform(obj)`` (the service call) on one object the person may
    ``action``; a ValidationError becomes a message, PermissionDenied a 404. ``perform``
    may return a response (or an object to go to) instead of the object's page."""

    action = "edit"
    success_message = ""

    def perform(self, obj):
        raise NotImplementedError

    def get_failure_url(self, obj):
        """Where the refusal's messages are read: the object's page."""
        return obj.get_absolute_url()

    def post(self, request, *args, **kwargs):
        obj = self.visible_object()
        try:
            result = self.perform(obj)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.get_failure_url(obj))
        if self.success_message:
            messages.success(request, self.success_message)
        if hasattr(result, "status_code"):
            return result
        return redirect(result if hasattr(result, "get_absolute_url") else obj)
