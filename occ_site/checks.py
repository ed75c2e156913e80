"""System checks for settings that cannot be right for the way the site is deployed.

They run with every management command (``migrate`` when a container starts, ``check --deploy``),
so a wrong value stops the start with its reason instead of showing up as a lockout later.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def login_throttles_see_the_client(app_configs, **kwargs):
    """Behind the front cache every request comes from its address: trusting no forwarded header
    there would make one sprayer's failures lock every login."""
    if settings.FRONTEND_CACHE_URL and settings.TRUSTED_PROXY_COUNT < 1:
        return [
            Error(
                "DJANGO_TRUSTED_PROXY_COUNT is 0 while FRONTEND_CACHE_URL is set: behind the front cache every "
                "login comes from its address, so failed logins from anyone lock everyone out.",
                hint="Set DJANGO_TRUSTED_PROXY_COUNT to the number of proxies in front of the app that append "
                "X-Forwarded-For: 1 behind Varnish, 2 with a TLS proxy in front of it that appends too.",
                id="occ_site.E001",
            )
        ]
    return []
