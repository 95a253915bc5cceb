"""What the directory does when national reporting tells it something."""


def update_from_report(sender, *, report, acting_user, **kwargs):
    from .services import update_from_report as update

    update(report=report, acting_user=acting_user)


def prefill_report(sender, *, report, acting_user, **kwargs):
    from .services import prefill_report as prefill

    prefill(report=report, acting_user=acting_user)
