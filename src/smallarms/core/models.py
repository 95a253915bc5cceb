"""What every app's models build on: the one door to rows (``VisibleQuerySet``)."""

from django.db import models


class VisibleQuerySet(models.QuerySet):
    """Rows of a model that has a rule in ``accounts.permissions``."""

    def visible_to(self, user, action="view"):
        """The rows ``user`` may ``action`` ("view", "edit", "history" … as the model's rule
        names them): the one permission filter of pages, API, exports, search, history and
        dashboards. An action the rule does not name gives no rows."""
        from smallarms.accounts import permissions

        return permissions.visible(self, user, action)
