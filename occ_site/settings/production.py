"""Production: everything secret or site-specific comes from the environment.

The site refuses to start without DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
DATABASE_URL, rather than falling back to something unsafe.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

for _required in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
    if not os.environ.get(_required):
        raise ImproperlyConfigured(f"{_required} must be set in production.")
if not (os.environ.get("DATABASE_URL") or os.environ.get("POSTGRES_HOST")):
    raise ImproperlyConfigured(
        "DATABASE_URL must be set in production (or POSTGRES_HOST with POSTGRES_DB, POSTGRES_USER and POSTGRES_PASSWORD)."
    )

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# HTTPS. Behind a proxy that terminates TLS, set DJANGO_SECURE_SSL_REDIRECT=False
# only if that proxy redirects itself; the forwarded-proto header is trusted.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Health checks come from inside the container or the load balancer over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS: browsers remember for this long to use HTTPS only. includeSubDomains extends that
# to every subdomain. Preload (off unless DJANGO_SECURE_HSTS_PRELOAD=True) allows listing the
# domain in browsers' built-in HSTS list, a commitment that takes months to undo, so only an
# operator who means it switches it on. `check --deploy` warns when either is off; that is
# the operator's decision, so the warning is silenced.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [
    check
    for check, enabled in (("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS), ("security.W021", SECURE_HSTS_PRELOAD))
    if not enabled
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Background tasks wait in the database until `python manage.py db_worker` runs them
# (the compose `worker` service). See docs/operations.md "Background tasks".
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

if not EMAIL_CONFIGURED:
    # Without EMAIL_URL nothing can be delivered: mail is printed to the server's output (the
    # container log), the admin dashboard says so, and password reset, whose mail could not
    # arrive, is switched off.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    WAGTAIL_PASSWORD_RESET_ENABLED = False
