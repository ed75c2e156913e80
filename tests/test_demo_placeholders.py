"""The demo's placeholder images: drawings of what each photo shows, whose every letter is a real glyph."""

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont, ImageStat

from history.demo import data, placeholders
from history.models import CreditRole

# A code point no font has: it is drawn as the font's "missing glyph" box (.notdef).
NO_SUCH_CHARACTER = "\U0010fffd"


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings_in(item)


def demo_text():
    """Every name, caption, credit and sentence of the demo content."""
    texts = list(strings_in([data.PHOTOS, data.PEOPLE, data.HOME, data.MEMBERSHIP_PAGE, data.HISTORY, data.AWARDS, data.MILESTONES]))
    texts += [f"{CreditRole(spec['credit_role']).label}: {spec['credit_name']}" for spec in data.PHOTOS]
    return "".join(texts)


def drawn(character, font):
    image = Image.new("L", (200, 200))
    ImageDraw.Draw(image).text((20, 20), character, font=font, fill=255)
    return image.tobytes()


def missing_glyphs(text, font):
    missing_box = drawn(NO_SUCH_CHARACTER, font)
    return sorted({c for c in text if not c.isspace() and drawn(c, font) in (missing_box, drawn(" ", font))})


def credit(spec):
    return f"{CreditRole(spec['credit_role']).label}: {spec['credit_name']}"


@pytest.fixture
def drawn_text(monkeypatch):
    """Every (text, font) the placeholders draw."""
    calls = []
    original = ImageDraw.ImageDraw.text

    def recording_text(self, xy, text, *args, **kwargs):
        calls.append((text, kwargs.get("font")))
        return original(self, xy, text, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(ImageDraw.ImageDraw, "text", recording_text)
        for spec in data.PHOTOS:
            placeholders.placeholder_jpeg(spec["key"], caption=spec["caption"], credit=credit(spec))
    return calls


def test_the_shipped_font_has_every_character_of_the_demo_content():
    assert placeholders.FONT_PATH.is_file()
    assert Path(placeholders.FONT_PATH.parent, "LICENSE-DejaVu.txt").is_file()
    text = demo_text()
    assert "Jónas" in text
    # With the Norwegian letters, ready for content in Bokmål.
    assert missing_glyphs(text + "æøåÆØÅ", placeholders.font(40)) == []


def test_the_check_would_catch_a_font_without_the_o_acute():
    # Pillow's built-in font is the one that drew "Jónas" with a box.
    assert missing_glyphs("Jónas", ImageFont.load_default(size=40)) == ["ó"]


def test_placeholders_draw_the_caption_and_credit_with_real_glyphs_only(drawn_text):
    texts = " ".join(text for text, _ in drawn_text)
    for spec in data.PHOTOS:
        assert credit(spec) in texts
        assert all(word in texts for word in spec["caption"].split())
    assert "Jónas" in texts and "PLACEHOLDER" in texts
    for text, font in drawn_text:
        assert font is not None, f"{text!r} drawn in Pillow's default font"
        assert missing_glyphs(text, font) == [], f"{text!r} has characters without a glyph"


def test_each_placeholder_looks_like_the_photo_it_stands_in_for():
    """The colours of the described photos: a solid orange backdrop, a dark stage with orange
    banners, a sky above a beige building."""
    def top_colour(scene, box):
        spec = next(spec for spec in data.PHOTOS if spec["key"] == scene)
        image = Image.open(io.BytesIO(placeholders.placeholder_jpeg(scene, caption=spec["caption"], credit=credit(spec))))
        assert image.format == "JPEG" and image.size == placeholders.SIZE
        return ImageStat.Stat(image.crop(box)).mean

    red, green, blue = top_colour("founders", (1400, 0, 1600, 200))
    assert red > 200 and 80 < green < 150 and blue < 80  # orange backdrop
    assert max(top_colour("opening", (0, 620, 60, 700))) < 90  # a dark stage
    red, green, blue = top_colour("opening", (1320, 60, 1480, 100))
    assert red > 200 and blue < 80  # an orange banner
    red, green, blue = top_colour("expansion", (0, 0, 100, 20))
    assert blue > red and blue > 200  # sky
    red, green, blue = top_colour("expansion", (310, 260, 325, 680))
    assert red > 200 and green > 180 and blue < red  # beige facade
