"""The audit trail for the system staff, and the history of one object for whoever may see
the object. Everyone else gets 404, so not even the existence of the log leaks."""

import json

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404
from django.views.generic import ListView
from django_filters.views import FilterView

from smallarms.accounts import permissions
from smallarms.accounts.mixins import SystemStaffRequiredMixin, two_factor_redirect
from smallarms.core.exports import Column, csv_response

from . import registry
from .choices import Event
from .filters import EntryFilter
from .models import Entry
from .redaction import redact
from .services import record


def _json(value):
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


EXPORT_COLUMNS = [
    Column("sequence", lambda e: e.sequence),
    Column("occurred_at", lambda e: e.occurred_at.isoformat()),
    Column("event", lambda e: e.event),
    Column("actor_id", lambda e: e.actor_id),
    Column("actor", lambda e: e.actor_label),
    Column("request_id", lambda e: e.request_id),
    Column("client_address", lambda e: e.client_address),
    Column("object_type", lambda e: e.object_type),
    Column("object_id", lambda e: e.object_id),
    Column("object", lambda e: e.object_repr),
    Column("data", lambda e: _json(e.data)),
    Column("before", lambda e: _json(e.before)),
    Column("after", lambda e: _json(e.after)),
    Column("previous_hash", lambda e: e.previous_hash),
    Column("hash", lambda e: e.hash),
]


class EntryListView(SystemStaffRequiredMixin, FilterView):
    filterset_class = EntryFilter
    template_name = "audit/entry_list.html"
    context_object_name = "entries"
    paginate_by = 100
    export_format: str | None = None

    def get_queryset(self):
        return Entry.objects.order_by("-sequence")

    def render_to_response(self, context, **response_kwargs):
        if self.export_format == "csv":
            return self.export()
        return super().render_to_response(context, **response_kwargs)

    def export(self):
        # The export is fixed to the log as it is now, and is itself recorded, after it.
        last = Entry.objects.aggregate(last=Max("sequence"))["last"] or 0
        rows = self.object_list.filter(sequence__lte=last)
        record(
            Event.EXPORT,
            data={
                "export": "audit",
                "format": "csv",
                "filters": {k: v for k, v in self.request.GET.items() if v},
                "rows": rows.count(),
                "up_to": last,
            },
        )
        return csv_response(rows.iterator(chunk_size=2000), EXPORT_COLUMNS, "audit-trail")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        return context


class ObjectHistoryView(ListView):
    """What changed on one object, when and by whom."""

    template_name = "audit/object_history.html"
    context_object_name = "entries"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if response := two_factor_redirect(request):
            return response
        try:
            model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
        except LookupError:
            raise Http404 from None
        if not registry.is_audited(model):
            raise Http404
        model = model._meta.concrete_model
        try:
            pk = model._meta.pk.to_python(kwargs["pk"])
        except ValidationError:
            raise Http404 from None
        if not permissions.may_see_history(request.user, model, pk):
            raise Http404
        self.model_class, self.pk = model, pk
        self.object = model._default_manager.filter(pk=pk).first()
        self.label = registry.label_of(model)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Entry.objects.for_object(self.label, self.pk).order_by("-sequence")

    def get(self, request, *args, **kwargs):
        if self.object is None and not self.get_queryset().exists():
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = redact(context["entries"], self.model_class, self.request.user)
        latest = self.get_queryset().first()
        context["object"] = self.object
        context["object_name"] = (
            str(self.object) if self.object is not None else (latest.object_repr if latest else "")
        )
        context["model_name"] = self.model_class._meta.verbose_name
        get_url = getattr(self.object, "get_absolute_url", None)
        context["object_url"] = get_url() if get_url else None
        return context
