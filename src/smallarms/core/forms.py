"""Form pieces every app uses: dates, States and named things in the reader's language, the
owner a person acts for, and input forms whose model declares its fields once."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from .models import owner_fields
from .text import sort_key


class DateInput(forms.DateInput):
    """The browser's date picker; the value as year-month-day whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class ByShortName(ModelChoiceIterator):
    """States sorted by their short names in the reader's language, when shown."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for state in sorted(self.queryset, key=lambda s: sort_key(s.short_name)):
            yield self.choice(state)


class StateField(forms.ModelChoiceField):
    """One State, by its short name in the reader's language, in the reader's order."""

    iterator = ByShortName

    def __init__(self, *, empty_label="—", **kwargs):
        from smallarms.states.models import State

        kwargs.setdefault("queryset", State.objects.all())
        super().__init__(empty_label=empty_label, **kwargs)

    def label_from_instance(self, obj):
        return obj.short_name


class StatesField(forms.ModelMultipleChoiceField):
    """Several States, by their short names in the reader's language, in its order."""

    iterator = ByShortName
    widget = forms.SelectMultiple(attrs={"size": 6})

    def __init__(self, **kwargs):
        from smallarms.states.models import State

        kwargs.setdefault("queryset", State.objects.all())
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.short_name


class NamedField(forms.ModelMultipleChoiceField):
    """Themes, areas …: their names in the reader's language."""

    widget = forms.SelectMultiple(attrs={"size": 8})

    def label_from_instance(self, obj):
        return obj.name


def owner_key(owner) -> str:
    return f"{owner._meta.model_name}:{owner.pk}"


class OwnerField(forms.ChoiceField):
    """Whom the person acts for: one of their States or organizations ((kind, object)
    pairs from ``accounts.permissions``); cleans to the object."""

    def __init__(self, *, owners=(), **kwargs):
        super().__init__(choices=[(owner_key(obj), str(obj)) for _kind, obj in owners], **kwargs)
        self.owners = {owner_key(obj): obj for _kind, obj in owners}

    def clean(self, value):
        value = super().clean(value)
        return self.owners.get(value) if value else None


class CurrencyField(forms.CharField):
    """An ISO 4217 code; typed in any case, kept in capitals."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Currency"))
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("initial", "USD")
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class InputForm(forms.ModelForm):
    """A form for input a service will write: its fields come from the model (``Meta.fields``
    is the model's own ``FIELDS``), so that form, API and export agree on one list.

    The form checks its input; the service validates the object whole (its fields, rules and
    constraints, once it has the owner and the relations) and its messages land on the
    form's fields (``generic.show_errors``). The form never saves: ``values()`` is what the
    service takes, the owner chosen in an ``owner`` field as ``state`` and ``organization``.
    """

    def _post_clean(self):
        pass  # the service validates the object, once

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        if "owner" in self.fields:
            data.update(owner_fields(data.pop("owner")))
        return data
