"""The second step of staff sign-in, its setup, the account page for it and an administrator's reset.

Wagtail's own login view checks the password; these views live under /admin/
(registered with Wagtail hooks) and use the admin's templates.
"""

import math

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import segno

from staff_signin.factors import (
    check_second_factor,
    confirm_authenticator,
    has_second_factor,
    issue_recovery_codes,
    log_event,
    mark_session_verified,
    must_verify,
    pending_authenticator,
    remaining_recovery_codes,
    remove_own_factor,
    reset_factors,
    second_factor_required,
    secret_of,
)
from staff_signin.forms import AuthenticatorSetupForm, SecondStepForm
from staff_signin.permissions import may_reset_factors_of


def safe_next(request):
    """Where to go after the second step: the page the user asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def wait_message(wait_until):
    seconds = max(1, math.ceil((wait_until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second, then try again.",
        "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


def is_verified(user):
    return user.is_verified()


secured = [never_cache, sensitive_post_parameters("code")]


@method_decorator(secured, name="dispatch")
class VerifyView(View):
    """The second step: a code from the authenticator app, or a recovery code."""

    template_name = "staff_signin/verify.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if is_verified(user) or not must_verify(user):
            return redirect(safe_next(request))
        if not has_second_factor(user):
            return redirect(f"{reverse('staff_signin_setup')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(SecondStepForm())

    def post(self, request):
        form = SecondStepForm(request.POST)
        if form.is_valid():
            result = check_second_factor(user=request.user, code=form.cleaned_data["code"])
            if result.accepted:
                mark_session_verified(request, result.device)
                return redirect(safe_next(request))
            if result.wait_until:
                form.add_error("code", wait_message(result.wait_until))
            else:
                form.add_error("code", _("That code is not right, or it has been used already."))
        return self.render(form)

    def render(self, form):
        context = {"form": form, "next": safe_next(self.request)}
        return TemplateResponse(self.request, self.template_name, context)


@method_decorator(secured, name="dispatch")
class SetupView(View):
    """Set up (or, once verified, replace) the authenticator app; shows the new recovery codes once."""

    template_name = "staff_signin/setup.html"

    def dispatch(self, request, *args, **kwargs):
        # With a factor already in place, only a session that has passed the second step may replace
        # it: a password alone must never be enough to swap in an attacker's authenticator.
        if has_second_factor(request.user) and not is_verified(request.user):
            return redirect(f"{reverse('staff_signin_verify')}?{request.GET.urlencode()}")
        self.device = pending_authenticator(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(AuthenticatorSetupForm())

    def post(self, request):
        form = AuthenticatorSetupForm(request.POST)
        if form.is_valid():
            result, codes = confirm_authenticator(request, device=self.device, code=form.cleaned_data["code"])
            if result.accepted:
                return recovery_codes_response(request, codes, next_url=safe_next(request))
            if result.wait_until:
                form.add_error("code", wait_message(result.wait_until))
            else:
                form.add_error("code", _("That code does not match. Check the app's clock and type the code it shows now."))
        return self.render(form)

    def render(self, form):
        qr = segno.make(self.device.config_url, error="m")
        context = {
            "form": form,
            "next": safe_next(self.request),
            "qr_svg": qr.svg_inline(scale=5, dark="#000", light="#fff", title=_("QR code for your authenticator app")),
            "secret_groups": [secret_of(self.device)[i : i + 4] for i in range(0, len(secret_of(self.device)), 4)],
            "required": second_factor_required(self.request.user),
            "replacing": has_second_factor(self.request.user),
        }
        return TemplateResponse(self.request, self.template_name, context)


def recovery_codes_response(request, codes, *, next_url):
    response = TemplateResponse(request, "staff_signin/recovery_codes.html", {"codes": codes, "next": next_url})
    response["Cache-Control"] = "no-store"
    return response


class SecondFactorAccountView(WagtailAdminTemplateMixin, TemplateView):
    """Account settings → Second factor: status, replace the app, new recovery codes, remove if optional."""

    template_name = "staff_signin/account.html"
    page_title = gettext_lazy("Second factor")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [
            {"url": reverse("wagtailadmin_account"), "label": _("Account")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            has_factor=has_second_factor(user),
            required=second_factor_required(user),
            remaining_codes=remaining_recovery_codes(user),
            **kwargs,
        )


@method_decorator(secured, name="dispatch")
class NewRecoveryCodesView(View):
    def post(self, request):
        if not (has_second_factor(request.user) and is_verified(request.user)):
            raise PermissionDenied
        codes = issue_recovery_codes(request.user)
        log_event("recovery_codes_replaced", user=request.user.get_username())
        return recovery_codes_response(request, codes, next_url=reverse("staff_signin_account"))


@method_decorator(never_cache, name="dispatch")
class RemoveFactorView(View):
    def post(self, request):
        if second_factor_required(request.user):
            messages.error(request, _("Your role needs a second factor: you can replace it, but not remove it."))
        elif has_second_factor(request.user):
            remove_own_factor(request)
            messages.success(request, _("Your second factor has been removed."))
        return redirect("staff_signin_account")


@method_decorator(never_cache, name="dispatch")
class ResetFactorsView(WagtailAdminTemplateMixin, TemplateView):
    """An administrator removes a user's authenticator and recovery codes (a lost phone) and ends their sessions."""

    template_name = "staff_signin/reset.html"
    page_title = gettext_lazy("Reset second factor")
    header_icon = "key"

    def dispatch(self, request, user_id):
        self.target = get_object_or_404(get_user_model(), pk=user_id)
        if not may_reset_factors_of(request.user, self.target):
            raise PermissionDenied
        return super().dispatch(request, user_id)

    def get_page_subtitle(self):
        return self.target.get_full_name() or self.target.get_username()

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [
            {"url": reverse("wagtailusers_users:index"), "label": _("Users")},
            {"url": reverse("wagtailusers_users:edit", args=[self.target.pk]), "label": self.get_page_subtitle()},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            target=self.target,
            has_factor=has_second_factor(self.target),
            required=second_factor_required(self.target),
            remaining_codes=remaining_recovery_codes(self.target),
            **kwargs,
        )

    def post(self, request, user_id):
        ended = reset_factors(user=self.target, by=request.user)
        messages.success(
            request,
            _("%(user)s's second factor was reset and %(count)d of their sessions ended. They set up a new one at their next sign-in.")
            % {"user": self.target.get_username(), "count": ended},
        )
        return redirect("wagtailusers_users:index")
