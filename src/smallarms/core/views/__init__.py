import sys

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.generic import TemplateView
from rest_framework.exceptions import NotFound

from smallarms.core.busy import busy_response, database_busy
from smallarms.states.models import Organization, State


class HomeView(TemplateView):
    """What the system is, and a way in for each kind of visitor."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["state_count"] = State.objects.count()
        context["organization_count"] = Organization.objects.count()
        return context


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    # An address under /api/ that no route matches (an identifier of the wrong shape) is
    # answered like any other 404 of the API, so programs get the JSON they expect.
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    error = sys.exc_info()[1]
    if database_busy(error):
        return busy_response(request, error)
    # Rendered without the request's context or the database: whatever failed may fail again.
    return HttpResponseServerError(loader.render_to_string("500.html"))
