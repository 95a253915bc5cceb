"""Automatic entries: every create, update and delete of a domain object, and sign-in,
failed sign-in and sign-out. Connected in ``AuditConfig.ready()``."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save

from . import registry
from .choices import Event
from .services import record, secrets_of, snapshot

_BEFORE = "_audit_before"


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
    after.update(dict.fromkeys(changed_secrets, registry.CHANGED))
    record(Event.UPDATED, obj=instance, before=before, after=after)


def _after_delete(sender, instance, using=None, **kwargs):
    record(Event.DELETED, obj=instance, before=snapshot(instance))


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
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    user_logged_in.connect(_logged_in, dispatch_uid="audit:login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit:logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit:login_failed")
