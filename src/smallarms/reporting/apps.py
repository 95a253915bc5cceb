from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "smallarms.reporting"
    verbose_name = _("National reporting")

    def ready(self):
        from smallarms.audit import registry

        # Sending is recorded as a notification_sent event; the timestamp alone is noise.
        registry.register("reporting.notification", ignored={"sent_at"})
