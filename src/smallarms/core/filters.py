"""Filters every app's filter definitions share (pages, API and CSV exports alike), with the
limits of what a caller may ask for, declared once (docs/api.md, "Reading").

A bad value makes the filter set invalid: the API answers 400 with the message under the
parameter's name, a page shows the message beside the field and lists nothing. The schema
states the bounds (``core.api.schema.BoundedFilterParameters``).
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Years a year filter accepts: the whole history of the United Nations and well beyond,
# within what every database's date functions handle.
YEAR_MIN = 1900
YEAR_MAX = 2100

# A word search: each word is one more condition on every row searched, so their number
# and the length of the whole search are bounded.
SEARCH_MAX_WORDS = 20
SEARCH_MAX_LENGTH = 200


class WordSearchField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if len(value.split()) > SEARCH_MAX_WORDS:
            raise ValidationError(
                _("A search has at most {limit} words.").format(limit=SEARCH_MAX_WORDS),
                code="too_many_words",
            )


class WordSearchFilter(django_filters.CharFilter):
    """Words that must all occur, found by the filter's ``method``: at most
    ``SEARCH_MAX_WORDS`` words and ``SEARCH_MAX_LENGTH`` characters."""

    field_class = WordSearchField


class YearFilter(django_filters.NumberFilter):
    """A year (a whole number from ``YEAR_MIN`` to ``YEAR_MAX``) compared with the year of a
    date field: ``lookup_expr="year__gte"`` and the like."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)
