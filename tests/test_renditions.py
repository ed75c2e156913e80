"""Renditions are built on upload and on publish, never in a visitor's request."""

from django.template import Context, Template

import pytest

from history.factories import CaptionedImageFactory, MilestonePageFactory
from history.models import CaptionedImageRendition
from history.renditions import OPEN_GRAPH_FILTER_SPEC, PICTURE_FILTER_SPECS, photos_on_page


def test_the_site_uses_nine_responsive_renditions_per_photo():
    assert len(PICTURE_FILTER_SPECS) == 9
    assert "format-avif|width-480" in PICTURE_FILTER_SPECS
    assert "format-jpeg|width-1440" in PICTURE_FILTER_SPECS


@pytest.mark.django_db
def test_figure_template_shows_exactly_the_prebuilt_renditions():
    photo = CaptionedImageFactory()
    html = Template('{% include "history/includes/figure.html" with photo=photo %}').render(Context({"photo": photo}))
    built = photo.get_renditions(*PICTURE_FILTER_SPECS)
    for rendition in built.values():
        assert rendition.url in html
    assert html.count("<source") == 2 and html.count("<img") == 1  # avif, webp, jpeg fallback


@pytest.mark.django_db
@pytest.mark.usefixtures("media_storage")  # on the local disk and on S3 (SeaweedFS)
def test_uploaded_photo_gets_its_renditions_once_the_upload_is_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = CaptionedImageFactory()
    assert set(photo.renditions.values_list("filter_spec", flat=True)) == set(PICTURE_FILTER_SPECS)


@pytest.mark.django_db
@pytest.mark.usefixtures("media_storage")  # on the local disk and on S3 (SeaweedFS)
def test_publishing_builds_every_rendition_the_page_and_timeline_show(client, history_page):
    lead, in_body = CaptionedImageFactory(), CaptionedImageFactory()
    milestone = MilestonePageFactory(
        parent=history_page, slug="opening", live=False, lead_photo=lead, body=[("photo", {"image": in_body, "caption": ""})]
    )
    assert CaptionedImageRendition.objects.count() == 0  # uploads in a rolled-back test never commit
    milestone.save_revision().publish()
    assert set(lead.renditions.values_list("filter_spec", flat=True)) == {*PICTURE_FILTER_SPECS, OPEN_GRAPH_FILTER_SPEC}
    assert in_body.renditions.count() == len(PICTURE_FILTER_SPECS)
    built = CaptionedImageRendition.objects.count()
    for url in ("/our-history/", "/our-history/opening/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("<picture>") >= 1
    assert CaptionedImageRendition.objects.count() == built


@pytest.mark.django_db
def test_photos_on_page_finds_the_lead_photo_and_photos_in_the_body(history_page):
    lead, first, second = CaptionedImageFactory(), CaptionedImageFactory(), CaptionedImageFactory()
    milestone = MilestonePageFactory(
        parent=history_page,
        lead_photo=lead,
        body=[("paragraph", "<p>Text</p>"), ("photo", {"image": first, "caption": ""}), ("photo", {"image": second, "caption": ""})],
    )
    assert sorted(photo.pk for photo in photos_on_page(milestone)) == sorted([lead.pk, first.pk, second.pk])
