from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import permissions


def two_factor_redirect(request):
    """Where to send a signed-in person who lacks the second factor their roles require
    (set it up, or sign in again with it); None when they may go on."""
    user = request.user
    if not user.is_authenticated or permissions.passes_two_factor(user):
        return None
    if not permissions.has_two_factor(user):
        messages.warning(
            request, _("Your role requires two-factor authentication. Turn it on to continue.")
        )
        return redirect("accounts:two_factor_setup")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}")


class TwoFactorRequiredMixin(LoginRequiredMixin):
    """For pages with confidential data: people whose roles require a second factor reach
    them only after turning it on and signing in with it."""

    def dispatch(self, request, *args, **kwargs):
        return two_factor_redirect(request) or super().dispatch(request, *args, **kwargs)
