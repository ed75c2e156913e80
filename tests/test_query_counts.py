"""Every public page type answers in a fixed number of queries, however much content it has.

Each page is measured with a little content and with much more (more
milestones, awards, events, photos, people), as a front-cache miss sees it:
rendition lookups not cached, and only Wagtail's list of site root paths
known (any earlier request to the site reads it once; `make bench` also counts
the request right after every cache is cleared). The counts must be the same
at both sizes and within the budget. Renditions are built first, as
publishing does, so the counts are those of a visitor's request.
"""

import re

from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest

from core.renditions import build_page_renditions
from history.factories import (
    AwardEventFactory,
    AwardPageFactory,
    CaptionedImageFactory,
    HistoryIndexPageFactory,
    MilestonePageFactory,
    PersonFactory,
)
from occ_site.models import ContentPage, SiteSettings
from tests.conftest import new_site_root
from tests.snapshots import Recording

# The most queries a page may read when the front cache misses: 16, and one for Wagtail's own
# i18n (the routing asks which locale is active).
BUDGET = 16 + 1


def photo_blocks(count):
    return [("photo", {"image": CaptionedImageFactory(), "caption": ""}) for _ in range(count)]


def build_site(site_root, history_page, size):
    """A site with ``size`` photos in each body, ``size`` people, ``size * 10`` milestones and ``size`` awards."""
    site_root.refresh_from_db()  # treebeard's child counts changed under these instances
    history_page.refresh_from_db()
    home = site_root
    home.body = photo_blocks(size)
    home.save()
    content = home.add_child(
        instance=ContentPage(title="Become a member", slug="become-a-member", body=photo_blocks(size), show_in_menus=True)
    )
    history_page.show_in_menus = True
    history_page.save()
    SiteSettings.objects.update_or_create(site=home.get_site(), defaults={"join_page": content})
    awards = []
    for n in range(size):
        award = AwardPageFactory(parent=history_page, slug=f"award-{n}", lead_photo=CaptionedImageFactory(), body=photo_blocks(size))
        for year in range(size):
            AwardEventFactory(award=award, year=2010 + year)
        awards.append(award)
    milestones = [
        MilestonePageFactory(
            parent=history_page,
            slug=f"milestone-{n}",
            lead_photo=CaptionedImageFactory(),
            body=photo_blocks(size) if n == 0 else [],
            related_award=awards[0],
        )
        for n in range(size * 10)
    ]
    milestones[0].people.set([PersonFactory() for _ in range(size)])
    milestones[0].save()
    for page in [home, content, history_page, *awards, *milestones]:
        build_page_renditions(page)
    return {
        "home": "/",
        "history": "/our-history/",
        "milestone": "/our-history/milestone-0/",
        "award": "/our-history/award-0/",
        "content": "/become-a-member/",
        "not_found": "/our-history/no-such-page/",
    }


def measure(client, url):
    connection.queries_log.clear()  # the log is bounded: start empty
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def count_queries(client, url):
    """Queries of a request with Django's caches empty but for the site root paths."""
    for cache in caches.all():
        cache.clear()
    client.get("/search/")  # reads the site root paths (for its menu), as any request to the site does
    return measure(client, url)


@pytest.fixture(scope="module")
def sites(django_db_setup, django_db_blocker):
    """build_site at sizes 1 and 4, each built once for the module (tests/snapshots.py): {size: Recording}."""

    def build(size):
        home = new_site_root()
        return build_site(home, HistoryIndexPageFactory(parent=home), size)

    with django_db_blocker.unblock():
        return {size: Recording.of(lambda size=size: build(size)) for size in (1, 4)}


@pytest.fixture
def site_of_size_4(db, sites):
    return sites[4].replay()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "history", "milestone", "award", "content", "not_found"])
def test_query_count_is_fixed_and_within_budget(client, sites, page):
    counts = {}
    for size, site in sites.items():
        undo = transaction.savepoint()  # the next size is served at the same URLs
        urls = site.replay()
        response, counts[size] = count_queries(client, urls[page])
        transaction.savepoint_rollback(undo)
        assert response.status_code == (404 if page == "not_found" else 200)
    assert counts[1] == counts[4], f"{page}: {counts[1]} queries with little content, {counts[4]} with more"
    assert counts[4] <= BUDGET, f"{page}: {counts[4]} queries, budget {BUDGET}"


@pytest.mark.django_db
def test_long_timeline_is_split_into_pages_and_every_year_stays_reachable(client, site_of_size_4):
    # 40 milestones over 25 years, 16 award events: 56 entries
    first = client.get("/our-history/").content.decode()
    second = client.get("/our-history/?page=2").content.decode()
    entries = [page.count('class="entry ') for page in (first, second)]
    assert entries == [50, 6]
    assert [page.count("<picture>") for page in (first, second)] == entries  # every entry keeps its photo
    years = set(re.findall(r'id="year-(\d+)"', first)) | set(re.findall(r'id="year-(\d+)"', second))
    for year in years:  # the year navigation on either page reaches every year, on the page it begins
        assert f'href="#year-{year}"' in first or f'href="?page=2#year-{year}"' in first
        assert f'href="#year-{year}"' in second or f'href="/our-history/#year-{year}"' in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert client.get("/our-history/?page=abc").content.decode().count('class="entry ') == 50


@pytest.mark.django_db
def test_other_parameters_in_the_address_show_the_same_timeline_page(client, site_of_size_4):
    # Links on the timeline carry only ?kind= and ?page=, never the rest of a visitor's address.
    tracked = client.get("/our-history/?utm_source=newsletter&page=2").content.decode()
    assert "utm_source" not in tracked and 'href="/our-history/" rel="prev"' in tracked
    assert client.get("/our-history/?page=2").content.decode() == tracked


# Each demo page in English and in Norwegian. A Norwegian page reads its translations (for the
# switcher and hreflang) like an English one does. It costs two more queries: Wagtail's routing
# reads the Norwegian home page (the root's translation), and the header and footer read the
# Norwegian "Join" and privacy pages (the site settings name the English ones). A 404 has no page:
# its menu reads the Norwegian home page once more (in English it needs no query).
NORWEGIAN_EXTRA = {"not_found": 3}
PAGES_IN_BOTH_LANGUAGES = {
    "home": ("/", "/nb/"),
    "history": ("/our-history/", "/nb/var-historie/"),
    "milestone": ("/our-history/oslo-cancer-cluster-is-founded/", "/nb/var-historie/oslo-cancer-cluster-blir-etablert/"),
    "award": ("/our-history/ecei-gold-label/", "/nb/var-historie/ecei-gold-label/"),
    "content": ("/become-a-member/", "/nb/bli-medlem/"),
    "not_found": ("/our-history/no-such-page/", "/nb/var-historie/finnes-ikke/"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES_IN_BOTH_LANGUAGES)
def test_a_norwegian_page_reads_no_more_than_its_english_page_and_stays_within_budget(client, demo_site, page):
    english_url, norwegian_url = PAGES_IN_BOTH_LANGUAGES[page]
    for demo_page in Page.objects.live().specific():
        build_page_renditions(demo_page)  # as publishing does (after the commit, which a test never reaches)
    english_response, english = count_queries(client, english_url)
    norwegian_response, norwegian = count_queries(client, norwegian_url)
    assert english_response.status_code == norwegian_response.status_code == (404 if page == "not_found" else 200)
    assert norwegian <= english + NORWEGIAN_EXTRA.get(page, 2), f"{page}: {norwegian} queries in Norwegian, {english} in English"
    assert english <= BUDGET, f"{page}: {english} queries in English, budget {BUDGET}"
