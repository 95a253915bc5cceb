"""What a need and an offer have in common: one State's or organization's posting, written
in one of the six languages, on themes of the shared taxonomy, in a currency, for a period."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from smallarms.core.models import (
    Authored,
    FreeTextField,
    LineField,
    OwnedByStateOrOrganization,
    VisibleQuerySet,
)
from smallarms.core.text import TEXT_MAX_CHARS

from .money import currency_field


def _languages_default():
    return []


class Posting(OwnedByStateOrOrganization, Authored):
    """A need or an offer (abstract)."""

    # Said by ``clean`` when the owner is missing or double; each kind of posting has its own.
    owner_message = ""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = LineField(_("title"))
    description = FreeTextField(_("description"), max_length=TEXT_MAX_CHARS)
    language = models.CharField(
        _("language of the text"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    working_languages = models.JSONField(
        _("working languages"), default=_languages_default, blank=True
    )
    themes = models.ManyToManyField(
        "themes.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    currency = currency_field()
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if bool(self.state_id) == bool(self.organization_id):
            raise ValidationError(self.owner_message)
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})
        codes = {code for code, _name in settings.LANGUAGES}
        if any(code not in codes for code in self.working_languages or []):
            raise ValidationError(
                {"working_languages": _("Choose among the six official languages.")}
            )
