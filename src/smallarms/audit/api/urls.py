from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("", views.EntryViewSet, basename="audit-entry")

urlpatterns = router.urls
