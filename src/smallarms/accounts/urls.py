from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-in/code/", views.SecondFactorView.as_view(), name="login_second_factor"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/tokens/", views.ApiTokenCreateView.as_view(), name="token_create"),
    path(
        "profile/tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="token_revoke"
    ),
    path("profile/two-factor/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path(
        "profile/two-factor/off/", views.TwoFactorDisableView.as_view(), name="two_factor_disable"
    ),
    path(
        "profile/two-factor/recovery-codes/",
        views.RecoveryCodesView.as_view(),
        name="recovery_codes",
    ),
    path("people/", views.PeopleView.as_view(), name="people"),
    path(
        "people/roles/<int:pk>/revoke/",
        views.MembershipRevokeView.as_view(),
        name="membership_revoke",
    ),
    path("invitations/<str:key>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
]
