"""Login throttles on django-axes: three rules, each with its own limit, one lockout page and log line.

django-axes counts failed logins per combination of lockout parameters but
compares every combination with one AXES_FAILURE_LIMIT. The rules here give
each combination its own limit:

- "username+address": one username from one address (AXES_FAILURE_LIMIT, 5):
  guessing one account's password.
- "address": one address across any usernames (LOGIN_FAILURE_LIMIT_PER_ADDRESS,
  30): spraying a common password over many accounts. High enough that a
  shared office address does not reach it by honest mistakes.
- "username": one username from any set of addresses
  (LOGIN_FAILURE_LIMIT_PER_USERNAME, 10): guessing spread over many addresses.

Failures count while they keep coming; a rule's failures are forgotten after
the cool-off (AXES_COOLOFF_TIME) without a new one. The address is
occ_site.security.client_ip, which a forged X-Forwarded-For cannot change.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt


@dataclass(frozen=True)
class LockoutRule:
    name: str
    parameters: tuple
    limit_setting: str

    @property
    def limit(self):
        return getattr(settings, self.limit_setting)

    def filter_kwargs(self, *, username, ip_address):
        values = {"username": username, "ip_address": ip_address}
        return {parameter: values[parameter] for parameter in self.parameters}


RULES = (
    LockoutRule("username+address", ("username", "ip_address"), "AXES_FAILURE_LIMIT"),
    LockoutRule("username", ("username",), "LOGIN_FAILURE_LIMIT_PER_USERNAME"),
    LockoutRule("address", ("ip_address",), "LOGIN_FAILURE_LIMIT_PER_ADDRESS"),
)


def lockout_parameters(request_or_attempt, credentials=None):
    """AXES_LOCKOUT_PARAMETERS: the combinations of the rules above, so axes records and resets them."""
    return [list(rule.parameters) for rule in RULES]


def failures_by_rule(request, credentials=None):
    """[(rule, failures within the cool-off)] for this login attempt's username and address."""
    username = get_client_username(request, credentials)
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    counts = []
    for rule in RULES:
        attempts = recent.filter(**rule.filter_kwargs(username=username, ip_address=request.axes_ip_address))
        counts.append((rule, attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0))
    return counts


def rules_reached(request, credentials=None):
    return [rule for rule, failures in failures_by_rule(request, credentials) if failures >= rule.limit]


class LockoutRulesHandler(AxesDatabaseHandler):
    """The database handler, with a limit per rule."""

    def get_failures(self, request, credentials=None):
        # axes locks out when this reaches AXES_FAILURE_LIMIT: shift each rule's count so that
        # it does exactly when the rule reaches its own limit.
        base = settings.AXES_FAILURE_LIMIT
        return max(failures - rule.limit + base for rule, failures in failures_by_rule(request, credentials))

    def reset_user_attempts(self, request, credentials=None):
        # A successful login forgives that username's failures from that address only. Resetting
        # every rule would let someone with one working account wipe the count of their spraying
        # by logging in between guesses.
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the site's 429 page, saying which rule locked the attempt out."""
    reached = rules_reached(request, credentials)
    rule = reached[0] if reached else RULES[0]
    context = {"rule": rule.name, "failure_limit": rule.limit, "cooloff_timedelta": get_cool_off(request)}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
