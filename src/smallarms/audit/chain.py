"""The hash chain: canonical content of an entry, its hash, and the check of a whole log."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

# The previous hash of the first entry.
GENESIS = "0" * 64

# The fields an entry's hash covers, in no particular order (the JSON keys are sorted).
HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "event",
    "actor_id",
    "actor_label",
    "request_id",
    "client_address",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "data",
    "previous_hash",
)


def _default(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    raise TypeError(f"Not canonical JSON: {type(value).__name__}")


def canonical(entry) -> str:
    """Sorted keys, no whitespace, UTF-8 as is, datetimes as ISO 8601 in UTC."""
    content = {name: getattr(entry, name) for name in HASHED_FIELDS}
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    )


def digest(entry) -> str:
    return hashlib.sha256(canonical(entry).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    sequence: int
    reason: str


@dataclass(frozen=True)
class Result:
    count: int
    last_sequence: int | None
    last_hash: str
    broken: Break | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None


def check(entries: Iterable) -> Result:
    """Walk the entries in sequence order; stop at the first that breaks the chain."""
    count, expected, previous_hash, last = 0, 1, GENESIS, None
    for entry in entries:
        if entry.sequence != expected:
            if entry.sequence > expected:
                reason = (
                    "missing (removed)"
                    if entry.sequence == expected + 1
                    else f"missing, with the {entry.sequence - expected - 1} after it (removed)"
                )
                return Result(count, last, previous_hash, Break(expected, reason))
            reason = f"out of order: expected number {expected}"
            return Result(count, last, previous_hash, Break(entry.sequence, reason))
        if entry.previous_hash != previous_hash:
            reason = (
                "does not follow the entry before it (an entry was removed, inserted or "
                "reordered, or the one before was altered and rehashed)"
            )
            return Result(count, last, previous_hash, Break(entry.sequence, reason))
        if digest(entry) != entry.hash:
            reason = "content does not match its hash (altered)"
            return Result(count, last, previous_hash, Break(entry.sequence, reason))
        count, expected, previous_hash, last = count + 1, expected + 1, entry.hash, entry.sequence
    return Result(count, last, previous_hash)
