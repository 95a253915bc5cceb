"""What every app's models build on: the one door to rows (``VisibleQuerySet``), the owner
"one State or one organization" (``OwnedByStateOrOrganization``), who made and changed a
row when (``Timestamped``, ``Authored``, ``person_field``), and the fields of what people
type (``LineField``, ``FreeTextField``)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .text import NAME_MAX_CHARS, clean_line, clean_text


class VisibleQuerySet(models.QuerySet):
    """Rows of a model that has a rule in ``accounts.permissions``."""

    def visible_to(self, user, action="view"):
        """The rows ``user`` may ``action`` ("view", "edit", "history" … as the model's rule
        names them): the one permission filter of pages, API, exports, search, history and
        dashboards. An action the rule does not name gives no rows."""
        from smallarms.accounts import permissions

        return permissions.visible(self, user, action)


class OwnedByStateOrOrganization(models.Model):
    """Held by a State or by an organization: a need, an offer, a directory entry, a role.

    Whether the owner is required (exactly one) or optional (at most one: a role of the
    whole system, a call of the secretariat) is the model's constraint: ``exactly_one_owner``
    or ``at_most_one_owner``.
    """

    state = models.ForeignKey(
        "states.State",
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.ForeignKey(
        "states.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def owner(self):
        return self.state or self.organization

    @property
    def owner_key(self) -> tuple[str, int]:
        if self.state_id:
            return ("state", self.state_id)
        return ("organization", self.organization_id)

    @property
    def owned_by_state(self) -> bool:
        return self.state_id is not None


def owner_fields(owner) -> dict:
    """``{"state": …, "organization": …}`` for a State, an organization or None."""
    from smallarms.states.models import State

    if owner is None:
        return {"state": None, "organization": None}
    if isinstance(owner, State):
        return {"state": owner, "organization": None}
    return {"state": None, "organization": owner}


def exactly_one_owner(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(state__isnull=False, organization__isnull=True)
        | Q(state__isnull=True, organization__isnull=False),
        name=name,
    )


def at_most_one_owner(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(state__isnull=True) | Q(organization__isnull=True), name=name
    )


def person_field(verbose_name, **options) -> models.ForeignKey:
    """Who did something to a row (made it, changed it, answered it …): kept as long as the
    person's account is, and without a reverse accessor on the person."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        **options,
    )


def ends_after_it_starts(name: str) -> models.CheckConstraint:
    """A period (``starts_on``, ``ends_on``) whose end, when both are given, is not before
    its start."""
    return models.CheckConstraint(
        condition=Q(starts_on__isnull=True)
        | Q(ends_on__isnull=True)
        | Q(ends_on__gte=models.F("starts_on")),
        name=name,
    )


class Timestamped(models.Model):
    """When a row was made and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True


class Authored(Timestamped):
    """When a row was made and last changed, and by whom it was made."""

    created_by = person_field(_("created by"), blank=True)

    class Meta:
        abstract = True


class _TypedText:
    """What ``LineField`` and ``FreeTextField`` share: the text is cleaned (``core.text``)
    when the object is validated and again, whatever path wrote it, when it is saved; a
    save of a text over the limit is refused, so that no door can skip the limit; and the
    form's input has no ``maxlength``, with which a browser would cut a pasted text short
    without a word: the form says how long the text is instead, and keeps it.

    The column is Django's own: changing a field to one of these changes no column (its
    migration is of the state only)."""

    clean_value = staticmethod(clean_text)

    def to_python(self, value):
        value = super().to_python(value)
        return self.clean_value(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            try:
                value = self.clean_value(value)
                MaxLengthValidator(self.max_length)(value)
            except ValidationError as error:
                raise ValidationError({self.name: error.messages}) from None
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.widget.attrs.pop("maxlength", None)
        return field


class LineField(_TypedText, models.CharField):
    """A one-line text a person types: a name, a title, an institution, a file name. Kept
    without invisible format characters, white space made single (``core.text``)."""

    clean_value = staticmethod(clean_line)

    def __init__(self, verbose_name=None, max_length=NAME_MAX_CHARS, **options):
        super().__init__(verbose_name, max_length=max_length, **options)


class FreeTextField(_TypedText, models.TextField):
    """A free text a person types: a description, a message, a note. Its limit is required
    and checked on every save, which Django does not do for a ``TextField``."""

    def __init__(self, verbose_name=None, *, max_length: int, **options):
        super().__init__(verbose_name, max_length=max_length, **options)
        self.validators.append(MaxLengthValidator(max_length))
