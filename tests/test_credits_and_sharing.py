"""Photo credits page; meta description, canonical URL, Open Graph, JSON-LD; error pages."""

import json
import re

from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

import pytest

from history.factories import (
    AwardEventFactory,
    AwardPageFactory,
    CaptionedImageFactory,
    MilestonePageFactory,
    PersonFactory,
)
from tests.queries import render_count


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


def node(data, kind):
    """The one node of this @type in a JSON-LD graph."""
    (found,) = [item for item in data["@graph"] if item["@type"] == kind]
    return found


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def with_body_photo(milestone, photo):
    milestone.body = [("photo", {"image": photo, "caption": ""})]
    milestone.save_revision().publish()
    return milestone


@pytest.mark.django_db
def test_credits_list_every_published_photo_with_where_it_is_used(client, history_page):
    lead = CaptionedImageFactory(caption="The founders", credit_name="Gunnar Kopperud")
    drawing = CaptionedImageFactory(caption="The new wing", credit_role="illustration", credit_name="Dark Arkitekter")
    unused = CaptionedImageFactory(caption="Never used")
    in_draft = CaptionedImageFactory(caption="Only in a draft")
    founded = MilestonePageFactory(parent=history_page, slug="founded", title="Founded", lead_photo=lead)
    with_body_photo(MilestonePageFactory(parent=history_page, slug="wing", title="New wing"), drawing)
    AwardPageFactory(parent=history_page, slug="award", title="An award", lead_photo=drawing)
    MilestonePageFactory(parent=history_page, slug="draft", live=False, lead_photo=in_draft)
    assert founded.lead_photo == lead

    html = client.get("/photo-credits/").content.decode()
    assert "Photo: Gunnar Kopperud" in html and "Illustration: Dark Arkitekter" in html
    assert '<a href="/our-history/founded/">Founded</a> (lead photo)' in html
    assert '<a href="/our-history/wing/">New wing</a> (in the story)' in html
    assert '<a href="/our-history/award/">An award</a> (lead photo)' in html
    assert unused.caption not in html and in_draft.caption not in html
    assert html.count('<li class="credit"') == 2
    assert '<link rel="canonical" href="http://testserver/photo-credits/">' in html
    assert '<a href="/photo-credits/">Photo credits</a>' in client.get("/our-history/").content.decode()


@pytest.mark.django_db
def test_credits_query_count_does_not_grow_with_photos(client, history_page, django_assert_num_queries):
    def add(n):
        milestone = MilestonePageFactory(parent=history_page, slug=f"m-{n}", lead_photo=CaptionedImageFactory())
        with_body_photo(milestone, CaptionedImageFactory())

    for n in range(3):
        add(n)
    client.get("/photo-credits/")
    baseline = render_count(client, "/photo-credits/")
    for n in range(3, 20):
        add(n)
    client.get("/photo-credits/")  # publishing purged the cached menu: measure warm, as the baseline was
    connection.queries_log.clear()
    with django_assert_num_queries(baseline):
        response = client.get("/photo-credits/")
    assert response.content.decode().count('<li class="credit"') == 40


@pytest.mark.django_db
def test_milestone_page_has_description_canonical_and_a_share_card_with_credit(client, history_page):
    photo = CaptionedImageFactory(description="Two men on a stage", caption="The founders",
                                  credit_name="Gunnar Kopperud", licence="© Oslo Cancer Cluster")
    MilestonePageFactory(parent=history_page, slug="founded", title="Founded", summary="It all starts here.",
                         lead_photo=photo)
    html = client.get("/our-history/founded/").content.decode()
    assert meta(html, "name", "description") == "It all starts here."
    assert '<link rel="canonical" href="http://testserver/our-history/founded/">' in html
    assert meta(html, "property", "og:title") == "Founded"
    assert meta(html, "property", "og:type") == "article"
    image_url = meta(html, "property", "og:image")
    assert image_url.startswith("http://testserver/") and ".fill-1200x630.format-jpeg" in image_url
    assert meta(html, "property", "og:image:alt") == "Two men on a stage"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    image = node(json_ld(html), "ImageObject")
    assert image["@type"] == "ImageObject" and image["contentUrl"] == image_url
    assert image["creditText"] == "Photo: Gunnar Kopperud"
    assert image["creator"] == {"@type": "Person", "name": "Gunnar Kopperud"}
    assert image["copyrightNotice"] == "© Oslo Cancer Cluster"


