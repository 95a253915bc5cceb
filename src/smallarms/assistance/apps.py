from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "smallarms.assistance"
    verbose_name = _("International cooperation and assistance")

    def ready(self):
        from smallarms.audit import registry
        from smallarms.reporting.signals import report_submitted

        from . import services

        # Derived from the amounts and the exchange rates; their changes are noise.
        registry.register("assistance.need", ignored={"budget_usd", "source_fingerprint"})
        registry.register("assistance.project", ignored={"budget_usd"})
        registry.register("assistance.offer", ignored={"budget_min_usd", "budget_max_usd"})
        # Recomputed often: when is noise, what (score, reasons) is kept.
        registry.register("assistance.candidate", ignored={"computed_at"})
        # Parts of objects that may be private (a private need's objectives, a private
        # project's results, a conversation, a reviewer's scores) have no queryset of their
        # own to decide: their history is for the secretariat only.
        for label in (
            "assistance.needobjective",
            "assistance.candidate",
            "assistance.matchmessage",
            "assistance.projectfunder",
            "assistance.projectindicator",
            "assistance.progressreport",
            "assistance.proposalscore",
        ):
            registry.register(label, private_history=True)
        report_submitted.connect(services.on_report_submitted, dispatch_uid="assistance-needs")
