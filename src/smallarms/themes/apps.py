from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    """The shared theme taxonomy that joins report questions, assistance needs, offers,
    projects and (later) standards modules."""

    name = "smallarms.themes"
    verbose_name = _("Themes")
