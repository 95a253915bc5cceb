from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.EntryListView.as_view(), name="entry_list"),
    path("export.csv", views.EntryListView.as_view(export_format="csv"), name="entry_export"),
    path(
        "history/<str:app_label>/<str:model_name>/<str:pk>/",
        views.ObjectHistoryView.as_view(),
        name="object_history",
    ),
]
