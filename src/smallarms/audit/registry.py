"""Which models the audit trail records by itself, and which of their fields it leaves out.

Every model of a smallarms app is recorded on create, update and delete, except the apps in
``SKIPPED_APPS`` and the models in ``SKIPPED_MODELS``. Per model (``"app_label.model_name"``):

- ``SECRET_FIELDS`` are never stored; a change to one is stored as the ``CHANGED`` marker;
- ``IGNORED_FIELDS`` are derived or noise: left out, and a save that changes only them is
  not recorded at all.

An app adds its own rules from its ``AppConfig.ready()`` with ``register(...)``.
"""

from django.apps import apps

# Written in place of a secret field's value: that it changed, never what it is.
CHANGED = "<changed>"

SKIPPED_APPS = {"audit", "core"}
# Bookkeeping that an audit event already covers (each failed sign-in is a login_failed
# event, each reset request a password_reset_requested one), and derived data recomputed
# from audited rows (assistance candidates).
SKIPPED_MODELS = {
    "accounts.loginfailure",
    "accounts.passwordresetrequest",
    "assistance.candidate",
}

SECRET_FIELDS: dict[str, set[str]] = {
    "accounts.user": {"password"},
    # Hashes of one-time keys: not the keys, but nothing a reader of the log needs either.
    "accounts.apitoken": {"key_hash"},
    "accounts.invitation": {"key_hash"},
}

IGNORED_FIELDS: dict[str, set[str]] = {
    # Updated on every sign-in; the sign-in itself is an audit event.
    "accounts.user": {"last_login"},
    "accounts.apitoken": {"last_used_at"},
    # Derived from the names, for search.
    "states.state": {"search_text"},
    "states.organization": {"search_text"},
    "reporting.report": {"public_text", "official_text"},
    "reporting.answer": {"text"},
}


def register(label: str, *, secret=(), ignored=()):
    """Add field rules for a model, e.g. ``register("accounts.apitoken", secret={"key_hash"})``."""
    label = label.lower()
    SECRET_FIELDS.setdefault(label, set()).update(secret)
    IGNORED_FIELDS.setdefault(label, set()).update(ignored)


def label_of(model) -> str:
    return model._meta.concrete_model._meta.label_lower


def is_audited(model) -> bool:
    """Models of the smallarms apps, except the audit trail itself."""
    opts = model._meta
    if opts.auto_created or not opts.managed:
        return False
    app_config = apps.get_app_config(opts.app_label)
    return (
        app_config.name.startswith("smallarms.")
        and opts.app_label not in SKIPPED_APPS
        and label_of(model) not in SKIPPED_MODELS
    )


def audited_models():
    return [model for model in apps.get_models() if is_audited(model)]


def secret_fields(model) -> set[str]:
    return SECRET_FIELDS.get(label_of(model), set())


def ignored_fields(model) -> set[str]:
    return IGNORED_FIELDS.get(label_of(model), set())
