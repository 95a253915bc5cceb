"""Sign-in (with throttling and the second factor), profile, API tokens, two-factor set-up,
people and roles, invitations. Views are thin: every write is a ``services`` call."""

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from smallarms.audit.choices import Event
from smallarms.audit.context import current_client_address
from smallarms.audit.services import record

from . import permissions, services
from .forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    EnableTwoFactorForm,
    InvitationForm,
    LoginForm,
    PasswordResetForm,
    ProfileForm,
    SecondFactorForm,
)
from .mixins import TwoFactorRequiredMixin
from .models import ApiToken, Membership, SignInStep, User

PENDING_USER = "smallarms_pending_user"
PENDING_NEXT = "smallarms_pending_next"


def client_address(request):
    # The audit context knows whether a trusted proxy's X-Forwarded-For applies.
    return current_client_address() or None


def _safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse(settings.LOGIN_REDIRECT_URL)


def _locked_message(lock):
    if lock.scope == services.LOCK_ACCOUNT:
        return ngettext(
            "Too many wrong codes for this account. Try again in {minutes} minute.",
            "Too many wrong codes for this account. Try again in {minutes} minutes.",
            lock.minutes,
        ).format(minutes=lock.minutes)
    return ngettext(
        "Too many failed sign-in attempts for this address. Try again in {minutes} minute.",
        "Too many failed sign-in attempts for this address. Try again in {minutes} minutes.",
        lock.minutes,
    ).format(minutes=lock.minutes)


class LoginView(FormView):
    form_class = LoginForm
    template_name = "accounts/login.html"

    def form_valid(self, form):
        email = form.cleaned_data["email"].lower()
        attempt, lock = services.begin_sign_in_attempt(
            step=SignInStep.PASSWORD, email=email, client_address=client_address(self.request)
        )
        if lock:
            form.add_error(None, _locked_message(lock))
            return self.form_invalid(form)
        user = authenticate(self.request, email=email, password=form.cleaned_data["password"])
        if user is None:
            lock = services.sign_in_failed(attempt)
            form.add_error(
                None,
                _locked_message(lock)
                if lock
                else _("The e-mail address or the password is not right."),
            )
            return self.form_invalid(form)
        services.sign_in_succeeded(attempt)
        next_url = _safe_next(self.request, self.request.POST.get("next"))
        if permissions.has_two_factor(user):
            self.request.session[PENDING_USER] = user.pk
            self.request.session[PENDING_NEXT] = next_url
            return redirect("accounts:login_second_factor")
        login(self.request, user)
        if permissions.requires_two_factor(user):
            return redirect("accounts:two_factor_setup")
        return redirect(next_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.GET.get("next", self.request.POST.get("next", ""))
        return context


class SecondFactorView(FormView):
    form_class = SecondFactorForm
    template_name = "accounts/login_second_factor.html"

    def dispatch(self, request, *args, **kwargs):
        self.pending = User.objects.filter(
            pk=request.session.get(PENDING_USER), is_active=True
        ).first()
        if self.pending is None:
            return redirect("accounts:login")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET":
            # Said before a code is typed: a lock outlives signing in again with the password.
            lock = services.sign_in_lock(
                step=SignInStep.SECOND_FACTOR,
                email=self.pending.email,
                client_address=client_address(self.request),
            )
            context["locked"] = _locked_message(lock) if lock else ""
        return context

    def form_valid(self, form):
        attempt, lock = services.begin_sign_in_attempt(
            step=SignInStep.SECOND_FACTOR,
            email=self.pending.email,
            client_address=client_address(self.request),
            user=self.pending,
        )
        if lock:
            form.add_error(None, _locked_message(lock))
            return self.form_invalid(form)
        device = services.verify_second_factor(self.pending, form.cleaned_data["token"])
        if device is None:
            lock = services.sign_in_failed(attempt, user=self.pending)
            form.add_error("token", _locked_message(lock) if lock else _("That code is not right."))
            return self.form_invalid(form)
        next_url = self.request.session.get(PENDING_NEXT)
        login(self.request, self.pending, backend="django.contrib.auth.backends.ModelBackend")
        otp_login(self.request, device)
        services.sign_in_succeeded(attempt)
        return redirect(_safe_next(self.request, next_url))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if services.request_password_reset(
            email=form.cleaned_data["email"], client_address=client_address(self.request)
        ):
            return super().form_valid(form)
        # The same answer as when the e-mail is sent: nothing tells the throttle, or whether
        # the address has an account.
        return redirect(self.get_success_url())

    def get_form_kwargs(self):
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().get_form_kwargs()


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(Event.PASSWORD_CHANGED, actor=form.user, obj=form.user)
        return response


class DashboardView(LoginRequiredMixin, TemplateView):
    """A signed-in person's starting point: their roles and what waits for them."""

    template_name = "accounts/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["memberships"] = user.memberships.active().select_related(
            "role", "state", "organization"
        )
        context["two_factor"] = permissions.has_two_factor(user)
        context["two_factor_required"] = permissions.requires_two_factor(user)
        context["can_manage_people"] = bool(permissions.grantable_roles(user))
        context["report_tasks"] = pending_reports(user)
        context["contact_tasks"] = stale_contacts(user)
        context["match_tasks"] = matches_to_answer(user)
        context["open_invitations"] = (
            services.Invitation.objects.filter(invited_by=user, accepted_at__isnull=True).count()
            if context["can_manage_people"]
            else 0
        )
        return context


