from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
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
    """For pages of signed-in people: sign-in first, then the second factor for people whose
    roles require it, then the page's own ``has_access`` (404 when it says no).

    The order matters: a person who must first use the second factor is sent to it, and
    only then told (by a 404) that a page is not theirs; what a page holds is decided after.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if response := two_factor_redirect(request):
                return response
            if not self.has_access():
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def has_access(self) -> bool:
        """Whether the signed-in person may reach this page at all."""
        return True


class SystemStaffRequiredMixin(TwoFactorRequiredMixin):
    """Pages of the secretariat and administrators (after their second factor). Anyone
    else, signed in or not, gets 404: not even the existence of these pages shows."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def has_access(self) -> bool:
        return permissions.is_system_staff(self.request.user)
