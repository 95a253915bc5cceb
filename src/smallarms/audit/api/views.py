from django.http import Http404
from rest_framework import viewsets

from smallarms.accounts import permissions
from smallarms.core.api.views import RecordedReadMixin

from ..choices import Event
from ..filters import EntryFilter
from ..models import Entry
from ..services import record
from .serializers import EntrySerializer


class EntryViewSet(RecordedReadMixin, viewsets.ReadOnlyModelViewSet):
    """The audit trail, newest first: changes to the data and domain events, hash-chained.
    For the secretariat and administrators only; anyone else gets 404. Every read is
    itself recorded, as every CSV export of the trail is."""

    queryset = Entry.objects.all()
    serializer_class = EntrySerializer
    filterset_class = EntryFilter
    lookup_field = "sequence"
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["sequence", "occurred_at"]
    ordering = ["-sequence"]
    read_name = "audit"

    def record_read_of(self, instance, *, rows, **details):
        # An entry is not a domain object with a history of its own: name it by number.
        record(
            Event.READ,
            data={"read": self.read_name, "via": "api", "sequence": instance.sequence, "rows": 1},
        )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not permissions.may_browse_log(request.user):
            raise Http404
