"""The home page shows the organisation: its photo and introduction, a taste of its history, where it
stands today (from the award pages), the way to Our history and the invitation to join."""

import re

from django.contrib.auth import get_user_model

from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from core.renditions import build_page_renditions
from history.factories import (
    AwardEventFactory,
    AwardPageFactory,
    CaptionedImageFactory,
    MilestonePageFactory,
)
from history.models import AwardEvent, AwardPage, MilestonePage
from occ_site.models import HomePage, HomePagePinnedMilestone, HomePageStandingAward, SiteSettings
from tests.signin import log_in_verified

pytestmark = pytest.mark.django_db

# What an uncached request for the home page reads, however many milestones, awards, events and
# photos there are, and whether "From our history" shows pinned or the latest milestones: the
# site, the active locale and the page (Wagtail's routing), its view restrictions (two), its
# translations (the language switcher and hreflang links), its lead photo and the
# photos in its body, the site settings with the "Join" page, the history page and its timeline
# index (the organisation's JSON-LD), the main menu, the pins, the milestones, the renditions of
# every photo the page shows, the standing awards and their events.
HOME_PAGE_QUERIES = 17


def visible_text(html):
    html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    html = re.sub(r"</?(?:a|time|span|strong|em)\b[^>]*>", "", html)  # inline: no space
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def section(html, heading_id):
    """The HTML of the <section> labelled by ``heading_id``."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, flags=re.S)
    assert match, f"no section labelled {heading_id}"
    return match.group(0)


def highlighted_titles(client):
    html = client.get("/").content.decode()
    if 'aria-labelledby="history-highlights-heading"' not in html:
        return []
    return re.findall(r'<h3 class="highlight__headline"><a href="[^"]+">([^<]+)</a>', section(html, "history-highlights-heading"))


class TestDemoHomePage:
    def test_lead_photo_with_alt_text_caption_and_credit_comes_first(self, client, demo_site):
        html = client.get("/").content.decode()
        intro = html[html.index('<div class="home-intro'):html.index("</figure>")]
        img = re.search(r"<img\b[^>]*>", intro).group(0)
        assert 'alt="Jónas Einarsson and Kaare Norum standing side by side' in img
        assert 'fetchpriority="high"' in img and 'loading="lazy"' not in img  # the largest paint: fetched first
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)  # space kept: no layout shift
        assert intro.count("<source ") == 2  # AVIF and WebP before the JPEG fallback
        text = visible_text(intro)
        assert "Jónas Einarsson and Kaare Norum co-founded Oslo Cancer Cluster in 2006." in text
        assert "Photo: Gunnar Kopperud" in text
        assert "member organisation for the oncology community" in text

    def test_link_to_our_history_names_it(self, client, demo_site):
        html = client.get("/").content.decode()
        assert re.search(r'<a class="button" href="/our-history/">Explore our history</a>', html)

    def test_from_our_history_shows_the_three_latest_milestones_newest_first(self, client, demo_site):
        assert highlighted_titles(client) == [
            "Oslo Science Hub plans go to the City Council",
            "Second building phase of the Innovation Park begins",
            "The Innovation Park and Incubator opens at Montebello",
        ]
        part = section(client.get("/").content.decode(), "history-highlights-heading")
        assert '<time datetime="2015-05">May 2015</time>' in part
        assert "Illustration: Dark Arkitekter" in visible_text(part) and "Photo: Gunnar Kopperud" in visible_text(part)
        for img in re.findall(r"<img\b[^>]*>", part):
            assert re.search(r'alt="[^"]+"', img) and 'loading="lazy"' in img

    def test_current_standing_comes_from_the_award_pages(self, client, demo_site):
        text = visible_text(section(client.get("/").content.decode(), "standing-heading"))
        assert "Gold Label certificate European Cluster Excellence Initiative (ECEI)" in text
        assert "Awarded December 2019 Renewed December 2022, overall score 94%" in text
        assert "Mature Cluster status Norwegian Innovation Clusters programme Status granted 2021" in text
        assert "Norwegian Centre of Expertise" not in text  # not chosen for the standing

    def test_join_call_to_action_leads_where_the_site_settings_say(self, client, demo_site):
        join = section(client.get("/").content.decode(), "join-heading")
        assert '<h2 id="join-heading">Become a member</h2>' in join
        assert '<a class="button" href="/become-a-member/">Join</a>' in join
        settings = SiteSettings.for_site(demo_site)
        settings.join_page, settings.join_url, settings.join_label = None, "https://members.example.org/", "Become a member"
        settings.save()
        join = section(client.get("/").content.decode(), "join-heading")
        assert '<a class="button" href="https://members.example.org/">Become a member</a>' in join

    def test_no_join_link_no_invitation(self, client, demo_site):
        settings = SiteSettings.for_site(demo_site)
        settings.join_page, settings.join_url = None, ""
        settings.save()
        assert 'id="join-heading"' not in client.get("/").content.decode()


class TestTheHomePageFollowsTheHistory:
    def test_a_renewal_added_to_the_award_page_appears_on_the_home_page(self, client, demo_site):
        award = AwardPage.objects.get(slug="ecei-gold-label", locale__language_code="en")
        award.events.add(AwardEvent(event_type="renewed", year=2025, month=12, date_precision="month", score=96))
        award.save_revision().publish()
        text = visible_text(section(client.get("/").content.decode(), "standing-heading"))
        assert "Renewed December 2022, overall score 94% Renewed December 2025, overall score 96%" in text

    def test_an_unpublished_or_private_award_is_not_shown(self, client, demo_site):
        AwardPage.objects.get(slug="mature-cluster-status", locale__language_code="en").unpublish()
        PageViewRestriction.objects.create(
            page=AwardPage.objects.get(slug="ecei-gold-label", locale__language_code="en"),
            restriction_type=PageViewRestriction.LOGIN,
        )
        assert 'id="standing-heading"' not in client.get("/").content.decode()

    def test_a_newer_milestone_is_shown_when_published_not_as_a_draft(self, client, demo_site):
        history = demo_site.root_page.get_children().get(slug="our-history")
        draft = MilestonePageFactory(parent=history, title="A milestone still in draft", year=2025, live=False)
        assert "A milestone still in draft" not in highlighted_titles(client)
        draft.save_revision().publish()
        assert highlighted_titles(client)[0] == "A milestone still in draft"
        assert len(highlighted_titles(client)) == 3

    def test_private_milestones_are_not_highlighted(self, client, demo_site):
        newest = MilestonePage.objects.get(slug="oslo-science-hub", locale__language_code="en")
        PageViewRestriction.objects.create(page=newest, restriction_type=PageViewRestriction.LOGIN)
        titles = highlighted_titles(client)
        assert "Oslo Science Hub plans go to the City Council" not in titles and len(titles) == 3


class TestPinnedMilestones:
    def pin(self, home, *slugs):
        home.pinned_milestones = [HomePagePinnedMilestone(milestone=MilestonePage.objects.get(slug=slug)) for slug in slugs]
        home.save_revision().publish()

    def test_pinned_milestones_replace_the_latest_in_the_editors_order(self, client, demo_site):
        home = HomePage.objects.get(locale__language_code="en")
        self.pin(home, "innovation-park-opens", "oslo-cancer-cluster-is-founded")
        assert highlighted_titles(client) == [
            "The Innovation Park and Incubator opens at Montebello",
            "Oslo Cancer Cluster is founded",
        ]

    def test_an_unpublished_pin_is_skipped_and_with_none_left_the_latest_return(self, client, demo_site):
        home = HomePage.objects.get(locale__language_code="en")
        self.pin(home, "innovation-park-opens", "oslo-cancer-cluster-is-founded")
        MilestonePage.objects.get(slug="innovation-park-opens").unpublish()
        assert highlighted_titles(client) == ["Oslo Cancer Cluster is founded"]
        MilestonePage.objects.get(slug="oslo-cancer-cluster-is-founded").unpublish()
        assert highlighted_titles(client) == [
            "Oslo Science Hub plans go to the City Council",
            "Second building phase of the Innovation Park begins",
            "From a regional cluster to an international one",
        ]

    def test_the_home_page_previews_with_its_draft_pins(self, demo_site):
        home = HomePage.objects.get(locale__language_code="en")
        home.pinned_milestones = [
            HomePagePinnedMilestone(
                milestone=MilestonePage.objects.get(slug="oslo-science-hub", locale__language_code="en")
            )
        ]
        response = home.make_preview_request()
        assert response.status_code == 200
        part = section(response.content.decode(), "history-highlights-heading")
        assert part.count('class="highlight"') == 1 and "Oslo Science Hub plans go to the City Council" in part

    def test_a_preview_shows_the_pins_being_edited(self, demo_site):
        home = HomePage.objects.get(locale__language_code="en")
        home.pinned_milestones = [
            HomePagePinnedMilestone(
                milestone=MilestonePage.objects.get(slug="oslo-science-hub", locale__language_code="en")
            )
        ]
        # Not saved: read through the page, as Wagtail's preview does with the form's data.
        assert [milestone.slug for milestone in home.history_highlights] == ["oslo-science-hub"]
        assert HomePage.objects.get(locale__language_code="en").pinned_milestones.count() == 0


class TestEditingInTheAdmin:
    def test_an_editor_sets_the_photo_pins_standing_and_invitation_and_publishes(self, client, demo_site):
        log_in_verified(client, get_user_model().objects.create_superuser("chief", "chief@example.org", "x" * 20))
        home = HomePage.objects.get(locale__language_code="en")
        edit_url = f"/admin/pages/{home.pk}/edit/"
        form = client.get(edit_url).content.decode()
        for label in ("Lead photo", "Pinned milestone", "Award or status", "Invitation to join"):
            assert label in form, label
        photo = CaptionedImageFactory(description="The Innovation Park seen from the garden", credit_name="Someone")
        founded = MilestonePage.objects.get(slug="oslo-cancer-cluster-is-founded")
        expertise = AwardPage.objects.get(slug="norwegian-centre-of-expertise")
        data = nested_form_data({
            "title": "Oslo Cancer Cluster",
            "slug": home.slug,
            "lead_photo": photo.pk,
            "introduction": rich_text("<p>A new welcome.</p>"),
            "pinned_milestones": inline_formset([{"milestone": founded.pk}]),
            "standing_awards": inline_formset([{"award": expertise.pk}]),
            "join_heading": "Work with us",
            "join_text": "Members meet every month.",
            "body": streamfield([]),
            "action-publish": "publish",
        })
        response = client.post(edit_url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        html = client.get("/").content.decode()
        assert 'alt="The Innovation Park seen from the garden"' in html
        assert "A new welcome." in html
        assert highlighted_titles(client) == ["Oslo Cancer Cluster is founded"]
        assert "Norwegian Centre of Expertise" in visible_text(section(html, "standing-heading"))
        join = visible_text(section(html, "join-heading"))
        assert join.startswith("Work with us Members meet every month.")

    def test_more_than_three_pins_is_a_form_error(self, client, demo_site):
        log_in_verified(client, get_user_model().objects.create_superuser("chief", "chief@example.org", "x" * 20))
        home = HomePage.objects.get(locale__language_code="en")
        milestones = MilestonePage.objects.order_by("path")[:4]
        data = nested_form_data({
            "title": home.title,
            "slug": home.slug,
            "introduction": rich_text("<p>Welcome.</p>"),
            "pinned_milestones": inline_formset([{"milestone": m.pk} for m in milestones]),
            "standing_awards": inline_formset([]),
            "body": streamfield([]),
        })
        response = client.post(f"/admin/pages/{home.pk}/edit/", data)
        assert response.status_code == 200
        assert "Please submit at most 3 forms." in response.content.decode()
        assert HomePage.objects.get(locale__language_code="en").pinned_milestones.count() == 0


@pytest.fixture
def uncached(settings):
    """Every request reads its photos' renditions from the database (no rendition lookup kept)."""
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    settings.CACHES = {**settings.CACHES, "renditions": dummy}


