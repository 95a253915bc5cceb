"""Automatic entries: every create, update and delete of a domain object, every change of
its many-to-many relations, and sign-in, failed sign-in and sign-out. Connected in
``AuditConfig.ready()``."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from . import registry, relations
from .choices import Event
from .services import (
    empty_relations,
    json_safe,
    record,
    relations_snapshot,
    secrets_of,
    snapshot,
)

_BEFORE = "_audit_before"
_RELATIONS_BEFORE_DELETE = "_audit_relations_before_delete"
_RELATION_BEFORE = "_audit_relation_before:"

# Filled by ``connect``: the relation of each through model (the ``m2m_changed`` sender),
# and the relations that point at each model (changed when one of its objects is deleted).
_RELATIONS: dict = {}
_RELATIONS_INTO: dict = {}


def _before_save(sender, instance, raw=False, using=None, **kwargs):
    """Read the row as the database has it, before the save changes it."""
    instance.__dict__.pop(_BEFORE, None)
    if instance.pk is None:
        return
    stored = sender._base_manager.using(using).filter(pk=instance.pk).first()
    if stored is not None:
        instance.__dict__[_BEFORE] = (snapshot(stored), secrets_of(stored))


def _after_save(sender, instance, created, raw=False, using=None, update_fields=None, **kwargs):
    before, old_secrets = instance.__dict__.pop(_BEFORE, (None, {}))
    after = snapshot(instance)
    new_secrets = secrets_of(instance)
    if created or before is None:
        after.update(empty_relations(sender))
        after.update({name: registry.CHANGED for name, value in new_secrets.items() if value})
        record(Event.CREATED, obj=instance, after=after)
        return
    if update_fields is not None:
        # Only these fields were written; anything else changed in memory was not.
        written = {instance._meta.get_field(name).name for name in update_fields}
        after = {name: after[name] if name in written else before.get(name) for name in after}
        new_secrets = {n: v for n, v in new_secrets.items() if n in written}
    changed_secrets = [n for n, v in new_secrets.items() if v != old_secrets.get(n)]
    if after == before and not changed_secrets:
        return  # nothing stored changed (a save of ignored fields only, or a no-op save)
    # A save leaves the relations as they were: the same on both sides, for the reader.
    kept = relations_snapshot(instance, using)
    before.update(kept)
    after.update(kept)
    after.update(dict.fromkeys(changed_secrets, registry.CHANGED))
    record(Event.UPDATED, obj=instance, before=before, after=after)


def _before_delete(sender, instance, using=None, **kwargs):
    # The through rows go before ``post_delete``: read the relations while they are there.
    instance.__dict__[_RELATIONS_BEFORE_DELETE] = relations_snapshot(instance, using)


def _before_related_delete(sender, instance, using=None, **kwargs):
    """An object deleted at the other end of a relation leaves it: its owners' relation
    changes (the database drops the through rows without a signal)."""
    for relation in _RELATIONS_INTO.get(sender._meta.concrete_model, ()):
        # Ignored: not kept. A through model of its own that is audited records its rows'
        # deletion itself. (Rules are read now: apps register theirs after ``connect``.)
        if relation.ignored or relation.through_is_audited:
            continue
        related_key = relation.target_key.value_from_object(instance)
        owners = relation.owners_of(related_key, using)
        if owners:
            gone = json_safe(related_key)
            before = relation.values(owners, using)
            after = {owner: [k for k in keys if k != gone] for owner, keys in before.items()}
            _record_relation(relation, before, after, using)


def _after_delete(sender, instance, using=None, **kwargs):
    before = snapshot(instance)
    before.update(instance.__dict__.pop(_RELATIONS_BEFORE_DELETE, {}))
    record(Event.DELETED, obj=instance, before=before)


def _changed_owners(relation, instance, reverse, pk_set, using) -> list:
    """The owners whose relation an ``m2m_changed`` signal concerns."""
    if not reverse:
        return [relation.key_of(instance)]
    if pk_set is not None:  # add, remove: the owners named
        return [relation.owner_key(key) for key in pk_set]
    # clear from the other end: every owner related to ``instance``
    return relation.owners_of(relation.target_key.value_from_object(instance), using)


def _relation_changed(sender, instance, action, reverse, model, pk_set, using=None, **kwargs):
    """``add``, ``remove``, ``clear`` and ``set`` (a remove, then an add) on a relation, from
    either end: an ``updated`` entry on each owner whose relation changed, with the
    relation's value before and after."""
    relation = _RELATIONS.get(sender)
    if relation is None or relation.ignored:
        return
    pending = _RELATION_BEFORE + sender._meta.label_lower
    if action.startswith("pre_"):
        owners = _changed_owners(relation, instance, reverse, pk_set, using)
        instance.__dict__[pending] = relation.values(owners, using)
        return
    before = instance.__dict__.pop(pending, None)
    if before is None:
        return
    _record_relation(relation, before, relation.values(before, using), using, instance, reverse)


def _record_relation(relation, before, after, using, instance=None, reverse=True):
    changed = [owner for owner in before if before[owner] != after[owner]]
    if not changed:
        return  # added what was there, removed what was not
    if reverse:
        owners = relation.model._base_manager.using(using).in_bulk(
            changed, field_name=relation.source_key.name
        )
    else:
        owners = {relation.key_of(instance): instance}
    name = relation.name
    for key in sorted(changed, key=json_safe):
        owner = owners.get(key)
        if owner is None:
            continue
        if relation.secret:
            record(Event.UPDATED, obj=owner, before={}, after={name: registry.CHANGED})
        else:
            record(Event.UPDATED, obj=owner, before={name: before[key]}, after={name: after[key]})


def _logged_in(sender, request, user, **kwargs):
    record(Event.LOGIN_SUCCEEDED, actor=user, obj=user)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Event.LOGOUT, actor=user, obj=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the address tried: Django masks the password in ``credentials``, and we do not
    # keep even the mask.
    User = get_user_model()
    email = str(credentials.get(User.USERNAME_FIELD) or credentials.get("email") or "")[:254]
    user = (
        User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": email}).first()
        if email
        else None
    )
    record(Event.LOGIN_FAILED, obj=user, data={"email": email})


def connect():
    for model in registry.audited_models():
        uid = f"audit:{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    _RELATIONS.clear()
    _RELATIONS.update(relations.audited_relations())
    _RELATIONS_INTO.clear()
    for through, relation in _RELATIONS.items():
        m2m_changed.connect(
            _relation_changed, sender=through, dispatch_uid=f"audit:{through._meta.label_lower}"
        )
        _RELATIONS_INTO.setdefault(relation.related_model, []).append(relation)
    for related_model in _RELATIONS_INTO:
        # Only domain objects: their deletion is recorded row by row already. Deleting
        # Django's groups or permissions stays one fast query (the project grants nothing
        # through them; roles are memberships).
        if not registry.is_audited(related_model):
            continue
        pre_delete.connect(
            _before_related_delete,
            sender=related_model,
            dispatch_uid=f"audit:related:{related_model._meta.label_lower}",
        )
    user_logged_in.connect(_logged_in, dispatch_uid="audit:login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit:logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit:login_failed")
