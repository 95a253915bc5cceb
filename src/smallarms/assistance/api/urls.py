from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("assistance/needs", views.NeedViewSet, basename="assistance-need")
router.register("assistance/offers", views.OfferViewSet, basename="assistance-offer")
router.register("assistance/matches", views.MatchViewSet, basename="assistance-match")
router.register("assistance/projects", views.ProjectViewSet, basename="assistance-project")
router.register("assistance/calls", views.FundingCallViewSet, basename="assistance-call")
router.register("assistance/proposals", views.ProposalViewSet, basename="assistance-proposal")

urlpatterns = router.urls
