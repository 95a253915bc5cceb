from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("reporting-cycles", views.ReportingCycleViewSet, basename="reporting-cycle")

urlpatterns = router.urls
