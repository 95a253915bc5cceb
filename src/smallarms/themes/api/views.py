from rest_framework import viewsets

from ..models import Theme
from .serializers import ThemeSerializer


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The shared theme taxonomy that tags report questions, needs, offers and projects."""

    queryset = Theme.objects.all()
    serializer_class = ThemeSerializer
    lookup_field = "code"
    pagination_class = None
    filter_backends = []
