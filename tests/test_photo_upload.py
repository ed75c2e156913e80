"""Uploads keep no location or device data, stand the right way up and bring their credits along.

Every upload path is exercised through the admin as an editor would use it:
the single upload form, the multiple uploader (upload, then fill in the form),
the upload tab inside the image chooser and a new file in the edit form; and
a photo saved in code, as the demo loader saves one. The proof reads the stored
original and renditions back from storage, on the local disk and in an S3
bucket (a real SeaweedFS, tests/harness/s3_server.py).
"""

import hashlib
import io
import json

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import UploadedFile

import pytest
from PIL import Image as PILImage

from core.photo_files import clean_photo_bytes
from history.models import CaptionedImage
from tests.photo_uploads import GPS_IFD, LATITUDE, MAKE, MODEL, ORIENTATION, camera_jpeg, single_upload_data


def assert_no_location_or_device(data):
    """Read image bytes back and check that nothing locating or identifying survived."""
    with PILImage.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD)
        assert MAKE not in exif and MODEL not in exif
        assert "xmp" not in image.info and "photoshop" not in image.info
    assert b"SuperPhone" not in data and b"PhoneMaker" not in data


def stored_bytes(photo):
    with photo.file.open("rb") as stored:
        return stored.read()


@pytest.mark.django_db
@pytest.mark.usefixtures("media_storage")  # on the local disk and on S3 (SeaweedFS)
class TestFileReplacementAndCode:
    """The ways a file reaches a photo without an upload form: a new file in the edit form, and code."""

    def test_replacing_the_file_in_the_edit_form_stores_a_clean_file(self, admin_client, history_collection):
        admin_client.post("/admin/images/add/", single_upload_data(history_collection, camera_jpeg(size=(30, 20))))
        photo = CaptionedImage.objects.get()
        data = single_upload_data(history_collection, camera_jpeg(size=(60, 40), orientation=6))
        response = admin_client.post(f"/admin/images/{photo.pk}/", data)
        assert response.status_code == 302
        photo.refresh_from_db()
        stored = stored_bytes(photo)
        assert_no_location_or_device(stored)
        assert (photo.width, photo.height) == (40, 60)  # turned upright, and the new size recorded
        assert photo.file_size == len(stored)
        assert photo.file_hash == hashlib.sha1(stored).hexdigest()  # noqa: S324 - Wagtail's duplicate check

    def test_a_photo_saved_in_code_like_the_demo_loader_is_stored_clean(self, history_collection):
        photo = CaptionedImage(title="Founders", description="Two men", collection=history_collection)
        photo.file = ImageFile(io.BytesIO(camera_jpeg()), name="founders.jpg")
        photo.save()
        photo.refresh_from_db()
        stored = stored_bytes(photo)
        assert_no_location_or_device(stored)
        assert photo.credit == "Photo: Gunnar Kopperud"
        assert photo.file_size == len(stored)
        assert photo.file_hash == hashlib.sha1(stored).hexdigest()  # noqa: S324 - Wagtail's duplicate check

    def test_editing_a_photo_without_a_new_file_keeps_the_stored_file(self, admin_client, history_collection):
        admin_client.post("/admin/images/add/", single_upload_data(history_collection, camera_jpeg()))
        photo = CaptionedImage.objects.get()
        name, stored = photo.file.name, stored_bytes(photo)
        data = single_upload_data(history_collection, b"", caption="Changed caption")
        del data["file"]
        response = admin_client.post(f"/admin/images/{photo.pk}/", data)
        assert response.status_code == 302
        photo.refresh_from_db()
        assert (photo.caption, photo.file.name, stored_bytes(photo)) == ("Changed caption", name, stored)


def test_the_test_photo_really_carries_gps_and_device_data():
    """Guards the other tests: if the fixture lost its GPS, they would prove nothing."""
    data = camera_jpeg()
    with PILImage.open(io.BytesIO(data)) as image:
        assert image.getexif().get_ifd(GPS_IFD)[2] == LATITUDE
    assert b"SuperPhone" in data


