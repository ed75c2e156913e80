"""Local development: DEBUG on, a dev-only key, SQLite unless DATABASE_URL is set."""

import os

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True

# Dev-only key: production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

if not EMAIL_CONFIGURED:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # mail is printed where runserver runs

# Plain static storage so runserver works before collectstatic.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
