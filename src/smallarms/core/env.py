"""Typed readers for configuration from environment variables.

Every setting of the system comes from the environment (DESIGN.md). Each helper refuses a
bad value at start-up with a message that names the variable, so a typo in a deployment
fails loudly instead of running with a silently different configuration.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str, environ=None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None, *, required: bool = False, environ=None):
    value = _raw(name, environ)
    if value is None:
        if required:
            raise ImproperlyConfigured(f"{name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool, *, environ=None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (one of true, false, 1, 0, yes, no, on, off), got {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None, environ=None) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}.")
    return number


def env_list(name: str, default: list[str], *, environ=None) -> list[str]:
    """A comma-separated list; empty items are a mistake, not something to skip."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(item == "" for item in items):
        raise ImproperlyConfigured(
            f"{name} must be a comma-separated list without empty items, got {value!r}."
        )
    return items


def env_int_list(
    name: str, default: list[int], *, minimum: int | None = None, environ=None
) -> list[int]:
    """A comma-separated list of whole numbers (each at least ``minimum``)."""
    items = env_list(name, [str(item) for item in default], environ=environ)
    numbers = []
    for item in items:
        try:
            number = int(item)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be a comma-separated list of whole numbers, got {item!r}."
            ) from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(
                f"{name}: every number must be at least {minimum}, got {number}."
            )
        numbers.append(number)
    return numbers


def env_path(name: str, default: Path, *, environ=None) -> Path:
    value = _raw(name, environ)
    if value is None:
        return default
    path = Path(value).expanduser()
    if not path.is_absolute():
        raise ImproperlyConfigured(f"{name} must be an absolute path, got {value!r}.")
    return path


def env_ip_address(name: str, default: str, *, wildcard: bool = False, environ=None) -> str:
    """One IP address, in its canonical spelling (``::1``, not ``0:0:0:0:0:0:0:1``); with
    ``wildcard``, ``*`` (any address) too. Host names are refused: the value is compared
    with the address a connection comes from."""
    value = _raw(name, environ) or default
    if wildcard and value == "*":
        return value
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        expected = "an IP address or *" if wildcard else "an IP address"
        raise ImproperlyConfigured(f"{name} must be {expected}, got {value!r}.") from None


SUPPORTED_DATABASES = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgres",
}


def env_database(name: str, default: str, *, sqlite_timeout: float = 5, environ=None) -> dict:
    """A database URL: sqlite:////absolute/path.sqlite3 or postgres://user@host:port/name.

    ``sqlite_timeout``: seconds a write transaction waits for SQLite's write lock before it
    fails with "database is locked" (answered 503, core/busy.py)."""
    value = _raw(name, environ) or default
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL ({error}).") from None
    engine = config.get("ENGINE")
    if engine not in SUPPORTED_DATABASES:
        raise ImproperlyConfigured(
            f"{name} must use sqlite:// or postgres://, got {value.split(':', 1)[0]!r}."
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database, got {value!r}.")
    if engine == "django.db.backends.sqlite3":
        # SQLite keeps no connection worth pooling; a persistent one would hold file locks.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "timeout": sqlite_timeout,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    return config
