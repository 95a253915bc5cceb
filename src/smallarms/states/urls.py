from smallarms.core.urls import model_urls

from . import views

app_name = "states"

urlpatterns = [
    *model_urls(
        "states",
        "state",
        list=views.StateListView,
        detail=views.StateDetailView,
        key="<str:iso3>",
    ),
    *model_urls(
        "organizations",
        "organization",
        list=views.OrganizationListView,
        detail=views.OrganizationDetailView,
        key="<slug:slug>",
    ),
]
