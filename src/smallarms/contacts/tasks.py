"""Background tasks of the directory (Django's tasks framework, as in reporting)."""

from django_tasks import task

from . import reminders


@task()
def send_confirmation_request(request_id: str) -> bool:
    """E-mail one request to confirm stale entries, in its recipient's language."""
    return reminders.send(request_id)
