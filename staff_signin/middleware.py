"""Two middlewares: the second step in front of the admin, and sessions that end after idle hours."""

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from staff_signin.factors import has_second_factor, must_verify

# Admin pages a signed-in user may open before the second step: signing in and out, the
# second step itself, and what the admin's own page chrome loads (icons, translations).
OPEN_BEFORE_SECOND_STEP = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "staff_signin_verify",
    "staff_signin_setup",
}
# Requests the Wagtail admin sends by itself while a page is open, not a person's activity.
BACKGROUND_VIEWS = {"wagtailadmin_editing_sessions:ping", "wagtailadmin_editing_sessions:release"}


def admin_prefix():
    return reverse("wagtailadmin_home")


def wants_json(request):
    accept = request.headers.get("Accept", "")
    return (
        request.path_info.startswith(admin_prefix() + "api/")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or ("application/json" in accept and "text/html" not in accept)
    )


class SecondFactorMiddleware:
    """Until a signed-in user who must pass the second step has passed it, they are not signed in.

    In the admin, every page but the sign-in flow sends them to set up a factor
    (none yet) or to enter a code; requests made by scripts (the admin API,
    choosers, autosave) get a 403 with a JSON body saying where to go. Outside
    the admin they are treated as a visitor, so a password alone opens nothing
    that a signed-in user would see (restricted pages and documents, the userbar).
    Install after django_otp.middleware.OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and must_verify(user):
            response = self.second_step_response(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def second_step_response(self, request, user):
        if not request.path_info.startswith(admin_prefix()):
            request.user = AnonymousUser()
            return None
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            view_name = None
        if view_name in OPEN_BEFORE_SECOND_STEP:
            return None
        target = "staff_signin_verify" if has_second_factor(user) else "staff_signin_setup"
        url = reverse(target)
        if request.method == "GET" and not wants_json(request):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if wants_json(request):
            message = (
                _("Enter a code from your authenticator app to continue.")
                if target == "staff_signin_verify"
                else _("Set up a second factor to continue.")
            )
            return JsonResponse({"error": "second_factor_required", "message": message, "url": url}, status=403)
        return redirect(url)


class IdleSessionMiddleware:
    """Sessions last SESSION_COOKIE_AGE after the user's last request.

    Like SESSION_SAVE_EVERY_REQUEST, but the admin's background pings (sent
    every few seconds while an edit page is open) do not count as activity, so an
    edit page left open on an unattended screen does not keep the session alive.
    Install after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        background = match is not None and match.view_name in BACKGROUND_VIEWS
        user = getattr(request, "user", None)
        if not background and user is not None and user.is_authenticated:
            request.session.modified = True
        return response
