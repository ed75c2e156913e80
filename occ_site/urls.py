from pathlib import Path

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from history import views as history_views
from occ_site import csp_reports, views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("csp-report/", csp_reports.receive_csp_report, name="csp_report"),
    path("search/", history_views.search, name="search"),
    path("photo-credits/", views.photo_credits, name="photo_credits"),
    # The history page's TimelineJS export; Wagtail's page URLs allow no dot.
    re_path(r"^((?:[\w\-]+/)*)timeline\.json$", history_views.timeline_json, name="timeline_json"),
]

if settings.DEBUG or getattr(settings, "DJANGO_SERVE_MEDIA", False):
    # Renditions only: original uploads (which may still carry metadata) are
    # never served by the app. The document root is the renditions folder
    # itself, so "images/../original_images/..." cannot climb out of it.
    urlpatterns += [
        re_path(
            r"^media/images/(?P<path>.*)$",
            serve,
            {"document_root": Path(settings.MEDIA_ROOT) / "images"},
        ),
        # The pictures editors upload for themselves (Account → Profile picture), shown in the admin.
        re_path(
            r"^media/avatar_images/(?P<path>.*)$",
            serve,
            {"document_root": Path(settings.MEDIA_ROOT) / "avatar_images"},
        ),
    ]

urlpatterns += [
    path("", include(wagtail_urls)),
]