@pytest.mark.django_db
@pytest.mark.usefixtures("media_storage")  # on the local disk and on S3 (SeaweedFS)
class TestSingleUpload:
    def test_stored_original_and_renditions_have_no_gps_or_device_data(self, admin_client, history_collection):
        response = admin_client.post("/admin/images/add/", single_upload_data(history_collection, camera_jpeg()))
        assert response.status_code == 302
        photo = CaptionedImage.objects.get()
        assert_no_location_or_device(stored_bytes(photo))
        for spec in ("width-30|format-jpeg", "width-30|format-png", "width-30|format-webp"):
            rendition = photo.get_rendition(spec)
            with rendition.file.open("rb") as rendered:
                assert_no_location_or_device(rendered.read())

    def test_orientation_is_applied_to_the_pixels(self, admin_client, history_collection):
        admin_client.post("/admin/images/add/", single_upload_data(history_collection, camera_jpeg(orientation=6)))
        photo = CaptionedImage.objects.get()
        # 60×40 landscape rotated 90° clockwise (orientation 6) stands as a 40×60 portrait.
        assert (photo.width, photo.height) == (40, 60)
        with PILImage.open(io.BytesIO(stored_bytes(photo))) as stored:
            assert stored.size == (40, 60)
            assert stored.getexif().get(ORIENTATION) in (None, 1)
            # The yellow top-left corner is now at the top right.
            assert stored.convert("RGB").getpixel((35, 5))[2] < 100
            assert stored.convert("RGB").getpixel((5, 55))[2] > 100
        assert photo.file_size == len(stored_bytes(photo))

    def test_empty_caption_credit_and_licence_are_filled_from_the_file(self, admin_client, history_collection):
        admin_client.post("/admin/images/add/", single_upload_data(history_collection, camera_jpeg()))
        photo = CaptionedImage.objects.get()
        assert photo.caption == "Kaare Norum and Jónas Einarsson at the Radium Hospital"
        assert photo.credit == "Photo: Gunnar Kopperud"
        assert photo.licence == "© Oslo Cancer Cluster"

    def test_what_the_contributor_typed_wins_over_embedded_data(self, admin_client, history_collection):
        data = single_upload_data(history_collection, camera_jpeg(), caption="At the opening", credit_name="OCC")
        admin_client.post("/admin/images/add/", data)
        photo = CaptionedImage.objects.get()
        assert (photo.caption, photo.credit_name, photo.licence) == ("At the opening", "OCC", "© Oslo Cancer Cluster")

    def test_missing_alt_text_is_a_field_error_and_nothing_is_stored(self, admin_client, history_collection):
        response = admin_client.post(
            "/admin/images/add/", single_upload_data(history_collection, camera_jpeg(), description="")
        )
        assert response.status_code == 200
        assert "Add alt text" in response.context["form"].errors["description"][0]
        assert not CaptionedImage.objects.exists()

    @pytest.mark.parametrize(
        "name,content",
        [
            ("notes.jpg", b"This is a text file, not a picture."),
            ("cut-off.jpg", camera_jpeg(size=(400, 300))[:900]),
            ("empty.jpg", b""),
        ],
    )
    def test_bad_files_get_a_form_error_not_a_500(self, admin_client, history_collection, name, content):
        data = single_upload_data(history_collection, b"")
        data["file"] = SimpleUploadedFile(name, content, content_type="image/jpeg")
        response = admin_client.post("/admin/images/add/", data)
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not CaptionedImage.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("media_storage")  # on the local disk and on S3 (SeaweedFS)
class TestMultipleUpload:
    def test_upload_then_describe_stores_a_clean_file_with_credits(self, admin_client, history_collection):
        response = admin_client.post(
            "/admin/images/multiple/add/",
            {
                "files[]": SimpleUploadedFile("opening.jpg", camera_jpeg(), content_type="image/jpeg"),
                "collection": history_collection.pk,
            },
        )
        result = json.loads(response.content)
        # Alt text is required, so Wagtail keeps the file aside and asks for the form first.
        assert result["success"] and "uploaded_file_id" in result
        assert not CaptionedImage.objects.exists()
        upload_id = result["uploaded_file_id"]

        prefix = f"uploaded-image-{upload_id}"
        fields = {"title": "Opening", "description": "", "caption": "", "credit_role": "photo", "credit_name": "",
                  "long_description": "", "licence": "", "tags": "", "collection": history_collection.pk}
        url = f"/admin/images/multiple/create_from_uploaded_image/{upload_id}/"
        refused = json.loads(admin_client.post(url, {f"{prefix}-{k}": v for k, v in fields.items()}).content)
        assert not refused["success"] and not CaptionedImage.objects.exists()

        fields["description"] = "Erna Solberg speaking at a lectern"
        saved = json.loads(admin_client.post(url, {f"{prefix}-{k}": v for k, v in fields.items()}).content)
        assert saved["success"]
        photo = CaptionedImage.objects.get()
        assert_no_location_or_device(stored_bytes(photo))
        assert (photo.width, photo.height) == (40, 60)
        assert photo.credit == "Photo: Gunnar Kopperud"
        assert not UploadedFile.objects.exists()  # the raw upload is gone
        rendition = photo.get_rendition("width-20|format-jpeg")
        with rendition.file.open("rb") as rendered:
            assert_no_location_or_device(rendered.read())

    def test_a_bad_file_is_refused_with_a_message(self, admin_client, history_collection):
        response = admin_client.post(
            "/admin/images/multiple/add/",
            {"files[]": SimpleUploadedFile("cut.jpg", camera_jpeg(size=(400, 300))[:900]), "collection": history_collection.pk},
        )
        assert response.status_code == 200
        result = json.loads(response.content)
        assert not result["success"] and "could not be read" in result["error_message"]
        assert not UploadedFile.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("media_storage")  # on the local disk and on S3 (SeaweedFS)
