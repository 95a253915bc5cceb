"""Pages of international cooperation and assistance, under ``/assistance/``."""

from django.urls import path

from .views import calls, matches, needs, offers, overview, projects

app_name = "assistance"

urlpatterns = [
    path("needs/", needs.NeedListView.as_view(), name="need_list"),
    path("needs/export.csv", needs.NeedListView.as_view(export_format="csv"), name="need_export"),
    path("needs/new/", needs.NeedCreateView.as_view(), name="need_create"),
    path("needs/<uuid:pk>/", needs.NeedDetailView.as_view(), name="need_detail"),
    path("needs/<uuid:pk>/edit/", needs.NeedUpdateView.as_view(), name="need_update"),
    path("needs/<uuid:pk>/withdraw/", needs.NeedWithdrawView.as_view(), name="need_withdraw"),
    path(
        "needs/<uuid:pk>/objectives/new/",
        needs.ObjectiveCreateView.as_view(),
        name="needobjective_create",
    ),
    path("offers/", offers.OfferListView.as_view(), name="offer_list"),
    path(
        "offers/export.csv", offers.OfferListView.as_view(export_format="csv"), name="offer_export"
    ),
    path("offers/new/", offers.OfferCreateView.as_view(), name="offer_create"),
    path("offers/<uuid:pk>/", offers.OfferDetailView.as_view(), name="offer_detail"),
    path("offers/<uuid:pk>/edit/", offers.OfferUpdateView.as_view(), name="offer_update"),
    path("offers/<uuid:pk>/close/", offers.OfferCloseView.as_view(), name="offer_close"),
    path("matches/", matches.MatchListView.as_view(), name="match_list"),
    path(
        "matches/export.csv",
        matches.MatchListView.as_view(export_format="csv"),
        name="match_export",
    ),
    path("matches/propose/", matches.MatchCreateView.as_view(), name="match_create"),
    path("matches/<uuid:pk>/", matches.MatchDetailView.as_view(), name="match_detail"),
    path("matches/<uuid:pk>/accept/", matches.MatchAcceptView.as_view(), name="match_accept"),
    path("matches/<uuid:pk>/decline/", matches.MatchDeclineView.as_view(), name="match_decline"),
    path("matches/<uuid:pk>/withdraw/", matches.MatchWithdrawView.as_view(), name="match_withdraw"),
    path(
        "matches/<uuid:pk>/messages/",
        matches.MatchMessageView.as_view(),
        name="matchmessage_create",
    ),
    path("projects/", projects.ProjectListView.as_view(), name="project_list"),
    path(
        "projects/export.csv",
        projects.ProjectListView.as_view(export_format="csv"),
        name="project_export",
    ),
    path("projects/new/", projects.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<uuid:pk>/", projects.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<uuid:pk>/edit/", projects.ProjectUpdateView.as_view(), name="project_update"),
    path(
        "projects/<uuid:pk>/indicators/new/",
        projects.IndicatorCreateView.as_view(),
        name="projectindicator_create",
    ),
    path(
        "projects/<uuid:pk>/progress/new/",
        projects.ProgressCreateView.as_view(),
        name="progressreport_create",
    ),
    path("calls/", calls.CallListView.as_view(), name="call_list"),
    path("calls/export.csv", calls.CallListView.as_view(export_format="csv"), name="call_export"),
    path("calls/new/", calls.CallCreateView.as_view(), name="call_create"),
    path("calls/<uuid:pk>/", calls.CallDetailView.as_view(), name="call_detail"),
    path("calls/<uuid:pk>/close/", calls.CallCloseView.as_view(), name="call_close"),
    path("calls/<uuid:pk>/propose/", calls.ProposalCreateView.as_view(), name="proposal_create"),
    path("proposals/", calls.ProposalListView.as_view(), name="proposal_list"),
    path(
        "proposals/rapid-response/",
        calls.ProposalCreateView.as_view(),
        name="proposal_create_rapid",
    ),
    path("proposals/<uuid:pk>/", calls.ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<uuid:pk>/score/", calls.ProposalScoreView.as_view(), name="proposal_score"),
    path("proposals/<uuid:pk>/award/", calls.ProposalAwardView.as_view(), name="proposal_award"),
    path("proposals/<uuid:pk>/reject/", calls.ProposalRejectView.as_view(), name="proposal_reject"),
    path("overview/", overview.OverviewView.as_view(), name="overview"),
    path("exchange-rates/", overview.ExchangeRateView.as_view(), name="exchangerate_list"),
]
