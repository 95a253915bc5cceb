from django.http import Http404
from rest_framework import viewsets

from smallarms.accounts import permissions

from ..filters import EntryFilter
from ..models import Entry
from .serializers import EntrySerializer


class EntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, newest first: changes to the data and domain events, hash-chained.
    For the secretariat and administrators only; anyone else gets 404."""

    queryset = Entry.objects.all()
    serializer_class = EntrySerializer
    filterset_class = EntryFilter
    lookup_field = "sequence"
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["sequence", "occurred_at"]
    ordering = ["-sequence"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not permissions.may_browse_log(request.user):
            raise Http404
