from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "smallarms.audit"
    verbose_name = _("Audit trail")

    def ready(self):
        # Every app's models are loaded by now, so later smallarms apps are covered too.
        from . import signals

        signals.connect()
