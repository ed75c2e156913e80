"""A page slug the history page answers itself (its sub-routes) is refused, wherever the page comes from."""

from django.core.exceptions import ValidationError

from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from history.factories import MilestonePageFactory
from history.models import AwardPage, MilestonePage

MILESTONE_FORM = {
    "title": "Interactive timeline",
    "date_precision": "year",
    "year": 2020,
    "month": "",
    "day": "",
    "kind": "other",
    "summary": "A milestone whose headline happens to name a sub-route.",
    "lead_photo": "",
    "related_award": "",
    "body": streamfield([]),
}


@pytest.mark.django_db
def test_the_admin_form_refuses_a_sub_route_slug_on_the_slug_field(admin_client, history_page):
    response = admin_client.post(
        f"/admin/pages/add/history/milestonepage/{history_page.pk}/",
        nested_form_data({**MILESTONE_FORM, "slug": "interactive-timeline", "action-publish": "action-publish"}),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "slug" in form.errors
    assert "is an address the history page uses itself" in str(form.errors["slug"])
    assert not MilestonePage.objects.filter(slug="interactive-timeline").exists()
    # The visitor still gets the history page's own view at that address.
    assert "interactive timeline" in admin_client.get("/our-history/interactive-timeline/").content.decode()


@pytest.mark.django_db
def test_renaming_an_existing_milestone_to_a_sub_route_is_refused_too(admin_client, history_page):
    milestone = MilestonePageFactory(parent=history_page, slug="fine", title="Fine")
    data = {**MILESTONE_FORM, "title": "Fine", "slug": "interactive-timeline"}
    response = admin_client.post(f"/admin/pages/{milestone.pk}/edit/", nested_form_data(data))
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    milestone.refresh_from_db()
    assert milestone.slug == "fine"


@pytest.mark.django_db
def test_an_ordinary_slug_is_accepted(admin_client, history_page):
    response = admin_client.post(
        f"/admin/pages/add/history/milestonepage/{history_page.pk}/",
        nested_form_data({**MILESTONE_FORM, "title": "Timeline", "slug": "timeline"}),
    )
    assert response.status_code == 302
    assert MilestonePage.objects.filter(slug="timeline").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", [MilestonePage, AwardPage])
def test_code_that_adds_pages_is_refused_the_same_way(history_page, model):
    fields = {"summary": "S."}
    if model is MilestonePage:
        fields |= {"year": 2020, "date_precision": "year", "kind": "other"}
    else:
        fields |= {"awarding_body": "A body"}
    with pytest.raises(ValidationError) as error:
        history_page.add_child(instance=model(title="Clash", slug="interactive-timeline", **fields))
    assert "slug" in error.value.message_dict
    assert not model.objects.filter(slug="interactive-timeline").exists()


@pytest.mark.django_db
def test_an_import_refuses_a_sub_route_slug_with_its_line(history_page):
    from history.importing import import_timeline

    data = (
        b"type,date,headline,kind,summary,slug\n"
        b"milestone,2020,Fine headline,other,A summary.,fine-headline\n"
        b"milestone,2021,Interactive timeline,other,A summary.,\n"
    )
    report = import_timeline(history_page=history_page, data=data, file_format="csv", dry_run=False)
    assert not report.ok
    problems = [str(problem) for problem in report.problems]
    assert any("3" in problem and "interactive-timeline" in problem for problem in problems), problems
    assert not MilestonePage.objects.exists()  # all or nothing
