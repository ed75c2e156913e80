"""Receivers: one log line per lockout, and the record of who is signed in with which session."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from axes.helpers import get_cool_off
from axes.signals import user_locked_out

from staff_signin.factors import log_event
from staff_signin.sessions import end_sessions, remember_session
from staff_signin.throttles import failures_by_rule


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    """Axes signals on every refused attempt; a rule is logged once, when its count reaches its limit."""
    credentials = getattr(request, "axes_credentials", None)
    cool_off = get_cool_off(request)
    for rule, failures in failures_by_rule(request, credentials):
        if failures == rule.limit:
            log_event(
                "login_lockout",
                rule=rule.name,
                username=username,
                address=ip_address,
                failures=failures,
                limit=rule.limit,
                cooloff_seconds=int(cool_off.total_seconds()) if cool_off else None,
                path=request.path,
            )


@receiver(user_logged_in)
def record_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_session(user=user, session=request.session)


@receiver(user_logged_out)
def end_other_sessions_on_logout(sender, request, user, **kwargs):
    """Signing out anywhere signs out everywhere: a forgotten session on another computer ends too."""
    if user is not None:
        end_sessions(user=user)
