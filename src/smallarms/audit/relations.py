"""The many-to-many relations the audit trail keeps, read straight from their through tables.

A relation belongs to the model that declares the field (a need's ``themes``), whichever end
changes it: ``need.themes.add(theme)`` and ``theme.<reverse>.add(need)`` both change the need.
Its value in a snapshot is the sorted list of the related primary keys, as a foreign key's
value is the related primary key.
"""

from dataclasses import dataclass

from django.db import models

from . import registry


@dataclass(frozen=True)
class Relation:
    """One many-to-many field of an audited model, and the columns of its through table."""

    model: type[models.Model]  # the model that declares the field: the owner
    name: str
    through: type[models.Model]
    source: str  # attname of the through table's key to the owner
    target: str  # attname of the through table's key to the related model
    source_key: models.Field  # the owner's field that ``source`` holds (its primary key)
    target_key: models.Field  # the related model's field that ``target`` holds

    @classmethod
    def of(cls, field: models.ManyToManyField) -> "Relation":
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name())
        target = through._meta.get_field(field.m2m_reverse_field_name())
        return cls(
            model=field.model._meta.concrete_model,
            name=field.name,
            through=through,
            source=source.attname,
            target=target.attname,
            source_key=source.target_field,
            target_key=target.target_field,
        )

    @property
    def related_model(self):
        return self.target_key.model._meta.concrete_model

    @property
    def through_is_audited(self) -> bool:
        """A through model of its own that the trail records row by row (created, deleted)."""
        return not self.through._meta.auto_created and registry.is_audited(self.through)

    @property
    def secret(self) -> bool:
        return self.name in registry.secret_fields(self.model)

    @property
    def ignored(self) -> bool:
        return self.name in registry.ignored_fields(self.model)

    def owner_key(self, value):
        """A key of an owner as the database gives it back (``m2m_changed`` passes what the
        caller passed: an id given as text stays text)."""
        return self.source_key.to_python(value)

    def key_of(self, owner):
        return getattr(owner, self.source_key.attname)

    def values(self, owners, using=None) -> dict:
        """``{owner key: sorted related keys}`` for each of ``owners``, in one query."""
        from .services import json_safe

        owners = [self.owner_key(owner) for owner in owners]
        result = {owner: [] for owner in owners}
        if not owners:
            return result
        rows = (
            self.through._base_manager.using(using)
            .filter(**{f"{self.source}__in": owners})
            .values_list(self.source, self.target)
        )
        for owner, related in rows:
            result[owner].append(json_safe(related))
        return {owner: sorted(related) for owner, related in result.items()}

    def owners_of(self, related_key, using=None) -> list:
        """The owners related to one object of the other end."""
        return list(
            self.through._base_manager.using(using)
            .filter(**{self.target: related_key})
            .values_list(self.source, flat=True)
        )


def relations_of(model) -> list[Relation]:
    """The many-to-many fields that ``model`` declares or inherits, as relations."""
    return [Relation.of(field) for field in model._meta.many_to_many]


def kept_relations_of(model) -> list[Relation]:
    """The relations of ``model`` that its snapshot holds: not secret, not ignored."""
    return [r for r in relations_of(model) if not (r.secret or r.ignored)]


def audited_relations() -> dict[type[models.Model], Relation]:
    """Every relation of an audited model, by its through model (the ``m2m_changed`` sender)."""
    found = {}
    for model in registry.audited_models():
        for relation in relations_of(model):
            if registry.is_audited(relation.model):
                found[relation.through] = relation
    return found
