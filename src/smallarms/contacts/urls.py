from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("", views.ContactListView.as_view(), name="contact_list"),
    path("export.csv", views.ContactListView.as_view(export_format="csv"), name="contact_export"),
    path("export.vcf", views.VCardExportView.as_view(), name="contact_vcards"),
    path("confirm/<str:token>/", views.ConfirmByLinkView.as_view(), name="confirm_by_link"),
    path("states/<str:iso3>/", views.OwnerContactsView.as_view(), name="state_contacts"),
    path("states/<str:iso3>/add/", views.ContactCreateView.as_view(), name="state_contact_create"),
    path("states/<str:iso3>/confirm/", views.ConfirmOwnerView.as_view(), name="state_confirm"),
    path(
        "organizations/<slug:slug>/",
        views.OwnerContactsView.as_view(),
        name="organization_contacts",
    ),
    path(
        "organizations/<slug:slug>/add/",
        views.ContactCreateView.as_view(),
        name="organization_contact_create",
    ),
    path(
        "organizations/<slug:slug>/confirm/",
        views.ConfirmOwnerView.as_view(),
        name="organization_confirm",
    ),
    path("<uuid:pk>/", views.ContactDetailView.as_view(), name="contact_detail"),
    path("<uuid:pk>/edit/", views.ContactUpdateView.as_view(), name="contact_update"),
    path("<uuid:pk>/vcard.vcf", views.ContactVCardView.as_view(), name="contact_vcard"),
]
