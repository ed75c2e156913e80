"""Hostile uploads through the Wagtail image forms.

Each bad file is a form error, never a 500, and nothing is saved: no photo row,
no stray upload row, no file left in the media storage (the local disk, or an
S3 bucket on a real SeaweedFS).
"""

import io
import struct
import zlib
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

import pytest
from PIL import Image

from core.media_storage import stored_names

HTML_TITLE = 'Harbour view <script>alert("title")</script>'
HTML_FILENAME = '<img src=x onerror=alert(1)>.png'


def png_bytes(width=40, height=30, color="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def decompression_bomb_png(width=20_000, height=10_000):
    """A valid 1-bit PNG of width×height black pixels: a few KB on disk, 200 megapixels decoded."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def animated_gif(frames, size):
    images = [Image.new("P", size, color=n % 200) for n in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return buffer.getvalue()


def oversized_png():
    """A real PNG padded past WAGTAILIMAGES_MAX_UPLOAD_SIZE (bytes after IEND are ignored by decoders)."""
    return png_bytes() + b"\x00" * (settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 1024)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'

HOSTILE_FILES = {
    "over the size limit": ("big.png", oversized_png, "This file is too big"),
    "decompression bomb": ("bomb.png", decompression_bomb_png, "too many pixels"),
    "animated GIF over the frame×pixel limit": (
        "frames.gif",
        lambda: animated_gif(11, (2000, 2000)),  # 11 × 4 megapixels > 40 megapixels
        "too many pixels",
    ),
    "text file named .png": ("notes.png", lambda: b"Just some text, not a picture.\n" * 20, "Upload a valid image"),
    "PNG bytes named .jpg": ("photo.jpg", png_bytes, "Not a valid .jpeg image"),
    "SVG": ("drawing.svg", lambda: SVG, "Not a supported image format"),
    "HTML in the file name of a non-image": (HTML_FILENAME, lambda: b"<html>nope</html>", "Not a valid .png image"),
}


def media_files():
    """Every file in the media storage (the local disk or the S3 bucket)."""
    return set(stored_names())


def metadata(**extra):
    return {
        "title": "An upload",
        "description": "Alt text for the upload",
        "caption": "A caption",
        "credit_role": "photo",
        "credit_name": "A Photographer",
        "collection": Collection.get_first_root_node().id,
        **extra,
    }


def test_the_gif_really_is_small_on_disk_but_over_the_limit_when_decoded():
    gif = animated_gif(11, (2000, 2000))
    image = Image.open(io.BytesIO(gif))
    assert image.n_frames == 11
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS < 11 * 2000 * 2000
    assert len(decompression_bomb_png()) < 64 * 1024


@pytest.mark.usefixtures("media_storage")  # on the local disk and on S3 (SeaweedFS)
@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_single_upload_refuses_with_a_form_error(admin_client, case):
    name, make, message = HOSTILE_FILES[case]
    before = media_files()
    response = admin_client.post(
        reverse("wagtailimages:add"), metadata(file=SimpleUploadedFile(name, make(), content_type="image/png"))
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in str(error) for error in errors), errors
    html = response.content.decode()
    assert "<img src=x onerror" not in html
    assert get_image_model().objects.count() == 0
    assert media_files() == before


@pytest.mark.usefixtures("media_storage")
@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_multiple_upload_refuses_with_an_error_message(admin_client, case):
    name, make, message = HOSTILE_FILES[case]
    before = media_files()
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, make(), content_type="image/png"),
         "collection": Collection.get_first_root_node().id},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert message in body["error_message"]
    assert "<" not in body["error_message"]
    assert get_image_model().objects.count() == 0
    assert UploadedFile.objects.count() == 0
    assert media_files() == before


@pytest.mark.usefixtures("media_storage")
def test_a_good_upload_with_html_in_title_and_file_name_is_escaped_everywhere(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is updated on commit
        response = admin_client.post(
            reverse("wagtailimages:add"),
            metadata(title=HTML_TITLE, file=SimpleUploadedFile(HTML_FILENAME, png_bytes(), content_type="image/png")),
        )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    image = get_image_model().objects.get()
    assert image.title == HTML_TITLE
    stored_name = Path(image.file.name).name
    assert "<" not in stored_name and ">" not in stored_name  # the storage cleans the file name

    escaped_title = "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;"
    pages = {
        "listing": admin_client.get(reverse("wagtailimages:index")).content.decode(),
        "edit": admin_client.get(reverse("wagtailimages:edit", args=[image.id])).content.decode(),
        "chooser": admin_client.get(reverse("wagtailimages_chooser:choose")).json()["html"],
        "chooser search": admin_client.get(
            reverse("wagtailimages_chooser:choose_results"), {"q": "harbour"}
        ).content.decode(),
        "delete": admin_client.get(reverse("wagtailimages:delete", args=[image.id])).content.decode(),
    }
    for where, html in pages.items():
        assert HTML_TITLE not in html, where
        assert "<img src=x onerror" not in html, where
        assert escaped_title in html or "&lt;script&gt;" in html, where


def test_multiple_upload_with_html_in_the_file_name_escapes_it_in_the_edit_form(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(HTML_FILENAME, png_bytes(), content_type="image/png"),
         "collection": Collection.get_first_root_node().id},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    body = response.json()
    assert body["success"] is True
    # Alt text is required, so the file waits as an upload until the editor fills in the form.
    assert "<img src=x onerror" not in body["form"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in body["form"]


@pytest.mark.usefixtures("media_storage")
def test_a_small_animation_is_still_welcome(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        metadata(file=SimpleUploadedFile("wave.gif", animated_gif(3, (100, 80)), content_type="image/gif")),
    )
    assert response.status_code == 302
    assert get_image_model().objects.get().file.name.endswith(".gif")


def test_the_animation_error_says_what_is_wrong(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        metadata(file=SimpleUploadedFile("frames.gif", animated_gif(11, (2000, 2000)), content_type="image/gif")),
    )
    assert response.context["form"].errors["file"] == [
        "This animation has too many pixels: 11 frames of 2000×2000. The limit is 40,000,000 pixels, counting every frame."
    ]
