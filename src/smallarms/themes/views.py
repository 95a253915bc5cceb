"""The theme taxonomy is public: every visitor sees it."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from smallarms.core.i18n import LANGUAGE_LABELS

from .models import Theme


class ThemeListView(ListView):
    model = Theme
    template_name = "themes/theme_list.html"
    context_object_name = "themes"


class ThemeDetailView(DetailView):
    template_name = "themes/theme_detail.html"
    context_object_name = "theme"

    def get_object(self, queryset=None):
        return get_object_or_404(Theme, code=self.kwargs["code"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme = self.object
        context["name_rows"] = [
            (code, label, theme.names.get(code, ""), theme.descriptions.get(code, ""))
            for code, label in LANGUAGE_LABELS
        ]
        return context
