from rest_framework.routers import SimpleRouter

from . import report_views, views

router = SimpleRouter()
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("reporting-cycles", views.ReportingCycleViewSet, basename="reporting-cycle")

router.register("report-templates", report_views.ReportTemplateViewSet, basename="report-template")
router.register("reports", report_views.ReportViewSet, basename="report")

urlpatterns = router.urls