class TestChooserUpload:
    def post(self, client, collection, content, **fields):
        data = single_upload_data(collection, content, **fields)
        return client.post("/admin/images/chooser/create/", {f"image-chooser-upload-{k}": v for k, v in data.items()})

    def test_chooser_upload_stores_a_clean_file(self, admin_client, history_collection):
        response = self.post(admin_client, history_collection, camera_jpeg())
        assert response.status_code == 200
        assert json.loads(response.content)["step"] == "chosen"
        photo = CaptionedImage.objects.get()
        assert_no_location_or_device(stored_bytes(photo))
        assert photo.caption.startswith("Kaare Norum")

    def test_chooser_upload_without_alt_text_shows_the_error(self, admin_client, history_collection):
        response = self.post(admin_client, history_collection, camera_jpeg(), description="")
        assert response.status_code == 200
        payload = json.loads(response.content)
        assert payload["step"] != "chosen" and "Add alt text" in payload["htmlFragment"]
        assert not CaptionedImage.objects.exists()

    def test_chooser_upload_of_a_bad_file_shows_the_error(self, admin_client, history_collection):
        response = self.post(admin_client, history_collection, b"%PDF-1.4 not a picture")
        assert response.status_code == 200
        assert json.loads(response.content)["step"] != "chosen"
        assert not CaptionedImage.objects.exists()


def test_clean_files_are_kept_byte_for_byte():
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 10), "green").save(buffer, format="PNG")
    cleaned = clean_photo_bytes(buffer.getvalue())
    assert cleaned.content is None and cleaned.removed == ()


def test_png_text_and_exif_chunks_are_removed():
    from PIL.PngImagePlugin import PngInfo

    exif = PILImage.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: LATITUDE})
    exif[MODEL] = "SuperPhone 15 Pro"
    info = PngInfo()
    info.add_text("Comment", "taken at home, SuperPhone")
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 10), "green").save(buffer, format="PNG", exif=exif, pnginfo=info)
    cleaned = clean_photo_bytes(buffer.getvalue())
    assert cleaned.content is not None
    assert_no_location_or_device(cleaned.content)
    with PILImage.open(io.BytesIO(cleaned.content)) as image:
        assert not image.text


def test_xmp_and_iptc_credits_are_read():
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Illustration of the fourth section</rdf:li></rdf:Alt></dc:description>'
        "<dc:creator><rdf:Seq><rdf:li>Dark Arkitekter</rdf:li></rdf:Seq></dc:creator>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 10), "white").save(buffer, format="JPEG", xmp=xmp.encode())
    cleaned = clean_photo_bytes(buffer.getvalue())
    assert cleaned.credits.caption == "Illustration of the fourth section"
    assert cleaned.credits.credit_name == "Dark Arkitekter"
    assert b"Dark Arkitekter" not in cleaned.content
