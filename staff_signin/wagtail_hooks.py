from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from staff_signin import views
from staff_signin.users_admin import reset_button


@hooks.register("register_admin_urls")
def register_staff_signin_urls():
    return [
        path("two-factor/verify/", views.VerifyView.as_view(), name="staff_signin_verify"),
        path("two-factor/setup/", views.SetupView.as_view(), name="staff_signin_setup"),
        path("account/two-factor/", views.SecondFactorAccountView.as_view(), name="staff_signin_account"),
        path(
            "account/two-factor/recovery-codes/",
            views.NewRecoveryCodesView.as_view(),
            name="staff_signin_recovery_codes",
        ),
        path("account/two-factor/remove/", views.RemoveFactorView.as_view(), name="staff_signin_remove"),
        path("two-factor/reset/<int:user_id>/", views.ResetFactorsView.as_view(), name="staff_signin_reset"),
    ]


@hooks.register("register_account_menu_item")
def second_factor_account_item(request):
    return {
        "url": reverse("staff_signin_account"),
        "label": _("Second factor"),
        "help_text": _("An authenticator app and recovery codes, asked for after your password."),
    }


@hooks.register("register_user_listing_buttons")
def reset_second_factor_button(user, request_user):
    button = reset_button(request_user, user)
    return [button] if button else []
