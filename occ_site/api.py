"""The read API for partners' sites: Wagtail's API v2 at ``/api/v2/`` (docs/feeds-and-api.md).

Anonymous and read-only, so the front cache can keep its answers like any page's
(``occ_site.http_cache``) and forget them when the pages change
(``occ_site.front_cache``). It answers:

- ``pages/``: the live, public history pages (the history page, milestones,
  awards) of both languages (``?locale=nb``), with the fields of
  ``history.api_fields``. A page in draft or in a private section does not
  exist here, whoever asks and however (listing, detail, ``find``,
  ``child_of``/``descendant_of``): the list of public pages does not depend
  on the request, so a cached answer is the same for everyone.
- ``images/``: the photos used on those public pages, with their public text
  and rendition addresses; never Wagtail's ``download_url`` of the original.
"""

from django.conf import settings
from django.utils.translation import override

from wagtail.api.v2.filters import LocaleFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from core.cache_tags import ALL_PAGES_TAG, ALL_PHOTOS_TAG, add_cache_tags
from core.renditions import picture_renditions_prefetch, prefetch_picture_renditions
from core.view_restrictions import public_pages
from history.api_fields import API_RENDITIONS
from history.models import AwardPage, CaptionedImage, HistoryIndexPage, MilestonePage
from occ_site.credits import public_photo_ids

PUBLIC_PAGE_TYPES = (HistoryIndexPage, MilestonePage, AwardPage)


def requested_language(request):
    """``?locale=`` as one of the site's languages; anything else is a client's mistake (400, not 404)."""
    code = request.GET.get("locale")
    if code is None:
        return None
    if code not in dict(settings.LANGUAGES):
        raise BadRequestError(f"locale must be one of: {', '.join(dict(settings.LANGUAGES))}")
    return code


class SiteLanguageFilter(LocaleFilter):
    """Wagtail's ``?locale=`` filter, answering 400 for a language the site does not have."""

    def filter_queryset(self, request, queryset, view):
        requested_language(request)
        return super().filter_queryset(request, queryset, view)


class PublicAPIMixin:
    """JSON for anonymous readers: no sign-in (so no password guessing through the API), no
    browsable HTML version, and open to other sites' scripts (the data is public)."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        # Every answer lists or shows pages and their photos (which pages are public, their texts,
        # the photos' alt text and credits): any page's or photo's change may change it.
        add_cache_tags(ALL_PAGES_TAG, ALL_PHOTOS_TAG)
        return response


class HistoryPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    filter_backends = [SiteLanguageFilter if backend is LocaleFilter else backend for backend in PagesAPIViewSet.filter_backends]

    def get_base_queryset(self):
        """Wagtail's public pages of the site, narrowed to the history types, and without any page
        under a view restriction even for a request that could pass it (a password entered, a
        signed-in member): the answer is cached for everyone. ``?search=`` hands it to Wagtail's
        search backend (``public_pages(..., searched=True)``)."""
        return public_pages(super().get_base_queryset().type(*PUBLIC_PAGE_TYPES), searched=True)

    def get_queryset(self):
        """With ``?type=`` a page type's own fields can be asked for: read their photos and award
        events with the pages, not once per page."""
        queryset = super().get_queryset().select_related("locale")
        if queryset.model in (MilestonePage, AwardPage):
            queryset = queryset.select_related("lead_photo")
        if queryset.model is AwardPage:
            queryset = queryset.prefetch_related("events")
        return queryset

    def paginate_queryset(self, queryset):
        pages = super().paginate_queryset(queryset)
        prefetch_picture_renditions([getattr(page, "lead_photo", None) for page in pages], tuple(API_RENDITIONS.values()))
        return pages


class PublicPhotosAPIViewSet(PublicAPIMixin, ImagesAPIViewSet):
    # Wagtail's defaults add "download_url" (the original file) and "tags"; neither is public here.
    body_fields = [*BaseAPIViewSet.body_fields, "title"]
    meta_fields = BaseAPIViewSet.meta_fields[:]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "title", "alt_text", "credit"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "title"]
    known_query_parameters = ImagesAPIViewSet.known_query_parameters.union(["locale"])

    def get_queryset(self):
        photos = CaptionedImage.objects.filter(pk__in=public_photo_ids()).order_by("id")
        return photos.prefetch_related(picture_renditions_prefetch(tuple(API_RENDITIONS.values())))

    def dispatch(self, request, *args, **kwargs):
        try:
            language = requested_language(request) or settings.LANGUAGE_CODE
        except BadRequestError:
            language = settings.LANGUAGE_CODE  # answered as a 400 by initial() below
        with override(language):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        requested_language(request)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", HistoryPagesAPIViewSet)
api_router.register_endpoint("images", PublicPhotosAPIViewSet)
