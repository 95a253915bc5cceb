from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatesConfig(AppConfig):
    """Reference data: States, M49 areas, regional groups and organizations."""

    name = "smallarms.states"
    verbose_name = _("States and organizations")
