from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core.sitemaps import TranslatedSitemap
from history import views as history_views
from occ_site import csp_reports, outages, views
from occ_site.api import api_router

# Any exception no view answered, also one raised in middleware: 503 + Retry-After when the database
# or the media storage is down, the site's own 500 page otherwise.
handler500 = outages.server_error

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("csp-report/", csp_reports.receive_csp_report, name="csp_report"),
    # Renditions from the media storage (local disk or private S3 bucket); never original_images/.
    # The view decides whether the app serves them itself (always with S3, else DEBUG or DJANGO_SERVE_MEDIA).
    re_path(r"^media/(?P<folder>images|avatar_images)/(?P<path>.+)$", views.rendition, name="rendition"),
    # The read API for partners' sites (Wagtail's API v2); the language is a query parameter, ?locale=nb.
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}, name="sitemap"),
]

# What visitors read, in each language: English at the root (/our-history/), Norwegian Bokmål
# under /nb/ (/nb/var-historie/). An unknown prefix (/xx/...) is an unknown page: the site's 404.
urlpatterns += i18n_patterns(
    path("search/", history_views.search, name="search"),
    path("photo-credits/", views.photo_credits, name="photo_credits"),
    # The history page's TimelineJS export; Wagtail's page URLs allow no dot.
    re_path(r"^((?:[\w\-]+/)*)timeline\.json$", history_views.timeline_json, name="timeline_json"),
    # The history page's Atom feed (history.feeds), e.g. /our-history/feed.atom.
    re_path(r"^((?:[\w\-]+/)*)feed\.atom$", history_views.history_feed, name="history_feed"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
