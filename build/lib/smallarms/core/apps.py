from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared pieces without models: layout, language helpers, API conventions, commands."""

    name = "smallarms.core"
    verbose_name = _("Core")
