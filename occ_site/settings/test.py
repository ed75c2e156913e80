"""Test settings: fast hashing, in-memory email, throwaway media folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

MEDIA_ROOT = os.environ.get("OCC_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="occ-test-media-")

# Media on the local disk even when AWS_* variables are set in the shell: the suite must never
# write into a real bucket. The object-storage tests switch to a SeaweedFS of their own
# (tests/harness/s3_server.py).
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True


# Login lockout: Django's test client logs in without a request, which
# django-axes refuses; the lockout tests switch it back on with override_settings.
AXES_ENABLED = False
