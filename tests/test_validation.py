"""Bad input in the admin gets a clear message on the field, and nothing is half-saved."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from PIL import Image as PILImage

from history.dates import DatePrecision, format_precise_date, iso_precise_date, validate_precise_date
from history.models import AwardPage, CaptionedImage, MilestonePage
from tests.admin_forms import milestone_form
from tests.signin import log_in_verified


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "a-long-test-password")
    log_in_verified(client, user)
    return client


def post_milestone(client, history_page, **overrides):
    return client.post(f"/admin/pages/add/history/milestonepage/{history_page.pk}/", milestone_form(**overrides))


@pytest.mark.django_db
class TestMilestoneDates:
    def test_day_under_year_precision_is_refused_on_the_day_field(self, admin_client_logged_in, history_page):
        response = post_milestone(admin_client_logged_in, history_page, month=4, day=12)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "day" in errors and "year only" in errors["day"][0]
        assert "month" in errors
        assert not MilestonePage.objects.filter(slug="a-milestone").exists()

    def test_month_under_year_precision_is_refused(self, admin_client_logged_in, history_page):
        response = post_milestone(admin_client_logged_in, history_page, month=5)
        assert "month" in response.context["form"].errors
        assert not MilestonePage.objects.exists()

    def test_month_precision_needs_a_month(self, admin_client_logged_in, history_page):
        response = post_milestone(admin_client_logged_in, history_page, date_precision="month")
        assert "Choose the month" in response.context["form"].errors["month"][0]
        assert not MilestonePage.objects.exists()

    def test_impossible_day_is_refused(self, admin_client_logged_in, history_page):
        response = post_milestone(admin_client_logged_in, history_page, date_precision="day", month=2, day=30)
        assert "has no day 30" in response.context["form"].errors["day"][0]
        assert not MilestonePage.objects.exists()

    def test_valid_day_precision_is_saved_and_shown(self, admin_client_logged_in, history_page):
        response = post_milestone(admin_client_logged_in, history_page, date_precision="day", year=2023, month=4, day=12)
        assert response.status_code == 302
        milestone = MilestonePage.objects.get(slug="a-milestone")
        assert milestone.display_date == "12 April 2023"
        assert milestone.iso_date == "2023-04-12"


def test_precise_date_formats():
    import datetime

    assert format_precise_date(datetime.date(2006, 1, 1), DatePrecision.YEAR) == "2006"
    assert format_precise_date(datetime.date(2015, 5, 1), DatePrecision.MONTH) == "May 2015"
    assert iso_precise_date(datetime.date(2015, 5, 1), DatePrecision.MONTH) == "2015-05"
    assert iso_precise_date(datetime.date(2006, 1, 1), DatePrecision.YEAR) == "2006"
    assert validate_precise_date(year=2019, month=12, day=None, precision="month") == datetime.date(2019, 12, 1)


def award_form(score):
    return nested_form_data({
        "title": "Gold Label", "slug": "gold-label", "awarding_body": "ECEI", "summary": "Highest.",
        "lead_photo": "", "website": "", "body": streamfield([]),
        "events": inline_formset([{
            "event_type": "renewed", "date_precision": "month", "year": 2022, "month": 12, "day": "",
            "headline": "", "score": score, "note": "",
        }], min=1),
        "action-publish": "action-publish",
    })


@pytest.mark.django_db
@pytest.mark.parametrize("score,message", [("101", "above 100%"), ("-1", "below 0%")])
def test_award_score_outside_0_to_100_is_refused(admin_client_logged_in, history_page, score, message):
    response = admin_client_logged_in.post(f"/admin/pages/add/history/awardpage/{history_page.pk}/", award_form(score))
    assert response.status_code == 200
    formset = response.context["form"].formsets["events"]
    assert message in str(formset.forms[0].errors["score"])
    assert not AwardPage.objects.exists()


def jpeg_upload(name="photo.jpg"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), "blue").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.django_db
class TestPhotoAltText:
    def post_photo(self, client, **fields):
        data = {"title": "Founders", "file": jpeg_upload(), "caption": "", "credit_role": "photo", "credit_name": "",
                "long_description": "", "licence": "", "tags": "", "collection": 1, "description": ""}
        data.update(fields)
        return client.post("/admin/images/add/", data)

    def test_photo_without_alt_text_is_refused(self, admin_client_logged_in):
        response = self.post_photo(admin_client_logged_in)
        assert response.status_code == 200
        assert "Add alt text" in response.context["form"].errors["description"][0]
        assert CaptionedImage.objects.count() == 0

    def test_decorative_photo_needs_no_alt_text(self, admin_client_logged_in):
        response = self.post_photo(admin_client_logged_in, is_decorative="on")
        assert response.status_code == 302
        photo = CaptionedImage.objects.get()
        assert photo.is_decorative and photo.default_alt_text == ""

    def test_photo_with_alt_text_is_saved(self, admin_client_logged_in):
        response = self.post_photo(admin_client_logged_in, description="Two men in suits", credit_name="Gunnar Kopperud")
        assert response.status_code == 302
        photo = CaptionedImage.objects.get()
        assert photo.default_alt_text == "Two men in suits"
        assert photo.credit == "Photo: Gunnar Kopperud"
