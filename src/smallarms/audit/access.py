"""Who may read the audit trail. Like everything the user may not see, it answers 404."""

from django.core.exceptions import ValidationError

from smallarms.accounts.permissions import is_system_staff

from . import registry


def may_browse_log(user) -> bool:
    """The whole log, its export and its API: the secretariat and administrators."""
    return is_system_staff(user)


def may_see_history(user, model, pk) -> bool:
    """The history of one object: whoever may see the object.

    The system staff see every history (also of objects since deleted). Models with a
    ``visible_to(user, action)`` queryset method decide for themselves (with the action
    in their ``history_action``, "view" by default); people and their
    roles are private (``registry.PRIVATE_HISTORY``: one sees one's own record only); any
    other model is public reference data, open to every signed-in person.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_system_staff(user):
        return True
    manager = model._default_manager
    if hasattr(manager, "visible_to"):
        # A model whose history holds more than its public page shows (the personal details
        # of a point of contact) names the stricter action here.
        action = getattr(model, "history_action", "view")
        try:
            return manager.visible_to(user, action).filter(pk=pk).exists()
        except (ValidationError, ValueError):
            return False
    label = registry.label_of(model)
    if label in registry.PRIVATE_HISTORY:
        return label == user._meta.label_lower and str(user.pk) == str(pk)
    return True
