from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("reporting-cycles", views.ReportingCycleViewSet, basename="reporting-cycle")

router.register("report-templates", views.ReportTemplateViewSet, basename="report-template")
router.register("reports", views.ReportViewSet, basename="report")

urlpatterns = router.urls
