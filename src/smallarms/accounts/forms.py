from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from smallarms.states.models import Organization, State

from .models import Role, ScopeKind, User


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=User._meta.get_field("email").max_length,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class EnableTwoFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code shown by your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
        help_texts = {
            "preferred_language": _("Used for the interface when you sign in, and for e-mails."),
        }


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “statistics office import script”."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.none())
    state = forms.ModelChoiceField(label=_("State"), queryset=State.objects.none(), required=False)
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES, initial="en"
    )

    def __init__(self, *args, roles, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.filter(code__in=[r.code for r in roles])
        self.fields["state"].queryset = states
        self.fields["organization"].queryset = Organization.objects.order_by("name_en")

    def clean(self):
        data = super().clean()
        role, state, organization = data.get("role"), data.get("state"), data.get("organization")
        if role is None:
            return data
        kind = role.scope_kind
        if kind == ScopeKind.STATE and not state:
            self.add_error("state", _("Choose the State for this role."))
        if kind == ScopeKind.ORGANIZATION and not organization:
            self.add_error("organization", _("Choose the organization for this role."))
        if kind == ScopeKind.STATE_OR_ORGANIZATION and bool(state) == bool(organization):
            self.add_error("state", _("Choose either a State or an organization for this role."))
        if kind == ScopeKind.SYSTEM and (state or organization):
            self.add_error(
                "role",
                _("This role applies to the whole system: leave State and organization empty."),
            )
        if kind == ScopeKind.STATE and organization:
            self.add_error("organization", _("This role is held for a State, not an organization."))
        if kind == ScopeKind.ORGANIZATION and state:
            self.add_error("state", _("This role is held for an organization, not a State."))
        return data


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, with the e-mail written in the person's preferred language."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(context["user"].preferred_language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
