"""Background tasks of assistance (Django's tasks framework through ``django-tasks``)."""

from django_tasks import task

from . import notifications


@task()
def send_match_notification(match_id: str, what: str, author_id, message_id=None) -> int:
    """E-mail the other side of a match about a proposal, an answer or a message."""
    return notifications.send_for_match(match_id, what, author_id, message_id)
