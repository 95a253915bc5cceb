"""What an object's history shows a reader who is not of the system staff.

The trail keeps related rows by their primary keys (a need's source report, a proposal's
needs). A history is read by whoever may see the object, and the object may point to rows
they may not see (a private need of another State): those keys are replaced by a marker,
so that a history does not tell even that such a row exists. An event's own details are
for the audit trail's readers only; the history shows which event it was.
"""

from collections import defaultdict

from django.db import models

from smallarms.accounts import permissions

# Written in place of a related row the reader may not see.
HIDDEN = "<hidden>"


def _relations(model) -> dict[str, type[models.Model]]:
    """The fields of ``model`` whose stored value is the key of a row of another model."""
    found = {}
    for field in model._meta.get_fields():
        if (field.many_to_many or field.many_to_one) and not field.auto_created:
            found[field.name] = field.related_model._meta.concrete_model
    return found


def _keys(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def redact(entries, model, user) -> list:
    """``entries`` of ``model``'s history as ``user`` may read them: each with ``shown_before``
    and ``shown_after`` (related keys ``user`` may not see replaced by ``HIDDEN``) and
    ``shown_data`` (the event's details, for the system staff only)."""
    entries = list(entries)
    staff = permissions.is_system_staff(user)
    relations = _relations(model) if model is not None else {}
    wanted = defaultdict(set)
    if not staff:
        for entry in entries:
            for snapshot in (entry.before or {}, entry.after or {}):
                for name, related in relations.items():
                    wanted[related].update(str(key) for key in _keys(snapshot.get(name)))
    visible = {
        related: {
            str(key)
            for key in related._base_manager.filter(
                permissions.rows(user, related, "view"), pk__in=keys
            ).values_list("pk", flat=True)
        }
        for related, keys in wanted.items()
    }

    def shown(snapshot):
        if snapshot is None or staff:
            return snapshot
        result = dict(snapshot)
        for name, related in relations.items():
            if name not in result or result[name] is None:
                continue
            value = result[name]
            if isinstance(value, list):
                result[name] = [k if str(k) in visible[related] else HIDDEN for k in value]
            elif str(value) not in visible[related]:
                result[name] = HIDDEN
        return result

    for entry in entries:
        entry.shown_before, entry.shown_after = shown(entry.before), shown(entry.after)
        entry.shown_data = entry.data if staff else {}
    return entries
