"""What happens to a photo file when it is uploaded.

Cameras and phones write where a picture was taken (EXIF GPS), which device
took it (make, model, serial number) and more into the file. None of it is
needed on the website and the location can put people at risk, so the stored
original keeps only the pixels and its colour profile; the EXIF orientation is
applied to the pixels first so the photo still stands the right way up.
Renditions are made from that clean original, so they are clean too.

Before the metadata goes, the caption, photographer and copyright that
agencies and photographers embed (IPTC, XMP, EXIF) are read so that they can
fill the photo's empty caption, credit and licence fields.
"""

import contextlib
import io
import logging
import os
import posixpath
import struct
from dataclasses import dataclass

from django.core.files.base import ContentFile

from wagtail.utils.file import hash_filelike

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from PIL import Image as PILImage
from PIL import ImageOps, IptcImagePlugin

logger = logging.getLogger(__name__)

# What survives in the cleaned file: how it looks, nothing about who, where or with what.
KEPT_INFO = {"icc_profile", "transparency", "dpi", "loop", "duration", "background", "gamma", "srgb"}
# What counts as metadata worth re-encoding the file for.
METADATA_INFO = {"exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment", "iptc", "Description", "Comment"}

EXIF_ORIENTATION = 0x0112
EXIF_IMAGE_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298
IPTC_CAPTION = (2, 120)
IPTC_BY_LINE = (2, 80)
IPTC_COPYRIGHT = (2, 116)

XMP_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}

# Descriptions cameras write by themselves; they say nothing about the picture.
CAMERA_DEFAULT_DESCRIPTIONS = {"olympus digital camera", "sony dsc", "digital camera", "default", "image", "picture"}

CAPTION_MAX_LENGTH = 500
NAME_MAX_LENGTH = 255


class UnreadablePhoto(Exception):
    """The file looked like an image but its pixels cannot be decoded (truncated, corrupt, unsupported)."""


@dataclass(frozen=True)
class EmbeddedCredits:
    caption: str = ""
    credit_name: str = ""
    licence: str = ""


@dataclass(frozen=True)
class CleanedPhoto:
    content: bytes | None  # None: the file carried nothing to remove and is kept byte for byte
    credits: EmbeddedCredits
    removed: tuple = ()


def _text(value, max_length):
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            value = value.decode("latin-1")
    elif isinstance(value, str):
        # Pillow reads EXIF text as Latin-1; cameras and editors write UTF-8 (“JÃ³nas” → “Jónas”).
        with contextlib.suppress(UnicodeError):
            value = value.encode("latin-1").decode("utf-8")
    text = " ".join(str(value or "").replace("\x00", " ").split())
    return text[:max_length]


def _xmp_values(xmp):
    """dc:description, dc:creator and dc:rights from an XMP packet (first language alternative)."""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8")
    start, end = xmp.find(b"<x:xmpmeta"), xmp.rfind(b"</x:xmpmeta>")
    if start == -1 or end == -1:
        return {}
    try:
        root = ElementTree.fromstring(xmp[start : end + len(b"</x:xmpmeta>")])
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return {}
    values = {}
    for name in ("description", "creator", "rights"):
        items = root.findall(f".//dc:{name}//rdf:li", XMP_NAMESPACES)
        texts = [item.text.strip() for item in items if item.text and item.text.strip()]
        if texts:
            values[name] = ", ".join(texts) if name == "creator" else texts[0]
    return values


def read_embedded_credits(image):
    """Caption, photographer and copyright embedded by a camera, agency or photo editor.

    IPTC is preferred (what agencies fill in), then XMP, then plain EXIF.
    """
    try:
        iptc = IptcImagePlugin.getiptcinfo(image) or {}
    except (SyntaxError, OSError, ValueError, IndexError, struct.error):
        iptc = {}
    xmp = _xmp_values(image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b"")
    exif = image.getexif()

    def first(*candidates, max_length):
        for candidate in candidates:
            text = _text(candidate, max_length)
            if text and text.lower() not in CAMERA_DEFAULT_DESCRIPTIONS:
                return text
        return ""

    return EmbeddedCredits(
        caption=first(
            iptc.get(IPTC_CAPTION), xmp.get("description"), exif.get(EXIF_IMAGE_DESCRIPTION), max_length=CAPTION_MAX_LENGTH
        ),
        credit_name=first(iptc.get(IPTC_BY_LINE), xmp.get("creator"), exif.get(EXIF_ARTIST), max_length=NAME_MAX_LENGTH),
        licence=first(iptc.get(IPTC_COPYRIGHT), xmp.get("rights"), exif.get(EXIF_COPYRIGHT), max_length=NAME_MAX_LENGTH),
    )


def _metadata_found(image):
    found = [key for key in image.info if key in METADATA_INFO and image.info[key]]
    # PNG text chunks (tEXt/iTXt/zTXt) land in info under their own keywords.
    found += [key for key in getattr(image, "text", {}) if key not in found]
    if image.getexif() and "exif" not in found:
        found.append("exif")
    return found


