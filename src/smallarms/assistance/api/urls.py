from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("assistance/needs", views.NeedViewSet, basename="need")
router.register("assistance/offers", views.OfferViewSet, basename="offer")
router.register("assistance/matches", views.MatchViewSet, basename="match")
router.register("assistance/projects", views.ProjectViewSet, basename="project")
router.register("assistance/calls", views.FundingCallViewSet, basename="funding-call")
router.register("assistance/proposals", views.ProposalViewSet, basename="proposal")

urlpatterns = router.urls
