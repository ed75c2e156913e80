"""Settings shared by every environment.

Everything that differs between installations comes from environment variables
(one name each, everywhere; docs/configuration.md lists them all, and
tests/test_docs.py checks that it does); dev.py, test.py and production.py only
set what is specific to them.
"""

import os
import zoneinfo
from pathlib import Path

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
    "core",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail_localize",
    "wagtail_localize.locales",  # the admin's Locales screen, with wagtail-localize's sync settings
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
    "wagtail.api.v2",  # the read API (occ_site.api)
    "rest_framework",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "occ_site.http_cache.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.cache_tags.CacheTagsMiddleware",
    "occ_site.http_cache.SharedCacheHeadersMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
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
# English is the default and keeps unprefixed addresses (/our-history/); Norwegian Bokmål
# lives under /nb/ (occ_site.urls: i18n_patterns). Pages are translated by editors with
# wagtail-localize; the interface strings come from locale/. Each language is named in
# itself, as a language switcher shows it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nb", "Norsk bokmål")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES  # editors pick theirs in their account settings
WAGTAIL_I18N_ENABLED = True
# "Translate this page" makes a draft even of a live page: the copy still holds the English
# text, and only a moderator's publish puts the finished translation before visitors. (It also
# keeps clear of wagtail-localize #773: publishing a page and its new subpages in one go leaves
# the parent without children, and every subpage answers 404.)
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Translated pages purge their own addresses (occ_site.front_cache): no language prefixes to add.
WAGTAILFRONTENDCACHE_LANGUAGES = []
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as each language writes them: "12 April 2023" and "12. april 2023", "May 2015" and "mai 2015".
FORMAT_MODULE_PATH = ["occ_site.formats"]
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

# Django's cache holds what Wagtail and libraries put there (site root paths, rendition
# lookups, login throttling): Redis when REDIS_URL is set, so every app instance shares it,
# else this process's local memory. Pages are cached in front of the app (Varnish or a CDN),
# not here. Wagtail keeps rendition lookups in their own "renditions" cache, so a page full
# of photos cannot evict the small entries.
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

# The front cache (Varnish, or a CDN): occ_site.http_cache sends the Cache-Control it keeps
# pages by; every cacheable response names what it shows in FRONT_CACHE_TAG_HEADER
# (core.cache_tags); occ_site.front_cache purges those tags after every change visitors
# can see. FRONTEND_CACHE_URL is the Varnish that takes the tag purges (e.g. http://varnish:80);
# unset, none are sent. A CDN without tags is purged by address instead, through
# wagtail.contrib.frontend_cache: set WAGTAILFRONTENDCACHE (docs/performance.md).
FRONT_CACHE_SECONDS = int(os.environ.get("DJANGO_FRONT_CACHE_SECONDS", str(60 * 60 * 24)))
FRONT_CACHE_STALE_IF_ERROR_SECONDS = 60 * 60 * 24
# How long a CDN purged only by address keeps listings (the timeline, the home page, search,
# the sitemap): it is told about the changed page and its history page, not every page listing it.
FRONT_CACHE_LISTING_SECONDS = 300
BROWSER_CACHE_SECONDS = 60
FRONT_CACHE_TAG_HEADER = "xkey"
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
FRONT_CACHE_XKEY_URL = FRONTEND_CACHE_URL

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work (rendition pre-building, Wagtail's reference index, search index and
# front-cache purges) goes through Django's Tasks framework (django-tasks). Here, in dev
# and in tests, a task runs at once in the process that enqueues it; production.py
# queues it in the database for `manage.py db_worker` (django-tasks-db).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "Oslo Cancer Cluster"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "history.CaptionedImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "history.forms.CaptionedImageForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024  # 15 MB
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels, frames counted
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
# On PostgreSQL the index uses the english configuration; Norwegian pages are searched with the
# norwegian one (history.search). On SQLite the setting is ignored.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin calls no third party: no Gravatar, which would send a hash of every editor's e-mail
# address to another company. Editors upload a picture under Account → Profile, or see Wagtail's default.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The time zones editors pick from in their account settings. Debian's zoneinfo folder also
# lists its "localtime" link, which browsers reject: the account page would throw a JavaScript error.
WAGTAIL_USER_TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})
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
    # CSP violation reports (occ_site.csp_reports) are written whatever the general level.
    "loggers": {"occ_site.csp": {"level": "WARNING"}},
}

# ---------------------------------------------------------------------------
# Security: login lockout, Content-Security-Policy, browser headers (docs/security.md).
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

