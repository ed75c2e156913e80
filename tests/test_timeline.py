"""The history page: chronological, grouped by year, constant queries, no drafts."""

from django.db import connection

import pytest

from history.factories import AwardEventFactory, AwardPageFactory, CaptionedImageFactory, MilestonePageFactory
from history.timeline import timeline_entries
from tests.queries import render_count


def add_milestones(history_page, count, start=0):
    for n in range(start, start + count):
        MilestonePageFactory(parent=history_page, slug=f"m-{n}", lead_photo=CaptionedImageFactory())


@pytest.mark.django_db
def test_history_page_query_count_does_not_grow_with_milestones(client, history_page, django_assert_num_queries):
    award = AwardPageFactory(parent=history_page, slug="gold")
    AwardEventFactory(award=award)
    add_milestones(history_page, 5)
    client.get("/our-history/")  # warm the site-root cache and renditions
    baseline = render_count(client, "/our-history/")
    add_milestones(history_page, 45, start=5)
    client.get("/our-history/")  # renditions for the new photos are made once here
    connection.queries_log.clear()
    with django_assert_num_queries(baseline):
        response = client.get("/our-history/")
    # 51 entries: more than one page holds (history.timeline.TIMELINE_PAGE_SIZE), so two pages.
    html = response.content.decode() + client.get("/our-history/?page=2").content.decode()
    assert html.count('class="entry ') == 51


@pytest.mark.django_db
def test_entries_are_chronological_with_award_events_in_place(history_page):
    MilestonePageFactory(parent=history_page, slug="late", year=2024)
    MilestonePageFactory(parent=history_page, slug="early", year=2006)
    award = AwardPageFactory(parent=history_page, slug="gold-label", title="Gold Label")
    AwardEventFactory(award=award, year=2019, month=12)
    AwardEventFactory(award=award, event_type="renewed", year=2022, month=12, score=94)
    entries = timeline_entries(history_page)
    assert [e.display_date for e in entries] == ["2006", "December 2019", "December 2022", "2024"]
    assert entries[2].score == "94%"
    assert entries[2].anchor == "event-gold-label-renewed-2022-12"


@pytest.mark.django_db
def test_unpublished_milestone_is_invisible_to_visitors(client, history_page):
    published = MilestonePageFactory(parent=history_page, slug="published", title="Published milestone")
    draft = MilestonePageFactory(parent=history_page, slug="secret", title="Secret draft milestone", live=False)
    draft.save_revision()
    page = client.get("/our-history/").content.decode()
    assert published.title in page
    assert "Secret draft milestone" not in page
    assert client.get("/our-history/secret/").status_code == 404
    assert client.get("/our-history/published/").status_code == 200


@pytest.mark.django_db
def test_saved_draft_of_a_live_milestone_is_not_shown(client, history_page):
    milestone = MilestonePageFactory(parent=history_page, slug="edited", title="Original headline")
    milestone.title = "Unapproved new headline"
    milestone.save_revision()
    page = client.get("/our-history/").content.decode()
    assert "Original headline" in page
    assert "Unapproved new headline" not in page