def add_content(home, history_page, size):
    """``size`` x 5 milestones with photos, ``size`` awards on the home page's standing with ``size``
    events each, ``size`` photos in the home page's body."""
    home.lead_photo = CaptionedImageFactory()
    home.body = [("photo", {"image": CaptionedImageFactory(), "caption": ""}) for _ in range(size)]
    for n in range(size * 5):
        MilestonePageFactory(parent=history_page, slug=f"m-{size}-{n}", lead_photo=CaptionedImageFactory())
    for n in range(size):
        award = AwardPageFactory(parent=history_page, slug=f"a-{size}-{n}")
        for year in range(size):
            AwardEventFactory(award=award, year=2010 + year, score=90)
        HomePageStandingAward.objects.create(home_page=home, award=award)
    home.save()
    for page in [home, *MilestonePage.objects.all()]:
        build_page_renditions(page)


@pytest.mark.parametrize("pinned", [False, True], ids=["latest", "pinned"])
def test_home_page_queries_do_not_grow_with_the_content(client, site_root, history_page, uncached, pinned, django_assert_num_queries):
    SiteSettings.objects.update_or_create(site=site_root.get_site(), defaults={"join_url": "https://example.org/join"})
    for size in (1, 4):
        add_content(site_root, history_page, size)
        if pinned:
            site_root.pinned_milestones = [HomePagePinnedMilestone(milestone=m) for m in MilestonePage.objects.all()[:3]]
            site_root.save()
        client.get("/")  # Wagtail's own site root paths, as in a running server
        with django_assert_num_queries(HOME_PAGE_QUERIES):
            html = client.get("/").content.decode()
        assert len(highlighted_titles(client)) == 3
        assert html.count('class="standing__item"') == HomePageStandingAward.objects.count()
        assert html.count("<picture>") == 1 + size + 3  # lead photo, body photos, three milestones
