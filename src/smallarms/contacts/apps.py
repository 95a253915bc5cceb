from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "smallarms.contacts"
    verbose_name = _("Points of contact")

    def ready(self):
        from smallarms.audit import registry
        from smallarms.reporting.signals import report_started, report_submitted

        from . import receivers

        # Search keys are derived from the entry; their changes are noise in the trail.
        registry.register(
            "contacts.contact", ignored={"public_search_text", "personal_search_text"}
        )
        report_submitted.connect(receivers.update_from_report, dispatch_uid="contacts-from-report")
        report_started.connect(receivers.prefill_report, dispatch_uid="contacts-into-report")
