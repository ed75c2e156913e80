from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from history import views as history_views
from occ_site import routing, views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    # Renditions from the media storage (local disk or private S3 bucket); never original_images/.
    # The view decides whether the app serves them itself (always with S3, else DEBUG or DJANGO_SERVE_MEDIA).
    re_path(r"^media/images/(?P<path>.+)$", views.rendition, name="rendition"),
    path("search/", history_views.search, name="search"),
    path("photo-credits/", history_views.photo_credits, name="photo_credits"),
    # The history page's TimelineJS export; Wagtail's page URLs allow no dot.
    re_path(r"^((?:[\w\-]+/)*)timeline\.json$", history_views.timeline_json, name="timeline_json"),
]

urlpatterns += [
    # Pages are found in three queries (occ_site.routing), then served by Wagtail's own view;
    # wagtail_urls below still provides its password and login helpers.
    re_path(serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
