from django.contrib.auth import get_user_model

from wagtail.permission_policies.base import ModelPermissionPolicy


def may_reset_factors_of(request_user, user):
    """Administrators who may change users; only a superuser touches a superuser; nobody resets themselves here."""
    if request_user.pk == user.pk:
        return False
    if user.is_superuser and not request_user.is_superuser:
        return False
    return ModelPermissionPolicy(get_user_model()).user_has_permission(request_user, "change")
