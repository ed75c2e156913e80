"""Cache tags are honest: every page a response links and every photo it shows is named in its
cache-tag header (core.cache_tags), for every page type and view, in both languages.

A template or view that shows a page or a photo without tagging it fails here: an edit of
that page or photo would then leave the response stale in the front cache.
"""

import re
from html import unescape
from urllib.parse import urlsplit

from django.conf import settings

from wagtail.images import get_image_model
from wagtail.models import Page

import pytest

from core.cache_tags import ALL_PAGES_TAG, ALL_PHOTOS_TAG, children_tag, menu_tag, page_tag, photo_tag
from history.models import MilestonePage

ATTRIBUTE = re.compile(r'\b(href|src|srcset|content)="([^"]*)"')
VIEWS = ["/search/?q=oslo", "/photo-credits/"]


def tags_of(response):
    return set(response.get(settings.FRONT_CACHE_TAG_HEADER, "").split())


def addresses_in(html):
    """Every address in the page's attributes (links, alternates, images, srcsets, meta content)."""
    for attribute, value in ATTRIBUTE.findall(html):
        candidates = [part.strip().split(" ")[0] for part in value.split(",")] if attribute == "srcset" else [value]
        for candidate in candidates:
            path = urlsplit(unescape(candidate)).path
            if path.startswith("/"):
                yield path


def untagged(html, tags, pages_by_path, photos_by_path):
    """The pages and photos ``html`` shows whose tags are missing from ``tags``."""
    missing = set()
    for path in addresses_in(html):
        page = pages_by_path.get(path)
        if page is not None:
            covered = {page_tag(page), children_tag(page.parent_id), menu_tag(page.parent_id), ALL_PAGES_TAG}
            if not covered & tags:
                missing.add(f"page {path}")
        photo_id = photos_by_path.get(path)
        if photo_id is not None and not {photo_tag(photo_id), ALL_PHOTOS_TAG} & tags:
            missing.add(f"photo {path}")
    return missing


@pytest.fixture
def shown(demo_site):
    """Where each live page and each rendition is found by its address."""
    pages = {}
    for page in Page.objects.live().filter(depth__gt=1).specific():
        parent = page.get_parent()
        page.parent_id = parent.pk
        pages[page.get_url()] = page
    renditions = get_image_model().get_rendition_model().objects.all()
    photos = {rendition.url: rendition.image_id for rendition in renditions}
    return pages, photos


def one_page_of_each_type(pages):
    chosen = {}
    for page in pages.values():
        chosen.setdefault((type(page), page.locale.language_code), page)
    return chosen


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "nb"])
def test_every_page_and_photo_a_response_shows_is_tagged(client, shown, language):
    pages, photos = shown
    chosen = {key: page for key, page in one_page_of_each_type(pages).items() if key[1] == language}
    assert {cls.__name__ for cls, _ in chosen} >= {"HomePage", "HistoryIndexPage", "MilestonePage", "AwardPage", "ContentPage"}
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    history = next(page for (cls, _), page in chosen.items() if cls.__name__ == "HistoryIndexPage")
    addresses = [page.get_url() for page in chosen.values()] + [prefix + view for view in VIEWS] + [
        history.get_timeline_json_url(), history.get_interactive_timeline_url(), history.get_url() + "?page=2",
    ]
    checked_photos = 0
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        tags = tags_of(response)
        assert tags, f"{address} names nothing it shows"
        html = response.content.decode()
        assert untagged(html, tags, pages, photos) == set(), address
        checked_photos += sum(1 for path in addresses_in(html) if path in photos)
    assert checked_photos, "no photo was checked: the demo content's photos are missing"


@pytest.mark.django_db
def test_a_link_or_photo_left_untagged_is_caught(client, shown):
    pages, photos = shown
    milestone = MilestonePage.objects.live().filter(locale__language_code="en", lead_photo__isnull=False).first()
    response = client.get(milestone.url)
    tags, html = tags_of(response), response.content.decode()
    neighbour = milestone.linked_pages.next or milestone.linked_pages.previous
    assert untagged(html, tags - {page_tag(neighbour)}, pages, photos) == {f"page {neighbour.url}"}
    without_photo = tags - {photo_tag(milestone.lead_photo_id)}
    assert any(problem.startswith("photo ") for problem in untagged(html, without_photo, pages, photos))


@pytest.mark.django_db
def test_only_responses_a_shared_cache_keeps_carry_tags(client, shown, admin_user):
    assert "all" in tags_of(client.get("/our-history/"))
    client.force_login(admin_user)
    assert not tags_of(client.get("/our-history/"))  # a signed-in editor's page is private
