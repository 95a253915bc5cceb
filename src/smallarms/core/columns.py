"""Export columns made from a model's own field list, so a list's CSV says what its form asks
and its API returns: related rows by their natural key (ISO3, slug, code), several of them
separated by ";", yes/no as true/false, dates in ISO 8601."""

from datetime import date, datetime

from django.db import models

from .exports import Column


def natural_key(obj) -> str:
    """How a related row is named in an export: a State by its ISO3 code, an organization
    by its slug, a theme or an area by its code, anything else by its id."""
    for attribute in ("iso3", "slug", "code"):
        value = getattr(obj, attribute, None)
        if value:
            return str(value)
    return str(obj.pk)


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return natural_key(value)
    if isinstance(value, list | tuple):
        return ";".join(str(cell(item)) for item in value)
    return value


def model_columns(model, names) -> list[Column]:
    """One column per field name, headed by the name."""
    columns = []
    for name in names:
        field = model._meta.get_field(name)
        if field.many_to_many:
            columns.append(
                Column(
                    name,
                    lambda obj, n=name: ";".join(natural_key(o) for o in getattr(obj, n).all()),
                )
            )
        else:
            columns.append(Column(name, lambda obj, n=name: cell(getattr(obj, n))))
    return columns
