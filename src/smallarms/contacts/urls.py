from django.urls import path

from smallarms.core.urls import model_urls

from . import views

app_name = "contacts"

urlpatterns = [
    *model_urls(
        "",
        "contact",
        list=views.ContactListView,
        detail=views.ContactDetailView,
        update=views.ContactUpdateView,
    ),
    path("export.vcf", views.VCardExportView.as_view(), name="contact_vcards"),
    path("confirm/<str:token>/", views.ConfirmByLinkView.as_view(), name="confirm_by_link"),
    path("<uuid:pk>/vcard.vcf", views.ContactVCardView.as_view(), name="contact_vcard"),
]
# A State's entries and an organization's, at the same three pages each.
for owner, key in (("state", "states/<str:iso3>"), ("organization", "organizations/<slug:slug>")):
    urlpatterns += [
        path(f"{key}/", views.OwnerContactsView.as_view(), name=f"{owner}_contacts"),
        path(f"{key}/add/", views.ContactCreateView.as_view(), name=f"{owner}_contact_create"),
        path(f"{key}/confirm/", views.ConfirmOwnerView.as_view(), name=f"{owner}_confirm"),
    ]
