"""Photos as cameras and phones write them, and the admin's upload form data."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image as PILImage

GPS_IFD = 0x8825
MAKE, MODEL, ORIENTATION = 0x010F, 0x0110, 0x0112
DESCRIPTION, ARTIST, COPYRIGHT = 0x010E, 0x013B, 0x8298
# Oslo, Montebello: what must not leak.
LATITUDE = (59.0, 55.0, 31.0)


def camera_jpeg(*, orientation=6, description="Kaare Norum and Jónas Einarsson at the Radium Hospital", size=(60, 40)):
    """A JPEG as a phone writes it: GPS position, camera make and model, rotated by EXIF, with credits."""
    image = PILImage.new("RGB", size, "navy")
    image.paste("yellow", (0, 0, size[0] // 2, size[1] // 2))  # an asymmetric mark, to see rotation
    exif = PILImage.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "SuperPhone 15 Pro"
    exif[ORIENTATION] = orientation
    if description:
        exif[DESCRIPTION] = description.encode("utf-8")  # as phones and photo editors write it
    exif[ARTIST] = "Gunnar Kopperud"
    exif[COPYRIGHT] = "© Oslo Cancer Cluster".encode()
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: LATITUDE, 3: "E", 4: (10.0, 46.0, 12.0)})
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def single_upload_data(collection, content, **fields):
    data = {
        "title": "Founders",
        "file": SimpleUploadedFile("founders.jpg", content, content_type="image/jpeg"),
        "description": "Two men in suits shaking hands",
        "caption": "",
        "credit_role": "photo",
        "credit_name": "",
        "long_description": "",
        "licence": "",
        "tags": "",
        "collection": collection.pk,
    }
    data.update(fields)
    return data
