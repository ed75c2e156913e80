"""Which edit purges which cache tags, softly or hard (occ_site.signals), without a real Varnish:
the purge requests the task sends are recorded instead. tests/front_cache/test_front_cache.py proves the
same against varnishd."""

import pytest

from core.cache_tags import ALL_PAGES_TAG, ALL_PHOTOS_TAG, children_tag, page_tag, photo_tag, settings_tag
from history.factories import CaptionedImageFactory, MilestonePageFactory
from occ_site import tasks
from occ_site.models import SiteSettings


class Sent:
    def __init__(self):
        self.purges = []

    def __call__(self, request, timeout=None):
        headers = {name.lower(): value for name, value in request.header_items()}
        kind = "hard" if "xkey-purge" in headers else "soft"
        self.purges.append((request.get_method(), kind, set(headers[f"xkey-{'purge' if kind == 'hard' else 'softpurge'}"].split())))
        return Answer()


class Answer:
    headers = {"X-Invalidated": "1"}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def sent(settings, monkeypatch):
    settings.FRONT_CACHE_XKEY_URL = "http://varnish.invalid:80"
    recorder = Sent()
    monkeypatch.setattr(tasks, "urlopen", recorder)
    return recorder


@pytest.mark.django_db
def test_publishing_purges_the_page_and_its_listing_softly_and_unpublishing_hard(
    history_page, sent, django_capture_on_commit_callbacks
):
    earlier = MilestonePageFactory(parent=history_page, slug="earlier", year=2006)
    milestone = MilestonePageFactory(parent=history_page, slug="new", year=2010, live=False)
    sent.purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        milestone.save_revision().publish()
    [(method, kind, tags)] = sent.purges
    assert (method, kind) == ("PURGE", "soft")
    assert {page_tag(milestone), children_tag(history_page), ALL_PAGES_TAG, page_tag(earlier)} <= tags
    sent.purges.clear()
    milestone.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        milestone.unpublish()
    [(method, kind, tags)] = sent.purges
    assert kind == "hard" and {page_tag(milestone), children_tag(history_page)} <= tags


@pytest.mark.django_db
def test_a_photo_edit_purges_that_photo_only_and_a_new_photo_nothing(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = CaptionedImageFactory()
    assert sent.purges == []
    with django_capture_on_commit_callbacks(execute=True):
        photo.caption = "A new caption"
        photo.save()
    assert sent.purges == [("PURGE", "soft", {photo_tag(photo), ALL_PHOTOS_TAG})]


@pytest.mark.django_db
def test_a_settings_edit_purges_that_sites_settings_softly(site_root, sent, django_capture_on_commit_callbacks):
    row, _ = SiteSettings.objects.get_or_create(site=site_root.get_site())
    with django_capture_on_commit_callbacks(execute=True):
        row.organisation_name = "OCC, renamed"
        row.save()
    assert sent.purges == [("PURGE", "soft", {settings_tag(row.site_id)})]


@pytest.mark.django_db
def test_drafts_purge_nothing(history_page, sent, django_capture_on_commit_callbacks):
    milestone = MilestonePageFactory(parent=history_page, slug="draft", year=2010)
    sent.purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        milestone.title = "A draft title"
        milestone.save_revision()
    assert sent.purges == []
