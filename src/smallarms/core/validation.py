"""Validating a domain object whole, so that a person hears of every problem at once."""

from django.core.exceptions import ValidationError


def full_clean_with(instance, errors: dict | None = None, *, exclude=None):
    """``instance.full_clean()``, raising its problems together with ``errors`` found
    beforehand (a need without themes, a call without criteria), keyed by field."""
    found = {}
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        found = {field: list(messages) for field, messages in error.message_dict.items()}
    for field, messages in (errors or {}).items():
        found.setdefault(field, []).extend(messages)
    if found:
        raise ValidationError(found)


def set_fields(instance, fields: dict, allowed) -> None:
    """Copy ``fields`` onto ``instance``; a name outside ``allowed`` is a programming error."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"not fields of {type(instance).__name__}: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)
