from django.urls import include, path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.CycleListView.as_view(), name="cycle_list"),
    path(
        "cycles/export.csv",
        views.CycleListView.as_view(export_format="csv"),
        name="cycle_export",
    ),
    path("cycles/add/", views.CycleCreateView.as_view(), name="cycle_create"),
    path("cycles/<str:code>/", views.CycleDetailView.as_view(), name="cycle_detail"),
    path("cycles/<str:code>/edit/", views.CycleUpdateView.as_view(), name="cycle_update"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/add/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<str:code>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<str:code>/edit/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path("", include("smallarms.reporting.report_urls")),
]
