from django.urls import path

from . import views

app_name = "states"

urlpatterns = [
    path("states/", views.StateListView.as_view(), name="state_list"),
    path(
        "states/export.csv",
        views.StateListView.as_view(export_format="csv"),
        name="state_export",
    ),
    path("states/<str:iso3>/", views.StateDetailView.as_view(), name="state_detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path(
        "organizations/export.csv",
        views.OrganizationListView.as_view(export_format="csv"),
        name="organization_export",
    ),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
]
