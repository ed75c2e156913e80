"""The test harness's shared state does not leak: the demo content is made once per session
(tests/snapshots.py), so a test that changes it must leave the next test the demo as loaded.

Each pair below changes the demo in a different way and first checks that it starts from the
demo as loaded: whichever runs second (in file order, in a shuffled order with
``-p random_order --random-order``, or on another xdist worker) fails if the first one leaked.
"""

import re
import tomllib
from pathlib import Path

from django.core.files.storage import default_storage

from wagtail.models import Page

import pytest

from history.models import CaptionedImage, MilestonePage
from tests.harness import tiers

MILESTONE = "/our-history/innovation-park-opens/"


def assert_demo_as_loaded(client):
    assert MilestonePage.objects.filter(locale__language_code="en", slug="innovation-park-opens", live=True).exists()
    assert not Page.objects.filter(slug="left-behind").exists()
    assert client.get(MILESTONE).status_code == 200
    assert "Left behind by another test" not in client.get("/our-history/").content.decode()


def change_the_demo():
    """Unpublish one milestone, delete a photo's rendition rows, publish a new milestone."""
    milestone = MilestonePage.objects.get(locale__language_code="en", slug="innovation-park-opens")
    milestone.unpublish()
    CaptionedImage.get_rendition_model().objects.all().delete()
    history = milestone.get_parent()
    left_behind = MilestonePage(title="Left behind by another test", slug="left-behind", year=2030, summary="Leaked.")
    history.add_child(instance=left_behind)
    left_behind.save_revision().publish()


@pytest.mark.django_db
@pytest.mark.parametrize("turn", ["first", "second"])
def test_a_change_to_the_demo_is_rolled_back(client, demo_site, turn):
    assert_demo_as_loaded(client)
    change_the_demo()
    assert client.get(MILESTONE).status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("turn", ["first", "second"])
def test_a_committed_change_to_the_demo_is_flushed(client, demo_site, turn):
    assert_demo_as_loaded(client)
    change_the_demo()
    assert client.get(MILESTONE).status_code == 404


@pytest.mark.django_db
def test_the_demo_keeps_what_earlier_fixtures_made(admin_client, demo_site):
    # admin_client made a superuser and signed them in before the demo was written.
    response = admin_client.get("/admin/pages/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_demo_photos_are_in_whatever_media_storage_the_test_uses(settings, tmp_path, client, demo_content):
    settings.MEDIA_ROOT = str(tmp_path)
    demo_content.replay()
    photos = list(CaptionedImage.objects.all())
    assert photos
    for photo in photos:
        assert default_storage.exists(photo.file.name)
        assert (tmp_path / photo.file.name).is_file()


@pytest.mark.django_db
def test_the_demo_is_found_by_search(client, demo_site):
    # The search index is part of what is written back (on SQLite, its full-text table too).
    html = client.get("/search/?q=innovation").content.decode()
    assert "Innovation Park" in html


def test_a_test_that_starts_a_server_without_its_marker_fails(monkeypatch):
    monkeypatch.setattr(tiers, "current_markers", {"django_db"})
    with pytest.raises(pytest.fail.Exception, match=r"not marked @pytest.mark.varnish"):
        tiers.require_marker("varnish")
    monkeypatch.setattr(tiers, "current_markers", {"varnish"})
    tiers.require_marker("varnish")  # marked: nothing to say



def test_the_fast_tier_leaves_out_exactly_the_slow_markers():
    # One list in three places: tests/harness/tiers.py (the guard), pyproject.toml (registered) and the Makefile's test-fast.
    root = Path(__file__).resolve().parent.parent
    makefile = (root / "Makefile").read_text()
    left_out = re.search(r"^SLOW_TESTS := (.+)$", makefile, re.MULTILINE).group(1).split(" or ")
    assert sorted(left_out) == sorted(tiers.SLOW_MARKERS)
    registered = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["markers"]
    descriptions = dict(line.split(": ", 1) for line in registered)
    for marker, description in tiers.SLOW_MARKERS.items():
        assert descriptions[marker] == description, marker
