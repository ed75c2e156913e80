"""Editors preview a milestone, or an award's events, as they would stand on the timeline."""


from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from history.factories import AwardEventFactory, AwardPageFactory, CaptionedImageFactory, MilestonePageFactory


@pytest.fixture
def timeline(history_page):
    for year in range(2001, 2011):
        MilestonePageFactory(parent=history_page, slug=f"m-{year}", title=f"Milestone of {year}", year=year)
    return history_page


def milestone_form(page, **changes):
    data = {
        "title": page.title, "slug": page.slug, "date_precision": page.date_precision, "year": page.year,
        "month": page.month or "", "day": page.day or "", "kind": page.kind, "summary": page.summary,
        "lead_photo": page.lead_photo_id or "", "related_award": "", "body": streamfield([]),
    }
    data.update(changes)
    return nested_form_data(data)


def entry_ids(html):
    import re

    return re.findall(r'<li class="entry entry--[a-z]+" id="([^"]+)"', html)


@pytest.mark.django_db
def test_a_milestone_previews_on_the_timeline_among_its_new_neighbours(admin_client, timeline, client):
    photo = CaptionedImageFactory(caption="The new photo's caption")
    milestone = MilestonePageFactory(parent=timeline, slug="moving", title="Live headline", year=2002)
    preview_url = f"/admin/pages/{milestone.pk}/edit/preview/"
    form = milestone_form(milestone, title="Draft headline", year=2008, lead_photo=photo.pk)
    assert admin_client.post(preview_url + "?mode=timeline", form).json()["is_valid"]
    html = admin_client.get(preview_url + "?mode=timeline").content.decode()
    shown = entry_ids(html)
    assert "event-moving" in shown and len(shown) == 5
    assert shown.index("event-moving") == 2  # two neighbours on each side, in date order
    assert shown == ["event-m-2007", "event-m-2008", "event-moving", "event-m-2009", "event-m-2010"]
    assert "Draft headline" in html and "Live headline" not in html
    assert '<h2 class="timeline__year-heading">2008</h2>' in html
    assert "The new photo&#x27;s caption" in html or "The new photo's caption" in html
    assert 'class="timeline"' in html and "<h1>Our history</h1>" in html  # the public template
    # Its own page is the other mode, and visitors see neither.
    assert "Draft headline" in admin_client.get(preview_url).content.decode()
    public = client.get("/our-history/").content.decode()
    assert "Draft headline" not in public and "Live headline" in public


@pytest.mark.django_db
def test_a_new_milestone_previews_on_the_timeline_before_it_is_saved(admin_client, timeline):
    preview_url = f"/admin/pages/add/history/milestonepage/{timeline.pk}/preview/"
    form = nested_form_data({
        "title": "Not saved yet", "slug": "not-saved-yet", "date_precision": "year", "year": 2001, "month": "",
        "day": "", "kind": "other", "summary": "A summary.", "lead_photo": "", "related_award": "",
        "body": streamfield([]),
    })
    assert admin_client.post(preview_url + "?mode=timeline", form).json()["is_valid"]
    html = admin_client.get(preview_url + "?mode=timeline").content.decode()
    assert entry_ids(html)[:3] == ["event-m-2001", "event-not-saved-yet", "event-m-2002"]


@pytest.mark.django_db
def test_an_award_previews_its_latest_event_on_the_timeline(admin_client, timeline, client):
    award = AwardPageFactory(parent=timeline, slug="gold-label", title="Gold Label")
    AwardEventFactory(award=award, year=2003, month=12)
    preview_url = f"/admin/pages/{award.pk}/edit/preview/"
    event = award.events.get()
    form = nested_form_data({
        "title": "Gold Label", "slug": "gold-label", "awarding_body": "ECEI", "summary": "The highest recognition.",
        "lead_photo": "", "website": "", "body": streamfield([]),
        "events": inline_formset([
            {"id": event.pk, "event_type": "awarded", "date_precision": "month", "year": 2003, "month": 12, "day": "",
             "headline": "", "score": "", "note": ""},
            {"event_type": "renewed", "date_precision": "month", "year": 2006, "month": 12, "day": "",
             "headline": "", "score": "94", "note": "Renewed with a high score."},
        ], min=1),
    })
    assert admin_client.post(preview_url + "?mode=timeline", form).json()["is_valid"]
    html = admin_client.get(preview_url + "?mode=timeline").content.decode()
    shown = entry_ids(html)
    assert shown[2] == "event-gold-label-renewed-2006-12"
    assert "Overall score: 94%" in html and "Renewed with a high score." in html
    assert "94%" not in client.get("/our-history/").content.decode()
