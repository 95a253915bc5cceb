"""Writing the audit trail: ``record`` for domain events, and the snapshots that the signal
handlers (``signals.py``) record for every create, update and delete."""

import json
import math
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation

from . import registry, relations
from .chain import GENESIS, digest
from .choices import Event
from .context import current_actor, current_client_address, current_request_id
from .models import Entry

# pg_advisory_xact_lock key for appending to the chain: "smallarm" in ASCII.
CHAIN_LOCK = 0x736D616C6C61726D


def _lock_chain():
    """Serialize appends so two transactions never chain onto the same last entry. SQLite
    needs nothing: its transactions are IMMEDIATE (core/env.py), so writers already queue."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def json_safe(value):
    """A value as plain JSON that reads back exactly as written on both databases (so the
    hash computed now is the hash recomputed later)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        # jsonb turns 1e+16 into 10000000000000000: store integral floats as integers.
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return f"<{len(bytes(value))} bytes>"
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [json_safe(v) for v in value]
        return sorted(items, key=json.dumps) if isinstance(value, set | frozenset) else items
    if hasattr(value, "pk"):
        return json_safe(value.pk)
    return str(value)


def _text(value, limit):
    return "" if value is None else str(value)[:limit]


def _describe(obj) -> str:
    # __str__ of a domain object may follow relations that are gone by now (post_delete).
    try:
        with translation.override("en"):
            return str(obj)[:200]
    except Exception:
        return f"{obj._meta.verbose_name} {obj.pk}"[:200]


# No savepoint: an entry is written inside the transaction of the change it records, and if
# it fails that whole transaction must fail with it (and the two statements are saved in
# every write transaction, which on SQLite holds the database's write lock).
@transaction.atomic(savepoint=False)
def record(event, *, actor=None, obj=None, data=None, before=None, after=None) -> Entry:
    """Append one entry to the audit trail and return it.

    ``actor`` defaults to the context's (``acting_as`` or the signed-in user of the request);
    ``obj`` is the domain object concerned; ``data`` what else is worth keeping (never a
    secret); ``before`` / ``after`` the object's state for changes. Call it inside the
    transaction of the change it records, so both or neither are written.
    """
    event = Event(event)  # an unknown event code is a programming error
    if actor is None:
        actor = current_actor()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = Entry(
        event=event.value,
        actor_id=actor.pk if actor is not None else None,
        actor_label=_text(getattr(actor, "email", None) or actor, 254) if actor else "",
        request_id=current_request_id(),
        client_address=current_client_address(),
        data=json_safe(data or {}),
        before=json_safe(before),
        after=json_safe(after),
    )
    if obj is not None:
        content_type = ContentType.objects.get_for_model(obj)
        entry.content_type_id = content_type.pk
        entry.object_type = f"{content_type.app_label}.{content_type.model}"
        entry.object_id = _text(obj.pk, 64)
        entry.object_repr = _describe(obj)

    _lock_chain()
    last = Entry.objects.order_by("-sequence").values_list("sequence", "hash").first()
    entry.sequence, entry.previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    # Taken after the lock, so time never runs backwards along the chain on one clock.
    entry.occurred_at = timezone.now()
    entry.hash = digest(entry)
    entry.save(force_insert=True)
    return entry


# Snapshots of domain objects --------------------------------------------------------------


def snapshot(instance) -> dict:
    """The stored state of ``instance``: every concrete field by name (a foreign key as the
    related primary key), without secret and ignored fields. Its relations are
    ``relations_snapshot``: a save never changes them, so they are read only when an entry
    is written."""
    skipped = registry.secret_fields(instance) | registry.ignored_fields(instance)
    return {
        field.name: json_safe(field.value_from_object(instance))
        for field in instance._meta.concrete_fields
        if field.name not in skipped
    }


def relations_snapshot(instance, using=None) -> dict:
    """The many-to-many fields of ``instance`` by name, each the sorted list of the related
    primary keys (one query per field), without secret and ignored ones."""
    result = {}
    for relation in relations.kept_relations_of(type(instance)):
        key = relation.key_of(instance)
        result[relation.name] = relation.values([key], using)[relation.owner_key(key)]
    return result


def empty_relations(model) -> dict:
    """The relations of an object just created: none yet (they are set after the save)."""
    return {relation.name: [] for relation in relations.kept_relations_of(model)}


def secrets_of(instance) -> dict:
    """Secret values, only ever held in memory to tell whether they changed."""
    return {
        field.name: field.value_from_object(instance)
        for field in instance._meta.concrete_fields
        if field.name in registry.secret_fields(instance)
    }
