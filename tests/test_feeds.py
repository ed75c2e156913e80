"""The history page's Atom feed (history.feeds): read by a real feed parser, checked against RFC 4287."""

import xml.etree.ElementTree as ET

from wagtail.models import PageViewRestriction

import feedparser
import pytest

from history.factories import AwardEventFactory, AwardPageFactory, CaptionedImageFactory, MilestonePageFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return response, feed


def assert_rfc4287_required_elements(content):
    """RFC 4287 4.1.1 and 4.1.2: a feed and each entry has exactly one id, title and updated; the feed
    (or every entry) an author; an entry without content has a summary and an alternate link."""
    root = ET.fromstring(content)  # noqa: S314 - the site's own feed, not untrusted input
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    feed_has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = []
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert feed_has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        if entry.find(f"{ATOM}content") is None:
            assert entry.find(f"{ATOM}summary") is not None
            assert any(link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link"))
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return entries


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("home", "history", "title", "lang"),
    [("/", "/our-history/", "Our history", "en"), ("/nb/", "/nb/var-historie/", "Vår historie", "nb")],
)
def test_the_history_and_home_pages_advertise_a_valid_feed_in_their_language(client, demo_site, home, history, title, lang):
    for address in (home, history, f"{history}oslo-cancer-cluster-is-founded/" if lang == "en" else history):
        html = client.get(address).content.decode()
        assert f'<link rel="alternate" type="application/atom+xml" href="{history}feed.atom"' in html, address

    response, feed = parsed(client, f"{history}feed.atom")
    assert feed.feed.title == title
    assert feed.feed.get("language") == lang
    assert feed.feed.link == f"http://testserver{history}"
    entries = assert_rfc4287_required_elements(response.content)
    assert len(feed.entries) == len(entries) >= 8
    for entry in feed.entries:
        assert entry.link.startswith(f"http://testserver{history}")
        assert entry.summary and entry.updated_parsed and entry.published_parsed
    # Newest first: the order of "updated".
    assert [e.updated_parsed for e in feed.entries] == sorted((e.updated_parsed for e in feed.entries), reverse=True)


@pytest.mark.django_db
def test_entries_carry_the_date_summary_and_the_lead_photos_alt_text(client, history_page):
    photo = CaptionedImageFactory(description="Two founders in suits", description_nb="To grunnleggere i dress",
                                  caption="The founders", credit_name="Gunnar Kopperud")
    MilestonePageFactory(parent=history_page, slug="founded", title="Founded", year=2006, summary="It starts & grows.",
                         lead_photo=photo)
    MilestonePageFactory(parent=history_page, slug="park", title="Park opens", year=2015, month=5, date_precision="month")
    award = AwardPageFactory(parent=history_page, slug="gold-label", title="Gold Label")
    AwardEventFactory(award=award, event_type="renewed", year=2022, month=12, score=94)

    _response, feed = parsed(client, "/our-history/feed.atom")
    entries = {entry.title: entry for entry in feed.entries}
    founded = entries["2006: Founded"]
    assert founded.link == "http://testserver/our-history/founded/"
    assert "It starts &amp; grows." in founded.summary
    assert 'alt="Two founders in suits"' in founded.summary
    assert "Photo: Gunnar Kopperud" in founded.summary
    assert "May 2015: Park opens" in entries
    renewed = next(entry for title, entry in entries.items() if "Gold Label" in title)
    assert renewed.link.startswith("http://testserver/our-history/gold-label/#event-gold-label-renewed-2022-12")
    assert "94%" in renewed.summary


@pytest.mark.django_db
def test_drafts_and_private_pages_stay_out_and_queries_do_not_grow(client, history_page, django_assert_max_num_queries):
    MilestonePageFactory(parent=history_page, slug="draft", title="Draft milestone", live=False)
    private = MilestonePageFactory(parent=history_page, slug="private", title="Private milestone")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for year in range(1990, 2000):
        MilestonePageFactory(parent=history_page, slug=f"m{year}", title=f"Milestone {year}", year=year,
                             lead_photo=CaptionedImageFactory())
    client.get("/our-history/feed.atom")  # Wagtail's site and locale lookups, cached from here on
    with django_assert_max_num_queries(12):
        text = client.get("/our-history/feed.atom").content.decode()
    assert "Draft milestone" not in text and "Private milestone" not in text
    assert text.count("<entry>") == 10


@pytest.mark.django_db
def test_a_private_history_page_has_no_public_feed(client, history_page):
    PageViewRestriction.objects.create(page=history_page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/our-history/feed.atom")
    assert response.status_code == 302  # to the sign-in page, as the page itself