# Three lockout rules, each with its own limit (staff_signin.throttles): a username
# from one address after AXES_FAILURE_LIMIT failures; one address across any
# usernames (password spraying); one username from any addresses (distributed
# guessing). Each lasts the cool-off. A successful login forgives only its own
# username-and-address failures.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("DJANGO_AXES_ADDRESS_FAILURE_LIMIT", "30"))
LOGIN_FAILURE_LIMIT_PER_USERNAME = int(os.environ.get("DJANGO_AXES_USERNAME_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = int(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = "staff_signin.throttles.lockout_parameters"
AXES_HANDLER = "staff_signin.throttles.LockoutRulesHandler"
AXES_LOCKOUT_CALLABLE = "staff_signin.throttles.lockout_response"
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
# Both policies send violation reports to occ_site.csp_reports (logged on "occ_site.csp"):
# "report-to" names the endpoint of the Reporting-Endpoints header (SiteCSPMiddleware) for
# current browsers, "report-uri" is the same address for the others.
CSP_REPORT_URL = "/csp-report/"
CSP_REPORT_TO_ENDPOINT = "csp"
CSP_DIRECTIVES["report-uri"] = [CSP_REPORT_URL]
CSP_DIRECTIVES["report-to"] = [CSP_REPORT_TO_ENDPOINT]
# At most this many violations logged per client address and window; more get 429.
CSP_REPORTS_PER_CLIENT = 30
CSP_REPORT_WINDOW_SECONDS = 60
CSP_REPORT_ONLY_PATH_PREFIXES = ("/admin/",)
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": CSP_REPORT_ONLY_PATH_PREFIXES,
    "DIRECTIVES": CSP_DIRECTIVES,
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}

# ---------------------------------------------------------------------------
# Staff sign-in: a second factor for staff (django-otp), staff sessions.
# ---------------------------------------------------------------------------
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "staff_signin"]
# Wagtail's user admin, with "Reset second factor" on each user's page (Wagtail's documented way to customise it).
INSTALLED_APPS[INSTALLED_APPS.index("wagtail.users")] = "staff_signin.apps.UsersAdminConfig"

# After authentication: django-otp marks the user verified or not, then the second
# step keeps unverified staff out of the admin; sessions last while they are used.
_AUTH_MIDDLEWARE_AT = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_AUTH_MIDDLEWARE_AT:_AUTH_MIDDLEWARE_AT] = [
    "django_otp.middleware.OTPMiddleware",
    "staff_signin.middleware.SecondFactorMiddleware",
    "staff_signin.middleware.IdleSessionMiddleware",
]

# Authenticator codes: 6 digits, 30 s steps, one step of clock difference either way
# (set per device), each code accepted once; after n wrong codes in a row the next
# try waits 2^(n-1) seconds. Recovery codes use the same back-off.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
OTP_TOTP_THROTTLE_FACTOR = 1

# A session ends after this long without a request from its user (a working day).
SESSION_COOKIE_AGE = int(float(os.environ.get("DJANGO_SESSION_IDLE_HOURS", "8")) * 3600)

# Media storage: uploads on the local disk (MEDIA_ROOT) by default, on
# S3-compatible object storage (django-storages) when AWS_STORAGE_BUCKET_NAME
# is set. docs/operations.md "Media on object storage" says how it works.
# ---------------------------------------------------------------------------
def s3_media_storage(environ):
    """STORAGES["default"] for media in an S3 bucket, read from django-storages' own variable names.

    The keys are not among the options: django-storages reads AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY from the environment itself (or boto3 finds credentials,
    e.g. an instance role). The options are what Wagtail passes, as JSON, to the
    background task that deletes a file, so no secret may be among them.
    Timeouts, retries and private objects are set in core.media_storage.MediaStorage.
    """
    endpoint_url = environ.get("AWS_S3_ENDPOINT_URL") or None
    return {
        "BACKEND": "core.media_storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": endpoint_url,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Self-hosted S3 servers (SeaweedFS, MinIO) want the bucket in the path.
            "addressing_style": "path" if endpoint_url else None,
        },
    }


# The media storage or the database failing in a view answers 503 with a clear message instead of
# a 500 (occ_site.outages; failures in middleware reach the same answer through handler500).
MIDDLEWARE.append("occ_site.outages.OutageMiddleware")
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = s3_media_storage(os.environ)
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
        # Renditions come from the operator's CDN in front of the bucket.
        CSP_DIRECTIVES["img-src"].append(f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN'].split('/')[0]}")
# Documents are always streamed by Wagtail's own view, which checks their privacy. (Its default
# for S3 would redirect to the storage URL, which the private bucket does not answer.)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Renditions served by the app (occ_site.views.rendition): browsers keep them for an hour and a
# shared cache (Varnish) for a day. Short, because Wagtail names a rendition after its original's
# file name and filter, so a later photo uploaded under the same file name gets the same rendition
# names with other pixels; nothing purges rendition addresses from caches.
MEDIA_RENDITION_BROWSER_SECONDS = 60 * 60
MEDIA_RENDITION_SHARED_CACHE_SECONDS = 24 * 60 * 60
# --- end of media storage block ------------------------------------------------------------
