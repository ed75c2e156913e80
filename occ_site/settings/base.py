"""Settings shared by every environment.

Everything that differs between environments comes from the environment
variables listed in DESIGN.md (one name each, everywhere); dev.py, test.py and
production.py only set what is specific to them.
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url
import dj_email_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable into a list, dropping blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "occ_site",
    "history",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "occ_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "occ_site.wsgi.application"

# The database: DATABASE_URL (PostgreSQL in production and CI), else PostgreSQL from
# separate POSTGRES_* parts when POSTGRES_HOST is set (docker compose: a password may hold
# "@", ":" or "/" without URL-encoding), else the embedded SQLite file for the local demo.
CONN_MAX_AGE = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
if not os.environ.get("DATABASE_URL") and os.environ.get("POSTGRES_HOST"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.environ["POSTGRES_HOST"],
            "PORT": os.environ.get("POSTGRES_PORT", "5432"),
            "NAME": os.environ.get("POSTGRES_DB", "occ"),
            "USER": os.environ.get("POSTGRES_USER", "occ"),
            "PASSWORD": os.environ.get("POSTGRES_PASSWORD", ""),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
        }
    }
else:
    DATABASES = {
        "default": dj_database_url.config(
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English first, Norwegian Bokmål next.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nb", _("Norwegian Bokmål"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"

# DJANGO_MEDIA_ROOT: where uploads live (a mounted volume in production; a
# throwaway folder for the production-settings tests and the load test).
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Cache: local memory by default, Redis when REDIS_URL is set.
# Wagtail keeps rendition lookups in their own "renditions" cache, so a page
# full of photos cannot evict the site-root paths and other small entries.
REDIS_URL = os.environ.get("REDIS_URL", "")


def cache_settings(alias, max_entries):
    """Redis (shared by every process) when REDIS_URL is set, else this process's local memory."""
    if REDIS_URL:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
            "KEY_PREFIX": f"occ-{alias}",
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"occ-{alias}",
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


CACHES = {"default": cache_settings("default", 5000), "renditions": cache_settings("renditions", 20000)}

# --- Performance (issue 5): full-page cache for anonymous visitors, renditions --------
# Kept in one block to ease merging. See occ_site/pagecache.py for what is cached and
# when it is purged. Right after WhiteNoise: a cached page skips sessions, CSRF and auth.
MIDDLEWARE.insert(MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, "occ_site.pagecache.PageCacheMiddleware")
# Pages get their own cache so big pages cannot evict the site-root paths or renditions.
CACHES["pages"] = cache_settings("pages", 300)  # per process: with at most 1 MB a page, bounded memory
# What pages read and render on every request (routes, site settings, menu, the timeline's
# index and entries, {% remembered %} template parts): kept per generation, like the pages
# (occ_site.pagecache.remember), but also when the page cache is off. Per process: about
# six entries per page address (route, header, meta, breadcrumbs, content, photo markup),
# 1-10 KB each, so 20,000 entries hold a 1,000-milestone site in about 15 MB.
CACHES["fragments"] = cache_settings("fragments", 20000)
# 0 turns the page cache off. Purges are exact, so the lifetime is only a safety net.
OCC_PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
OCC_PAGE_CACHE_BROWSER_SECONDS = 60  # browsers and proxies cannot be purged: keep theirs short
OCC_PAGE_CACHE_MAX_BYTES = 1_000_000
# Renditions of uploaded photos are built in a background thread after the upload
# (publishing builds what is missing, synchronously). Tests build them inline.
OCC_RENDITIONS_IN_BACKGROUND = True
# --- end of performance block -----------------------------------------------------------

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Oslo Cancer Cluster"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "history.CaptionedImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "history.forms.CaptionedImageForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024  # 15 MB
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels, frames counted
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"

# --- E-mail: moderation notifications, password resets, error reports -------------------
# EMAIL_URL (dj-email-url), e.g. smtp://user:password@mail.example.org:587/?tls=True;
# percent-encode "@", ":" and "/" in the user name and password. Unset, nothing can be
# sent: dev.py prints mail to the console, production.py writes it to the log, switches
# the admin's password reset off and the admin dashboard says so (history.wagtail_hooks).
EMAIL_URL = os.environ.get("EMAIL_URL", "")
EMAIL_CONFIGURED = bool(EMAIL_URL)
if EMAIL_CONFIGURED:
    _email = dj_email_url.parse(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 10  # a mail server that hangs must not hang a request for long
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Wagtail's moderation e-mails link to the admin at WAGTAILADMIN_BASE_URL.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# --- end of e-mail block ------------------------------------------------------------------

# Keep original uploads out of public URLs in production (see production.py).
DJANGO_SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# ---------------------------------------------------------------------------
# Security (issue 6): login lockout, Content-Security-Policy, browser headers.
# Kept in this one block; production.py adds HTTPS-only settings on top.
# ---------------------------------------------------------------------------
INSTALLED_APPS += ["axes", "csp"]

# The CSP middleware sits right after SecurityMiddleware; django-axes' middleware
# is last so it sees the lockout flag the login view leaves on the request.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "occ_site.security.SiteCSPMiddleware")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses any login, right password or not, while locked out
    "django.contrib.auth.backends.ModelBackend",
]

# Lock a username from one address after AXES_FAILURE_LIMIT failures, for the
# cool-off period. Locking on the pair (not the username alone) stops a stranger
# from locking editors out of their own accounts from elsewhere.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_HTTP_RESPONSE_CODE = 429
# The address is REMOTE_ADDR; X-Forwarded-For is trusted only behind this many
# proxies (occ_site.security.client_ip), so a spoofed header changes nothing.
AXES_CLIENT_IP_CALLABLE = "occ_site.security.client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Browser headers (Django's SecurityMiddleware and XFrameOptionsMiddleware).
# Wagtail's preview views override X-Frame-Options with SAMEORIGIN themselves,
# so the admin preview still works while every other page refuses framing.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4). Public pages have no inline script or
# style, so the enforced policy allows this origin only. The Wagtail admin uses
# inline scripts: it gets the same policy as report-only, to see what it needs.
_CSP_SELF = "'self'"
CSP_DIRECTIVES = {
    "default-src": [_CSP_SELF],
    "script-src": [_CSP_SELF],
    "style-src": [_CSP_SELF],
    "img-src": [_CSP_SELF],
    "font-src": [_CSP_SELF],
    "connect-src": [_CSP_SELF],
    "object-src": ["'none'"],
    "base-uri": [_CSP_SELF],
    "form-action": [_CSP_SELF],
    "frame-ancestors": ["'none'"],
}
CSP_REPORT_ONLY_PATH_PREFIXES = ("/admin/",)
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": CSP_REPORT_ONLY_PATH_PREFIXES,
    "DIRECTIVES": CSP_DIRECTIVES,
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}
