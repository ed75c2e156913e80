"""The front cache, proven against a real varnishd (ops/varnish/default.vcl) in front of the app.

Each test starts Varnish in front of pytest-django's live server, fills the cache
with every page a change could touch, makes the change as editors and moderators
do (publishing, moderation, scheduling, deleting, moving, editing people, photos
and settings) and reads the pages through Varnish again. A page that still shows
the old content was not purged.

Most edits purge their cache tags softly: the first request after one may still get
the previous copy while Varnish fetches the new one in the background, so those
tests ask again until the change shows (``shows``; at most 10 s). What must vanish
at once (an unpublish, a deletion, a view restriction) is checked on the very next
request.
"""

import datetime
import re

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from history.factories import (
    AwardEventFactory,
    CaptionedImageFactory,
    MilestonePageFactory,
)
from history.models import MilestonePage
from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS
from occ_site.models import ContentPage, SiteSettings
from tests.front_cache.reading import body, fill, publish, shows
from tests.harness.polling import wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


ADDRESSES = [
    "/",
    "/our-history/",
    "/our-history/?kind=building",
    "/our-history/?page=1",
    "/our-history/timeline.json",
    "/our-history/interactive-timeline/",
    "/our-history/founded/",
    "/our-history/park/",
    "/our-history/hub/",
    "/our-history/gold-label/",
    "/become-a-member/",
    "/sitemap.xml",
    "/photo-credits/",
    "/search/?q=oslo",
]


def test_publishing_a_new_milestone_refreshes_the_timeline_its_neighbours_and_the_listings(varnish, timeline):
    fill(varnish, ADDRESSES)
    new = MilestonePageFactory(parent=timeline["history"], slug="labs", title="New laboratories", year=2019,
                               kind="building", live=False)
    publish(new)
    for address in ["/our-history/", "/our-history/?kind=building", "/our-history/?page=1",
                    "/our-history/timeline.json", "/search/?q=laboratories"]:
        shows(varnish, address, "New laboratories")
    shows(varnish, "/sitemap.xml", "/our-history/labs/</loc>")
    shows(varnish, "/our-history/park/", 'href="/our-history/labs/" rel="next"')
    shows(varnish, "/our-history/hub/", 'href="/our-history/labs/" rel="prev"')
    # Pages it does not touch stay cached.
    assert varnish.get("/our-history/gold-label/")[1]["X-Cache"] == "hit"


def test_unpublishing_and_deleting_take_a_milestone_off_every_page(varnish, timeline):
    fill(varnish, ADDRESSES)
    timeline["park"].unpublish()
    assert varnish.get("/our-history/park/")[0] == 404
    # Hard purges: the very next request, no waiting.
    assert "Innovation Park opens" not in body(varnish, "/our-history/?kind=building")
    assert 'href="/our-history/hub/" rel="next"' in body(varnish, "/our-history/founded/")
    fill(varnish, ["/our-history/", "/our-history/hub/"])
    timeline["hub"].delete()
    assert varnish.get("/our-history/hub/")[0] == 404
    assert "Oslo Science Hub" not in body(varnish, "/our-history/")


def test_a_renamed_milestone_moves_to_its_new_address_everywhere(varnish, timeline):
    fill(varnish, ADDRESSES)
    park = MilestonePage.objects.get(pk=timeline["park"].pk)
    park.slug = "innovation-park"
    park.title = "Innovation Park opens at Montebello"
    publish(park)
    # Wagtail's own redirect, once the old copy is refreshed.
    wait_until(lambda: varnish.get("/our-history/park/")[1].get("Location") == "/our-history/innovation-park/", timeout=10)
    assert varnish.get("/our-history/park/")[0] == 301
    shows(varnish, "/our-history/innovation-park/", "at Montebello")
    shows(varnish, "/our-history/", 'href="/our-history/innovation-park/"')
    shows(varnish, "/our-history/founded/", 'href="/our-history/innovation-park/" rel="next"')


def test_moving_a_milestone_refreshes_the_timeline(varnish, timeline):
    same_year = MilestonePageFactory(parent=timeline["history"], slug="later-in-2015", title="Later in 2015", year=2015)
    fill(varnish, ["/our-history/", "/our-history/park/"])
    shows(varnish, "/our-history/park/", 'href="/our-history/founded/" rel="prev"')
    same_year.move(timeline["history"], pos="first-child")  # same date: the tree order decides
    wait_until(lambda: (html := body(varnish, "/our-history/")).index("Later in 2015") < html.index("Innovation Park opens"),
               timeout=10, waiting_for="the moved milestone first on the timeline")
    shows(varnish, "/our-history/park/", 'href="/our-history/later-in-2015/" rel="prev"')


def test_a_milestone_approved_in_moderation_shows_at_once(varnish, timeline, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="a-long-test-password")
    editor.groups.add(Group.objects.get(name=HISTORY_EDITORS))
    moderator = django_user_model.objects.create_user("moderator", password="a-long-test-password")
    moderator.groups.add(Group.objects.get(name=HISTORY_MODERATORS))
    fill(varnish, ADDRESSES)
    park = MilestonePage.objects.get(pk=timeline["park"].pk)
    park.summary = "Approved new summary of the park."
    park.save_revision(user=editor)
    workflow_state = park.get_workflow().start(park, editor)
    assert "Approved new summary" not in body(varnish, "/our-history/")  # submitted, not yet published
    workflow_state.current_task_state.approve(user=moderator)
    shows(varnish, "/our-history/", "Approved new summary")
    shows(varnish, "/our-history/park/", "Approved new summary")


