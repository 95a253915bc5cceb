"""Pages of international cooperation and assistance, under ``/assistance/``."""

from django.urls import path

from smallarms.core.urls import model_urls

from .views import calls, matches, needs, offers, overview, projects

app_name = "assistance"

urlpatterns = [
    *model_urls(
        "needs",
        "need",
        list=needs.NeedListView,
        create=needs.NeedCreateView,
        detail=needs.NeedDetailView,
        update=needs.NeedUpdateView,
        steps={"withdraw": needs.NeedWithdrawView},
    ),
    path(
        "needs/<uuid:pk>/objectives/new/",
        needs.ObjectiveCreateView.as_view(),
        name="needobjective_create",
    ),
    *model_urls(
        "offers",
        "offer",
        list=offers.OfferListView,
        create=offers.OfferCreateView,
        detail=offers.OfferDetailView,
        update=offers.OfferUpdateView,
        steps={"close": offers.OfferCloseView},
    ),
    path("matches/propose/", matches.MatchCreateView.as_view(), name="match_create"),
    *model_urls(
        "matches",
        "match",
        list=matches.MatchListView,
        detail=matches.MatchDetailView,
        steps={
            "accept": matches.MatchAcceptView,
            "decline": matches.MatchDeclineView,
            "withdraw": matches.MatchWithdrawView,
        },
    ),
    path(
        "matches/<uuid:pk>/messages/",
        matches.MatchMessageView.as_view(),
        name="matchmessage_create",
    ),
    *model_urls(
        "projects",
        "project",
        list=projects.ProjectListView,
        create=projects.ProjectCreateView,
        detail=projects.ProjectDetailView,
        update=projects.ProjectUpdateView,
    ),
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
    *model_urls(
        "calls",
        "call",
        list=calls.CallListView,
        create=calls.CallCreateView,
        detail=calls.CallDetailView,
        steps={"close": calls.CallCloseView},
    ),
    path("calls/<uuid:pk>/propose/", calls.ProposalCreateView.as_view(), name="proposal_create"),
    path(
        "proposals/rapid-response/",
        calls.ProposalCreateView.as_view(),
        name="proposal_create_rapid",
    ),
    *model_urls(
        "proposals",
        "proposal",
        list=calls.ProposalListView,
        export=False,
        detail=calls.ProposalDetailView,
        steps={
            "score": calls.ProposalScoreView,
            "award": calls.ProposalAwardView,
            "reject": calls.ProposalRejectView,
        },
    ),
    path("overview/", overview.OverviewView.as_view(), name="overview"),
    path("exchange-rates/", overview.ExchangeRateView.as_view(), name="exchangerate_list"),
]