def clean_photo_bytes(data):
    """Remove metadata from image bytes and apply the EXIF orientation; read embedded credits first.

    Raises UnreadablePhoto when the pixels cannot be decoded.
    """
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            image.load()  # decode everything now: a truncated file fails here, not on the public page
            image_format = image.format
            credits = read_embedded_credits(image)
            removed = _metadata_found(image)
            orientation = image.getexif().get(EXIF_ORIENTATION, 1)
            animated = getattr(image, "n_frames", 1) > 1
            if not removed and orientation in (None, 1):
                return CleanedPhoto(content=None, credits=credits)
            kept_info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
            save_options = {"format": image_format, "exif": b""}
            if animated:
                target = image
                save_options["save_all"] = True
            elif orientation not in (None, 1):
                target = ImageOps.exif_transpose(image)
                removed.append("orientation (applied)")
            else:
                target = image
                if image_format == "JPEG":
                    # Re-use the original quantisation tables: no visible loss from re-encoding.
                    save_options.update(quality="keep")
            if image_format == "JPEG" and "quality" not in save_options:
                save_options["quality"] = 92
            target.info = kept_info
            if kept_info.get("icc_profile"):
                save_options["icc_profile"] = kept_info["icc_profile"]
            buffer = io.BytesIO()
            target.save(buffer, **save_options)
    except (OSError, ValueError, SyntaxError, EOFError, struct.error, PILImage.DecompressionBombError) as exc:
        raise UnreadablePhoto(str(exc)) from exc
    return CleanedPhoto(content=buffer.getvalue(), credits=credits, removed=tuple(removed))


def check_photo_file(uploaded_file):
    """Decode an uploaded file completely; raise UnreadablePhoto if it cannot be."""
    uploaded_file.seek(0)
    clean_photo_bytes(uploaded_file.read())
    uploaded_file.seek(0)


def _read_field_file(field_file):
    field_file.open("rb")  # a fresh upload is rewound, a stored file is read from the storage
    data = field_file.read()
    field_file.seek(0)
    return data


def _is_stored(field_file):
    """Whether the file is already in the storage rather than a fresh upload waiting for the save.

    A fresh upload carries the bare name it was sent with; a stored file has the
    name the storage gave it, inside the field's folder (original_images/).
    """
    return posixpath.dirname(field_file.name) != "" and field_file.storage.exists(field_file.name)


def _replace_stored_file(image, field_file, content, name):
    """Store the clean file and delete the stored one that still carries the metadata."""
    storage, old_name = field_file.storage, field_file.name
    field_file.close()
    try:
        new_name = storage.save(
            field_file.field.generate_filename(image, name), content, max_length=field_file.field.max_length
        )
    except Exception:
        # The storage failed (e.g. S3 went down): the photo is not saved, so remove the
        # uncleaned copy too rather than leave it behind, if the storage still lets us.
        with contextlib.suppress(Exception):
            storage.delete(old_name)
        raise
    image.file = new_name  # re-reads width and height from the clean, stored file
    if old_name != new_name:
        storage.delete(old_name)


def record_size_and_hash(image):
    """Set ``file_size`` and ``file_hash`` from the file as it will be stored.

    Wagtail's forms record them before the photo is saved, from the file as it was
    sent; after cleaning they must describe the clean file, or Wagtail's duplicate
    check (by hash) would compare uploads against files that are no longer stored.
    """
    field_file = image.file
    field_file.open("rb")
    image.file_size = field_file.size
    image.file_hash = hash_filelike(field_file)
    field_file.seek(0)  # left open and rewound: the save that follows stores it


def prepare_photo_file(image):
    """Clean ``image.file`` in place, record its size and hash, and fill empty caption, credit and
    licence from embedded data.

    Works both before the file is stored (single upload, the chooser, replacing a file,
    the demo loader) and right after it was stored (the multiple uploader's second step,
    which copies a stored upload): a stored file is replaced and the old one deleted.
    """
    field_file = image.file
    if not field_file:
        return None
    try:
        data = _read_field_file(field_file)
    except FileNotFoundError:
        # A name set in code with no file behind it: nothing to clean or measure; never fail a save over it.
        logger.warning("Photo file %s is not in the storage; saved without cleaning.", field_file.name)
        return None
    try:
        cleaned = clean_photo_bytes(data)
    except UnreadablePhoto:
        # Forms reject such files before they get here (check_photo_file); never fail a save over it.
        logger.warning("Photo %s could not be decoded; stored without cleaning.", field_file.name)
        record_size_and_hash(image)
        return None
    if cleaned.content is not None:
        name = os.path.basename(field_file.name)
        if _is_stored(field_file):
            _replace_stored_file(image, field_file, ContentFile(cleaned.content), name)
        else:
            image.file = ContentFile(cleaned.content, name=name)
    record_size_and_hash(image)
    for field_name in ("caption", "credit_name", "licence"):
        if not getattr(image, field_name) and getattr(cleaned.credits, field_name):
            setattr(image, field_name, getattr(cleaned.credits, field_name))
    return cleaned
