from django import forms
from django.utils.translation import gettext_lazy as _

from smallarms.core.i18n import LANGUAGE_LABELS
from smallarms.core.text import sort_key
from smallarms.states.models import State

from .choices import MeetingKind
from .models import Meeting, ReportingCycle, ReportTemplate


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class StateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


def title_field_name(code: str) -> str:
    return "title_" + code.replace("-", "_")


class MeetingForm(forms.Form):
    """A meeting as the secretariat enters it; the title in each of the six languages."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        max_value=99,
        help_text=_("9 for the ninth Biennial Meeting of States: the code is then BMS9."),
    )
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    venue = forms.CharField(label=_("Venue"), max_length=120, initial="New York")
    chair_name = forms.CharField(label=_("Chair"), max_length=200, required=False)
    chair_state = StateChoiceField(
        label=_("State of the chair"), queryset=State.objects.all(), required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, language in LANGUAGE_LABELS:
            self.fields[title_field_name(code)] = forms.CharField(
                label=_("Title in {language}").format(language=language),
                max_length=600,
                required=code == "en",
                widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
            )
        self.fields["chair_state"].queryset = State.objects.all()
        self.fields["chair_state"].choices = [
            ("", "—"),
            *sorted(
                ((s.pk, s.short_name) for s in State.objects.all()), key=lambda c: sort_key(c[1])
            ),
        ]
        order = ["kind", "number"] + [title_field_name(c) for c, _l in LANGUAGE_LABELS]
        self.order_fields([*order, "starts_on", "ends_on", "venue", "chair_name", "chair_state"])

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        initial = {
            name: getattr(meeting, name)
            for name in ("kind", "number", "starts_on", "ends_on", "venue", "chair_name", "note")
        }
        initial["chair_state"] = meeting.chair_state_id
        for code, _language in LANGUAGE_LABELS:
            initial[title_field_name(code)] = meeting.titles.get(code, "")
        return initial

    def values(self) -> dict:
        """What the services take: the titles gathered into one object."""
        data = dict(self.cleaned_data)
        titles = {}
        for code, _language in LANGUAGE_LABELS:
            text = data.pop(title_field_name(code), "").strip()
            if text:
                titles[code] = text
        data["titles"] = titles
        return data


class CycleForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())
    opens_on = forms.DateField(label=_("Opening date"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closing date"), widget=DateInput)
    template = forms.ModelChoiceField(
        label=_("Report template"),
        queryset=ReportTemplate.objects.none(),
        required=False,
        empty_label=_("None yet"),
        help_text=_(
            "What States answer in this cycle. It cannot change once a State has started "
            "its report."
        ),
    )
    dates_approximate = forms.BooleanField(label=_("The dates are approximate"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, cycle: ReportingCycle | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A meeting has one reporting cycle: offer the meetings that have none yet.
        meetings = Meeting.objects.filter(reporting_cycle__isnull=True)
        if cycle is not None:
            meetings = Meeting.objects.filter(pk=cycle.meeting_id) | meetings
        self.fields["meeting"].queryset = meetings.order_by("-starts_on")
        self.fields["meeting"].label_from_instance = lambda m: f"{m.code} — {m.title}"
        self.fields["template"].queryset = ReportTemplate.objects.order_by("code", "-version")
        self.fields["template"].label_from_instance = lambda t: _(
            "{title}, version {version}"
        ).format(title=t.title, version=t.version)

    @classmethod
    def initial_for(cls, cycle: ReportingCycle) -> dict:
        return {
            "meeting": cycle.meeting_id,
            "opens_on": cycle.opens_on,
            "closes_on": cycle.closes_on,
            "template": cycle.template_id,
            "dates_approximate": cycle.dates_approximate,
            "note": cycle.note,
        }
