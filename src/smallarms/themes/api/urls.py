from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("themes", views.ThemeViewSet, basename="theme")

urlpatterns = router.urls