def test_a_scheduled_publish_refreshes_the_pages(varnish, timeline):
    fill(varnish, ADDRESSES)
    park = MilestonePage.objects.get(pk=timeline["park"].pk)
    park.title = "Innovation Park opens (scheduled)"
    park.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(seconds=1))
    assert "(scheduled)" not in body(varnish, "/our-history/")
    call_command("publish_scheduled")
    shows(varnish, "/our-history/", "(scheduled)")
    shows(varnish, "/our-history/park/", "(scheduled)")


def test_editing_a_person_refreshes_their_milestones(varnish, timeline):
    fill(varnish, ADDRESSES)
    founder = timeline["founder"]
    founder.name = "Kaare R. Norum"
    founder.save_revision().publish()
    shows(varnish, "/our-history/founded/", "Kaare R. Norum")
    shows(varnish, "/our-history/", "Kaare R. Norum")  # the organisation's founders (JSON-LD)


def test_a_photos_caption_credit_and_alt_text_show_everywhere_it_appears(varnish, timeline):
    fill(varnish, ADDRESSES)
    photo = timeline["photo"]
    photo.caption = "Kaare Norum and Jónas Einarsson in 2006"
    photo.credit_name = "Someone Else"
    photo.description = "Two men in suits shaking hands"
    photo.save()
    for address in ["/our-history/", "/our-history/founded/", "/photo-credits/"]:
        shows(varnish, address, "Jónas Einarsson in 2006")
        shows(varnish, address, "Someone Else")
    shows(varnish, "/our-history/founded/", 'alt="Two men in suits shaking hands"')


def test_a_photo_edit_leaves_the_pages_without_that_photo_cached(varnish, timeline):
    fill(varnish, ADDRESSES)
    photo = timeline["photo"]
    photo.caption = "A new caption"
    photo.save()
    shows(varnish, "/our-history/founded/", "A new caption")
    for address in ["/our-history/park/", "/our-history/hub/", "/our-history/gold-label/", "/become-a-member/",
                    "/sitemap.xml", "/search/?q=oslo"]:
        assert varnish.get(address)[1]["X-Cache"] == "hit", address


def test_a_new_view_restriction_takes_a_page_off_at_once(varnish, timeline):
    fill(varnish, ADDRESSES)
    PageViewRestriction.objects.create(
        page=timeline["park"], restriction_type=PageViewRestriction.PASSWORD, password="a-long-test-password"
    )
    # A hard purge: not served from the cache even once more, and gone from the listings.
    assert varnish.get("/our-history/park/")[1]["X-Cache"] != "hit"
    assert "Innovation Park opens" not in body(varnish, "/our-history/")
    assert "Innovation Park opens" not in body(varnish, "/our-history/?kind=building")


def test_a_new_photo_file_shows_new_renditions(varnish, timeline):
    fill(varnish, ADDRESSES)
    old = re.findall(r'src="([^"]+)"', body(varnish, "/our-history/founded/"))
    photo = timeline["photo"]
    replacement = CaptionedImageFactory.build().file
    photo.file = replacement
    photo.save()
    photo.renditions.all().delete()  # as Wagtail's image edit view does when the file changes
    def new_sources():
        new = re.findall(r'src="([^"]+)"', body(varnish, "/our-history/founded/"))
        return new and new != old

    wait_until(new_sources, timeout=10, waiting_for="new renditions on the milestone")


def test_site_settings_show_on_every_page_at_once(varnish, timeline):
    fill(varnish, ADDRESSES)
    row = SiteSettings.objects.get(site=timeline["history"].get_site())
    row.organisation_name = "OCC, renamed"
    row.save()
    for address in ADDRESSES[:4] + ["/our-history/founded/", "/become-a-member/", "/photo-credits/"]:
        shows(varnish, address, "OCC, renamed")


def test_awards_and_content_pages_refresh_when_published(varnish, timeline):
    fill(varnish, ADDRESSES)
    AwardEventFactory(award=timeline["award"], event_type="renewed", year=2022, month=12, score=94)
    publish(timeline["award"])
    shows(varnish, "/our-history/", "94%")
    shows(varnish, "/our-history/gold-label/", "94%")
    member = ContentPage.objects.get(pk=timeline["member"].pk)
    member.title = "Join the cluster"
    publish(member)
    shows(varnish, "/become-a-member/", "Join the cluster")
    shows(varnish, "/our-history/park/", ">Join the cluster</a>")  # the main menu on every page


def test_drafts_never_reach_the_cache(varnish, timeline):
    fill(varnish, ADDRESSES)
    park = MilestonePage.objects.get(pk=timeline["park"].pk)
    park.title = "Unapproved headline"
    park.save_revision()
    assert varnish.get("/our-history/")[1]["X-Cache"] == "hit"
    assert "Unapproved headline" not in body(varnish, "/our-history/")