@pytest.mark.django_db
def test_history_and_home_describe_the_organisation(client, history_page):
    founders = [PersonFactory(name="Kaare Norum", role="Former Principal"), PersonFactory(name="Jónas Einarsson")]
    for person in founders:
        person.save_revision().publish()
    founding = MilestonePageFactory(parent=history_page, slug="founded", year=2006, kind="founding")
    founding.people.set(founders)
    founding.save_revision().publish()
    award = AwardPageFactory(parent=history_page, slug="gold-label", title="Gold Label certificate")
    AwardEventFactory(award=award)
    for url in ["/", "/our-history/"]:
        organisation = node(json_ld(client.get(url).content.decode()), "Organization")
        assert organisation["@type"] == "Organization"
        assert organisation["foundingDate"] == "2006"
        assert {f["name"] for f in organisation["founder"]} == {"Kaare Norum", "Jónas Einarsson"}
        assert organisation["award"] == ["Gold Label certificate"]


@pytest.mark.django_db
def test_the_organisation_was_founded_at_its_first_founding_milestone_on_every_page(client, history_page):
    """The home page reads only the first founding milestone; the timeline reads its whole index: both agree."""
    MilestonePageFactory(parent=history_page, slug="refounded", year=2012, kind="founding")
    MilestonePageFactory(parent=history_page, slug="founded", year=2006, kind="founding")
    MilestonePageFactory(parent=history_page, slug="draft-founding", year=2001, kind="founding", live=False)
    for award_title, year in [("Second award", 2020), ("First award", 2010)]:
        AwardEventFactory(award=AwardPageFactory(parent=history_page, slug=slugify(award_title), title=award_title), year=year)
    for url in ["/", "/our-history/"]:
        organisation = node(json_ld(client.get(url).content.decode()), "Organization")
        assert organisation["foundingDate"] == "2006", url
        assert organisation["award"] == ["First award", "Second award"], url


@pytest.mark.django_db
def test_filtered_timeline_points_search_engines_at_the_whole_timeline(client, history_page):
    html = client.get("/our-history/?kind=building").content.decode()
    assert '<link rel="canonical" href="http://testserver/our-history/">' in html


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of(client, history_page):
    evil = '</script><script>alert("x")</script><!--'
    photo = CaptionedImageFactory(caption=evil, credit_name=evil, description=evil)
    MilestonePageFactory(parent=history_page, slug="evil", title=evil, summary=evil, lead_photo=photo)
    html = client.get("/our-history/evil/").content.decode()
    assert "<script>alert" not in html
    data = json_ld(html)  # exactly one JSON-LD block, and it parses back to the original text
    assert node(data, "ImageObject")["caption"] == evil
    assert node(data, "ImageObject")["creditText"] == f"Photo: {evil}"


@pytest.mark.django_db
def test_page_without_photo_gets_a_small_card_and_no_image(client, history_page):
    MilestonePageFactory(parent=history_page, slug="plain", summary="No photo here.")
    html = client.get("/our-history/plain/").content.decode()
    assert meta(html, "name", "twitter:card") == "summary"
    assert meta(html, "property", "og:image") is None


@pytest.mark.django_db
def test_missing_photo_file_does_not_break_the_page(client, history_page):
    photo = CaptionedImageFactory()
    MilestonePageFactory(parent=history_page, slug="lost", lead_photo=photo)
    photo.file.storage.delete(photo.file.name)
    assert client.get("/our-history/lost/").status_code == 200


@pytest.mark.django_db
def test_404_is_in_the_site_style(client, site_root):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "Skip to content" in html and "/static/css/site.css" in html


def test_500_page_needs_no_database_or_context():
    # In English: Django's LocaleMiddleware leaves the last request's language active in the thread.
    with translation.override("en"):
        html = render_to_string("500.html")
    assert "Something went wrong" in html and "Skip to content" in html and "/static/css/site.css" in html


@pytest.mark.django_db
def test_robots_and_sitemap(client, history_page):
    MilestonePageFactory(parent=history_page, slug="founded")
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert "Disallow: /search/" in robots
    assert "/our-history/founded/" in client.get("/sitemap.xml").content.decode()
