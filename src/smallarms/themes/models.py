from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smallarms.core.i18n import pick
from smallarms.core.models import VisibleQuerySet


class Theme(models.Model):
    """A theme of small-arms control (marking, tracing, stockpile management …).

    The same themes tag template questions, assistance needs, offers and projects, so that
    analysis can follow one theme from what States report to what was funded.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    names = models.JSONField(_("names"), help_text=_("The name in each of the six languages."))
    descriptions = models.JSONField(
        _("descriptions"), help_text=_("One sentence in each of the six languages.")
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("themes:theme_detail", kwargs={"code": self.code})

    @property
    def name(self) -> str:
        return pick(self.names)

    @property
    def description(self) -> str:
        return pick(self.descriptions)
