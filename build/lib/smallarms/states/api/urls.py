from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("states", views.StateViewSet, basename="state")
router.register("organizations", views.OrganizationViewSet, basename="organization")

urlpatterns = router.urls
