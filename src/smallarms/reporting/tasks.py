"""Background tasks (Django's tasks framework, through the ``django-tasks`` backport):
immediate in development and tests, a database queue and ``smallarms db_worker`` in
production (docs/reporting.md)."""

from django_tasks import task

from . import notifications


@task()
def send_notification(notification_id: int) -> bool:
    """E-mail one reporting-cycle notification in its recipient's language."""
    return notifications.send(notification_id)
