from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from smallarms.core import views as core_views

api_patterns = [
    path("", include("smallarms.states.api.urls")),
    path("", include("smallarms.themes.api.urls")),
    path("", include("smallarms.accounts.api.urls")),
    path("", include("smallarms.reporting.api.urls")),
    path("", include("smallarms.contacts.api.urls")),
    path("", include("smallarms.assistance.api.urls")),
    path("audit/", include("smallarms.audit.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own (?script), so
    # the page needs no inline script under the Content-Security-Policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="core/swagger_ui.html"
        ),
        name="docs",
    ),
]

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include((api_patterns, "api"))),
    path("audit/", include("smallarms.audit.urls")),
    path("account/", include("smallarms.accounts.urls")),
    path("reporting/", include("smallarms.reporting.urls")),
    path("themes/", include("smallarms.themes.urls")),
    path("contacts/", include("smallarms.contacts.urls")),
    path("assistance/", include("smallarms.assistance.urls")),
    path("", include("smallarms.states.urls")),
]

handler403 = "smallarms.core.views.permission_denied"
handler404 = "smallarms.core.views.page_not_found"
handler500 = "smallarms.core.views.server_error"
