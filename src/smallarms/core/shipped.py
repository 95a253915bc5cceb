"""Loading data shipped with the code (States, themes, meetings …) idempotently: a row is
written only where the shipped data differs from the database, so a second load changes
nothing and leaves no audit entry."""

from dataclasses import dataclass, field


@dataclass
class LoadSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict, label: str):
        bucket[label] = bucket.get(label, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def sync(model, lookup: dict, values: dict, summary: LoadSummary, label: str):
    """Create the row, or update only the fields that differ; count what was done."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        summary.count(summary.created, label)
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save(update_fields=changed)
        summary.count(summary.updated, label)
    return instance