def pending_reports(user):
    """Reports waiting for this person: their State's drafts and returned reports, and, for
    the secretariat, reports submitted for review."""
    from smallarms.reporting.models import Report

    related = ("state", "cycle__meeting")
    return list(Report.objects.visible_to(user, "edit").select_related(*related)) + list(
        Report.objects.visible_to(user, "review").select_related(*related)
    )


def stale_contacts(user) -> list[tuple[object, int]]:
    """The States and organizations whose stale directory entries this person keeps, with
    how many. The secretariat, which keeps them all, follows them in the directory."""
    from smallarms.contacts.models import Contact

    if permissions.is_system_staff(user):
        return []
    counts = {}
    stale = Contact.objects.visible_to(user, "edit").current().stale()
    for contact in stale.select_related("state", "organization"):
        counts[contact.owner] = counts.get(contact.owner, 0) + 1
    return sorted(counts.items(), key=lambda item: str(item[0]))


def matches_to_answer(user) -> list:
    """Proposed matches on which this person's side has to answer."""
    from smallarms.assistance.models import Match

    proposed = Match.objects.visible_to(user).filter(status="proposed")
    return [m for m in proposed.select_related("need", "offer") if permissions.may_answer(user, m)]


class ProfileView(LoginRequiredMixin, FormView):
    form_class = ProfileForm
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("accounts:profile")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.request.user}

    def form_valid(self, form):
        services.update_profile(
            acting_user=self.request.user,
            full_name=form.cleaned_data["full_name"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        messages.success(self.request, _("Your profile has been saved."))
        response = redirect(self.success_url)
        # The same cookie as the language switcher's (django.views.i18n.set_language).
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.cleaned_data["preferred_language"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["tokens"] = ApiToken.objects.filter(user=user)
        context["token_form"] = kwargs.get("token_form") or ApiTokenForm()
        context["two_factor"] = permissions.has_two_factor(user)
        context["two_factor_required"] = permissions.requires_two_factor(user)
        return context


class ApiTokenCreateView(TwoFactorRequiredMixin, View):
    def post(self, request):
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            view = ProfileView(request=request, kwargs={})
            view.setup(request)
            return render(
                request,
                ProfileView.template_name,
                view.get_context_data(form=ProfileForm(instance=request.user), token_form=form),
                status=400,
            )
        token, key = services.create_api_token(
            acting_user=request.user, name=form.cleaned_data["name"]
        )
        return render(request, "accounts/token_created.html", {"token": token, "key": key})


class ApiTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        services.revoke_api_token(acting_user=request.user, token=token)
        messages.success(request, _("The token has been revoked."))
        return redirect("accounts:profile")


class TwoFactorSetupView(LoginRequiredMixin, FormView):
    form_class = EnableTwoFactorForm
    template_name = "accounts/two_factor_setup.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = services.pending_totp(self.request.user)
        qr = segno.make(device.config_url, error="m")
        context["qr_svg"] = base64.b64encode(
            qr.svg_inline(scale=5, dark="#000", light="#fff").encode()
        ).decode()
        context["secret"] = base64.b32encode(device.bin_key).decode().rstrip("=")
        context["already_enabled"] = permissions.has_two_factor(self.request.user)
        return context

    def form_valid(self, form):
        try:
            codes = services.enable_two_factor(
                acting_user=self.request.user, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error("token", error)
            return self.form_invalid(form)
        otp_login(self.request, services.confirmed_totp(self.request.user))
        return render(self.request, "accounts/recovery_codes.html", {"codes": codes})


class TwoFactorDisableView(LoginRequiredMixin, View):
    def post(self, request):
        try:
            services.disable_two_factor(acting_user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Two-factor authentication is off."))
        return redirect("accounts:profile")


class RecoveryCodesView(TwoFactorRequiredMixin, View):
    def post(self, request):
        if not permissions.has_two_factor(request.user):
            raise Http404
        codes = services.regenerate_recovery_codes(acting_user=request.user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes})


class PeopleView(TwoFactorRequiredMixin, FormView):
    """People and their roles in the scopes the signed-in person manages; invitations."""

    form_class = InvitationForm
    template_name = "accounts/people.html"

    def has_access(self):
        return bool(permissions.grantable_roles(self.request.user))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "roles": permissions.grantable_roles(self.request.user),
            "states": permissions.manageable_states(self.request.user),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        memberships = (
            Membership.objects.active()
            .visible_to(user)
            .select_related("user", "role", "state", "organization")
        )
        invitations = (
            services.Invitation.objects.visible_to(user)
            .filter(accepted_at__isnull=True)
            .exclude(email=user.email)
            .select_related("role", "state", "organization")
        )
        context["memberships"] = [
            (m, permissions.can_revoke(user, m)) for m in memberships.order_by("user__email")
        ]
        context["invitations"] = invitations
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            invitation, _key = services.invite(
                acting_user=self.request.user,
                email=data["email"],
                role=data["role"],
                state=data["state"],
                organization=data["organization"],
                language=data["language"],
            )
        except PermissionDenied:
            form.add_error(None, _("You cannot give this role in this scope."))
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("An invitation has been sent to {email}.").format(email=invitation.email),
        )
        return redirect("accounts:people")


class MembershipRevokeView(TwoFactorRequiredMixin, View):
    def post(self, request, pk):
        membership = Membership.objects.active().filter(pk=pk).first()
        if membership is None or not permissions.can_revoke(request.user, membership):
            raise Http404
        services.revoke_role(acting_user=request.user, membership=membership)
        messages.success(
            request,
            _("{person} no longer holds the role {role}.").format(
                person=membership.user, role=membership.role
            ),
        )
        return redirect("accounts:people")


class InvitationAcceptView(View):
    template_name = "accounts/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = services.find_invitation(kwargs["key"])
        if self.invitation is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def existing_user(self):
        return User.objects.filter(email=self.invitation.email).first()

    def get(self, request, key):
        return self.render(AcceptInvitationForm(email=self.invitation.email))

    def render(self, form, status=200):
        existing = self.existing_user()
        return render(
            self.request,
            self.template_name,
            {
                "invitation": self.invitation,
                "form": form,
                "existing": existing,
                "signed_in_as_invitee": existing is not None
                and self.request.user.is_authenticated
                and self.request.user.pk == existing.pk,
            },
            status=status,
        )

    def post(self, request, key):
        existing = self.existing_user()
        if existing is not None:
            if not (request.user.is_authenticated and request.user.pk == existing.pk):
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            services.accept_invitation(invitation=self.invitation, user=request.user)
            messages.success(
                request, _("You now hold the role {role}.").format(role=self.invitation.role)
            )
            return redirect("accounts:dashboard")
        form = AcceptInvitationForm(request.POST, email=self.invitation.email)
        if not form.is_valid():
            return self.render(form, status=400)
        user = services.create_invited_user(
            invitation=self.invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome. Your account is ready."))
        if permissions.requires_two_factor(user):
            return redirect("accounts:two_factor_setup")
        return redirect("accounts:dashboard")
