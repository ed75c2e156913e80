"""Wagtail's user admin with one more action on a user's page: reset their second factor.

Installed through Wagtail's documented way to customise the user views: an app
config for wagtail.users naming this viewset (staff_signin.apps.UsersAdminConfig).
The listing's action comes from the register_user_listing_buttons hook.
"""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.widgets.button import Button
from wagtail.users.views import users

from staff_signin.permissions import may_reset_factors_of


def reset_button(request_user, user):
    if not may_reset_factors_of(request_user, user):
        return None
    return Button(_("Reset second factor"), url=reverse("staff_signin_reset", args=[user.pk]), icon_name="key", priority=60)


class EditView(users.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        button = reset_button(self.request.user, self.object)
        return [*buttons, button] if button else buttons


class UserViewSet(users.UserViewSet):
    edit_view_class = EditView
