"""The history feed and the read API through a real varnishd: cached, and refreshed by the same
changes that refresh the timeline (what the cache is told to forget is occ_site.front_cache's business;
these tests only read what visitors and partners get). A publish or an edit purges softly, so the first
answer after it may still be the previous copy: what must show, shows within 10 s; what is taken off
is gone on the very next request."""

import pytest

from history.factories import MilestonePageFactory
from tests.front_cache.reading import body, fill, publish, shows

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FEED = "/our-history/feed.atom"
MILESTONES = "/api/v2/pages/?type=history.MilestonePage&fields=title"


def test_publishing_a_milestone_refreshes_the_feed_and_the_api(varnish, timeline):
    detail = f"/api/v2/pages/{timeline['park'].pk}/"
    fill(varnish, [FEED, MILESTONES, "/api/v2/pages/", detail])
    new = MilestonePageFactory(parent=timeline["history"], slug="labs", title="New laboratories", year=2019, live=False)
    publish(new)
    for address in (FEED, MILESTONES, "/api/v2/pages/"):
        shows(varnish, address, "New laboratories")

    park = timeline["park"]
    park.title = "Innovation Park opens its doors"
    publish(park)
    shows(varnish, detail, "opens its doors")
    shows(varnish, FEED, "opens its doors")


def test_unpublishing_takes_a_milestone_out_of_the_feed_and_the_api(varnish, timeline):
    detail = f"/api/v2/pages/{timeline['hub'].pk}/"
    fill(varnish, [FEED, MILESTONES, detail])
    timeline["hub"].unpublish()
    assert "Oslo Science Hub" not in body(varnish, FEED)
    assert "Oslo Science Hub" not in body(varnish, MILESTONES)
    assert varnish.get(detail)[0] == 404


def test_a_photos_new_alt_text_shows_in_the_feed_and_the_api(varnish, timeline):
    photo = timeline["photo"]
    detail = f"/api/v2/images/{photo.pk}/"
    fill(varnish, [FEED, detail, "/api/v2/images/?fields=alt_text"])
    photo.description = "Two men in suits shaking hands"
    photo.save()
    for address in (FEED, detail, "/api/v2/images/?fields=alt_text"):
        shows(varnish, address, "Two men in suits shaking hands")
