from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """What every page's layout needs: the languages for the switcher and, for a signed-in
    person, which parts of the navigation their roles open."""

    def nav():
        from smallarms.accounts import permissions

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return {}
        return {
            "people": bool(permissions.grantable_roles(user)),
            "audit": permissions.is_system_staff(user),
        }

    return {"site_languages": settings.LANGUAGES, "nav": SimpleLazyObject(nav)}
