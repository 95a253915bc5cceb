"""Pages of international cooperation and assistance, under ``/assistance/``."""

from django.urls import path

from . import views

app_name = "assistance"

urlpatterns = [
    path("needs/", views.NeedListView.as_view(), name="need_list"),
    path("needs/export.csv", views.NeedListView.as_view(export_format="csv"), name="need_export"),
    path("needs/new/", views.NeedCreateView.as_view(), name="need_create"),
    path("needs/<uuid:pk>/", views.NeedDetailView.as_view(), name="need_detail"),
    path("needs/<uuid:pk>/edit/", views.NeedUpdateView.as_view(), name="need_update"),
    path("needs/<uuid:pk>/withdraw/", views.NeedWithdrawView.as_view(), name="need_withdraw"),
    path(
        "needs/<uuid:pk>/objectives/new/",
        views.ObjectiveCreateView.as_view(),
        name="needobjective_create",
    ),
    path("offers/", views.OfferListView.as_view(), name="offer_list"),
    path(
        "offers/export.csv", views.OfferListView.as_view(export_format="csv"), name="offer_export"
    ),
    path("offers/new/", views.OfferCreateView.as_view(), name="offer_create"),
    path("offers/<uuid:pk>/", views.OfferDetailView.as_view(), name="offer_detail"),
    path("offers/<uuid:pk>/edit/", views.OfferUpdateView.as_view(), name="offer_update"),
    path("offers/<uuid:pk>/close/", views.OfferCloseView.as_view(), name="offer_close"),
    path("matches/", views.MatchListView.as_view(), name="match_list"),
    path(
        "matches/export.csv",
        views.MatchListView.as_view(export_format="csv"),
        name="match_export",
    ),
    path("matches/propose/", views.MatchCreateView.as_view(), name="match_create"),
    path("matches/<uuid:pk>/", views.MatchDetailView.as_view(), name="match_detail"),
    path(
        "matches/<uuid:pk>/accept/",
        views.MatchAnswerView.as_view(answer="accept"),
        name="match_accept",
    ),
    path(
        "matches/<uuid:pk>/decline/",
        views.MatchAnswerView.as_view(answer="decline"),
        name="match_decline",
    ),
    path(
        "matches/<uuid:pk>/withdraw/",
        views.MatchAnswerView.as_view(answer="withdraw"),
        name="match_withdraw",
    ),
    path(
        "matches/<uuid:pk>/messages/",
        views.MatchMessageView.as_view(),
        name="matchmessage_create",
    ),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path(
        "projects/export.csv",
        views.ProjectListView.as_view(export_format="csv"),
        name="project_export",
    ),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<uuid:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<uuid:pk>/edit/", views.ProjectUpdateView.as_view(), name="project_update"),
    path(
        "projects/<uuid:pk>/indicators/new/",
        views.IndicatorCreateView.as_view(),
        name="projectindicator_create",
    ),
    path(
        "projects/<uuid:pk>/progress/new/",
        views.ProgressCreateView.as_view(),
        name="progressreport_create",
    ),
    path("calls/", views.CallListView.as_view(), name="call_list"),
    path("calls/export.csv", views.CallListView.as_view(export_format="csv"), name="call_export"),
    path("calls/new/", views.CallCreateView.as_view(), name="call_create"),
    path("calls/<uuid:pk>/", views.CallDetailView.as_view(), name="call_detail"),
    path("calls/<uuid:pk>/close/", views.CallCloseView.as_view(), name="call_close"),
    path("calls/<uuid:pk>/propose/", views.ProposalCreateView.as_view(), name="proposal_create"),
    path("proposals/", views.ProposalListView.as_view(), name="proposal_list"),
    path(
        "proposals/rapid-response/",
        views.ProposalCreateView.as_view(),
        name="proposal_create_rapid",
    ),
    path("proposals/<uuid:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<uuid:pk>/score/", views.ProposalScoreView.as_view(), name="proposal_score"),
    path(
        "proposals/<uuid:pk>/award/",
        views.ProposalDecideView.as_view(award=True),
        name="proposal_award",
    ),
    path(
        "proposals/<uuid:pk>/reject/",
        views.ProposalDecideView.as_view(award=False),
        name="proposal_reject",
    ),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("exchange-rates/", views.ExchangeRateView.as_view(), name="exchangerate_list"),
]
