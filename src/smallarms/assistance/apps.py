from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "smallarms.assistance"
    verbose_name = _("International cooperation and assistance")

    def ready(self):
        from smallarms.audit import registry
        from smallarms.reporting.signals import report_submitted

        from .services import from_report

        # Derived from the amounts and the exchange rates; their changes are noise.
        registry.register("assistance.need", ignored={"budget_usd", "source_fingerprint"})
        registry.register("assistance.project", ignored={"budget_usd"})
        registry.register("assistance.offer", ignored={"budget_min_usd", "budget_max_usd"})
        # Recomputed often: when is noise, what (score, reasons) is kept.
        registry.register("assistance.candidate", ignored={"computed_at"})
        report_submitted.connect(from_report.on_report_submitted, dispatch_uid="assistance-needs")
