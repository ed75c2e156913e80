"""Stand-ins for the demo's photos, which the site does not have: simple drawings of what each photo
shows (two founders in front of an orange backdrop, a speaker on a stage, an architect's view of
a building), clearly labelled as placeholders and carrying the real caption and credit.

Text is drawn in DejaVu Sans, shipped in ``fonts/`` with its licence and loaded by path, so every
character of the names and captions ("Jónas") has a glyph whatever fonts the machine has.
"""

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"
SIZE = (1600, 1000)
# Drawn at twice the size and scaled down: Pillow's shapes have no anti-aliasing of their own.
SCALE = 2

ORANGE = (224, 112, 32)
WHITE = (255, 255, 255)
INK = (24, 26, 32)


def font(size):
    """DejaVu Sans at ``size`` pixels (of the final image)."""
    return ImageFont.truetype(str(FONT_PATH), size * SCALE)


class Sketch:
    """An ImageDraw in the coordinates of the final image (1600 x 1000), drawn at SCALE."""

    def __init__(self, background):
        self.image = Image.new("RGB", (SIZE[0] * SCALE, SIZE[1] * SCALE), background)
        self.draw = ImageDraw.Draw(self.image, "RGBA")

    @staticmethod
    def scaled(points):
        return [value * SCALE for value in points]

    def rect(self, box, fill, radius=0, outline=None, width=0):
        self.draw.rounded_rectangle(self.scaled(box), radius * SCALE, fill=fill, outline=outline, width=width * SCALE)

    def ellipse(self, box, fill, outline=None, width=0):
        self.draw.ellipse(self.scaled(box), fill=fill, outline=outline, width=width * SCALE)

    def circle(self, x, y, radius, fill, outline=None, width=0):
        self.ellipse((x - radius, y - radius, x + radius, y + radius), fill, outline, width)

    def polygon(self, points, fill):
        self.draw.polygon([(x * SCALE, y * SCALE) for x, y in points], fill=fill)

    def line(self, points, fill, width):
        self.draw.line([(x * SCALE, y * SCALE) for x, y in points], fill=fill, width=width * SCALE, joint="curve")

    def arc(self, box, start, end, fill, width):
        self.draw.arc(self.scaled(box), start, end, fill=fill, width=width * SCALE)

    def chord(self, box, start, end, fill):
        self.draw.chord(self.scaled(box), start, end, fill=fill)

    def text(self, xy, text, size, fill=WHITE, anchor="la"):
        self.draw.text((xy[0] * SCALE, xy[1] * SCALE), text, font=font(size), fill=fill, anchor=anchor)

    def text_width(self, text, size):
        return font(size).getlength(text) / SCALE

    def finished(self):
        return self.image.resize(SIZE, Image.Resampling.LANCZOS)


def wrap(sketch, text, size, width):
    """Lines of ``text`` no wider than ``width`` pixels, measured in the font they are drawn in."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and sketch.text_width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


# --- People -------------------------------------------------------------------------------------


def person_in_suit(sketch, x, *, head_y, skin, hair, suit, tie, beard=None, glasses=False, tie_dots=False):
    """A man in a suit from the chest up, facing the camera, with a headset microphone."""
    r = 105
    # Suit, shirt and tie.
    sketch.rect((x - 270, head_y + 170, x + 270, head_y + 760), suit, radius=130)
    sketch.rect((x - 42, head_y + 80, x + 42, head_y + 190), skin)  # neck
    sketch.polygon([(x - 80, head_y + 170), (x + 80, head_y + 170), (x, head_y + 390)], WHITE)
    sketch.polygon([(x - 80, head_y + 170), (x - 20, head_y + 175), (x - 105, head_y + 300)], (236, 236, 236))
    sketch.polygon([(x + 80, head_y + 170), (x + 20, head_y + 175), (x + 105, head_y + 300)], (236, 236, 236))
    sketch.polygon([(x - 22, head_y + 178), (x + 22, head_y + 178), (x + 14, head_y + 212), (x - 14, head_y + 212)], tie)
    sketch.polygon(
        [(x - 14, head_y + 212), (x + 14, head_y + 212), (x + 32, head_y + 400), (x, head_y + 440), (x - 32, head_y + 400)],
        tie,
    )
    if tie_dots:
        for dy in range(240, 420, 34):
            sketch.circle(x - 6 + (dy % 68) / 5, head_y + dy, 5, (150, 180, 230))
    # Lapels: darker folds beside the shirt.
    shade = tuple(max(0, c - 18) for c in suit)
    sketch.polygon([(x - 80, head_y + 170), (x - 150, head_y + 190), (x - 25, head_y + 450), (x - 10, head_y + 400)], shade)
    sketch.polygon([(x + 80, head_y + 170), (x + 150, head_y + 190), (x + 25, head_y + 450), (x + 10, head_y + 400)], shade)
    # Head: ears, hair behind the face, the face.
    sketch.ellipse((x - r * 0.95, head_y - 25, x - r * 0.65, head_y + 40), skin)
    sketch.ellipse((x + r * 0.65, head_y - 25, x + r * 0.95, head_y + 40), skin)
    sketch.ellipse((x - r * 0.86, head_y - r * 1.12, x + r * 0.86, head_y + r * 0.3), hair)
    sketch.ellipse((x - r * 0.8, head_y - r * 0.86, x + r * 0.8, head_y + r), skin)
    if beard:
        sketch.chord((x - r * 0.8, head_y - r * 0.25, x + r * 0.8, head_y + r * 1.02), 0, 180, beard)
        sketch.ellipse((x - 30, head_y + 38, x + 30, head_y + 62), skin)  # the mouth shows through
    # Eyes, glasses, brows, smile.
    for side in (-1, 1):
        sketch.circle(x + side * 32, head_y - 8, 7, INK)
        sketch.arc((x + side * 32 - 20, head_y - 40, x + side * 32 + 20, head_y - 10), 200, 340, hair, 5)
        if glasses:
            sketch.circle(x + side * 32, head_y - 8, 24, None, outline=(60, 60, 64), width=5)
    if glasses:
        sketch.line([(x - 9, head_y - 10), (x + 9, head_y - 10)], (60, 60, 64), 5)
    sketch.arc((x - 32, head_y + 20, x + 32, head_y + 60), 20, 160, (150, 70, 60), 6)
    # Headset microphone: a thin boom from the ear to the corner of the mouth.
    sketch.line([(x - r * 0.78, head_y + 5), (x - 58, head_y + 52), (x - 36, head_y + 50)], (230, 220, 205), 5)
    sketch.circle(x - 34, head_y + 50, 7, (70, 66, 62))


def draw_founders(sketch):
    """Two older men in suits side by side, smiling, in front of a solid orange backdrop with text."""
    backdrop_text = (240, 140, 70)
    sketch.text((-60, 40), "OSLO CANCER CLUSTER", 190, fill=backdrop_text)
    sketch.text((520, 250), "CLUSTER", 150, fill=backdrop_text)
    person_in_suit(
        sketch, 560, head_y=400, skin=(236, 196, 170), hair=(196, 196, 196), suit=(58, 62, 72),
        tie=(150, 190, 225), beard=(176, 176, 178), glasses=True,
    )
    person_in_suit(
        sketch, 1060, head_y=390, skin=(232, 188, 162), hair=(240, 240, 240), suit=(36, 44, 70),
        tie=(40, 80, 160), tie_dots=True,
    )


def draw_opening(sketch):
    """A woman speaking on a stage, a building complex on the screen behind her, orange banners, an audience."""
    sketch.rect((0, 520, 1600, 1000), (58, 48, 46))  # stage floor
    # The screen: an aerial view of the Innovation Park.
    sketch.rect((440, 60, 1160, 470), (16, 18, 24))
    sketch.rect((456, 76, 1144, 454), (96, 128, 86))
    sketch.line([(456, 330), (1144, 250)], (196, 196, 188), 14)
    sketch.line([(700, 76), (820, 454)], (196, 196, 188), 10)
    for bx, by, w, h in [(520, 120, 150, 90), (860, 110, 200, 80), (560, 370, 130, 60), (900, 300, 180, 110)]:
        sketch.rect((bx + 10, by + 10, bx + w + 10, by + h + 10), (60, 70, 60))  # shadow
        sketch.rect((bx, by, bx + w, by + h), (226, 220, 206))
        sketch.rect((bx + 12, by + 12, bx + w - 12, by + h - 12), (196, 188, 172))
    # Tall orange banners with the event's name in white.
    for left in (90, 1300):
        sketch.rect((left, 40, left + 210, 600), ORANGE)
        for number, word in enumerate(("CANCER", "CLUSTER", "INNOVATION", "PARK")):
            sketch.text((left + 105, 160 + number * 110), word, 30, anchor="mm")
    # A lectern beside the speaker.
    sketch.polygon([(560, 420), (700, 420), (684, 680), (576, 680)], (120, 84, 58))
    sketch.rect((548, 408, 712, 432), (146, 104, 72))
    # The speaker: coral floral dress under a black jacket, a tablet in one hand, gesturing with the other.
    x, skin, hair = 840, (226, 184, 160), (214, 178, 118)
    sketch.rect((x - 26, 680, x - 8, 760), (214, 170, 148))  # legs
    sketch.rect((x + 8, 680, x + 26, 760), (214, 170, 148))
    sketch.polygon([(x - 70, 460), (x + 70, 460), (x + 95, 690), (x - 95, 690)], (236, 116, 94))
    for fx, fy in [(x - 50, 540), (x + 20, 510), (x - 10, 620), (x + 55, 600), (x - 70, 660), (x + 35, 665)]:
        sketch.circle(fx, fy, 12, (250, 196, 170))
        sketch.circle(fx, fy, 5, (200, 80, 70))
    sketch.polygon([(x - 85, 330), (x + 85, 330), (x + 75, 500), (x + 20, 500), (x, 380), (x - 20, 500), (x - 75, 500)], INK)
    sketch.line([(x + 80, 345), (x + 150, 290), (x + 190, 220)], INK, 34)  # raised arm
    sketch.circle(x + 195, 205, 22, skin)  # open hand
    sketch.line([(x - 80, 345), (x - 105, 420), (x - 60, 445)], INK, 32)  # arm holding the tablet
    sketch.rect((x - 95, 400, x - 20, 460), (54, 58, 66), radius=6, outline=(150, 150, 160), width=3)
    sketch.rect((x - 16, 300, x + 16, 335), skin)  # neck
    sketch.ellipse((x - 60, 200, x + 60, 315), skin)  # face
    sketch.chord((x - 68, 182, x + 68, 280), 180, 360, hair)  # short fair hair
    sketch.ellipse((x - 70, 210, x - 44, 280), hair)
    sketch.ellipse((x + 44, 210, x + 70, 280), hair)
    sketch.arc((x - 24, 260, x + 24, 292), 20, 160, (150, 70, 60), 5)
    # The audience in the foreground, seen from behind.
    for row, (y, colour) in enumerate([(740, (30, 30, 36)), (830, (12, 12, 16))]):
        for n in range(10):
            hx = 60 + n * 165 + (80 if row else 0)
            sketch.ellipse((hx - 110, y - 10, hx + 110, y + 170), colour)
            sketch.circle(hx, y - 55, 62, colour, outline=(70, 70, 78), width=3)


def draw_expansion(sketch):
    """An architect's view: a beige building with a grid of windows on a raised, landscaped site,
    red, yellow and neutral buildings behind it, a partly cloudy sky, people walking in front."""
    for n in range(25):  # the sky, lighter towards the horizon
        shade = (172 + n * 2, 206 + n, 232 + n // 2)
        sketch.rect((0, n * 22, 1600, n * 22 + 24), shade)
    for cx, cy in [(260, 120), (980, 90), (1380, 180)]:
        for dx, dy, r in [(-60, 10, 45), (0, 0, 60), (60, 12, 45), (110, 20, 32)]:
            sketch.circle(cx + dx, cy + dy, r, (250, 251, 252))
    # Buildings behind, with facades in red, yellow and neutral tones.
    for left, top, width, colour in [
        (20, 330, 260, (178, 74, 58)), (1290, 300, 290, (222, 182, 72)), (200, 380, 170, (206, 200, 188)),
        (1180, 360, 160, (184, 86, 64)),
    ]:
        sketch.rect((left, top, left + width, 620), colour)
        for wy in range(top + 24, 600, 46):
            for wx in range(left + 18, left + width - 30, 40):
                sketch.rect((wx, wy, wx + 22, wy + 26), (90, 96, 104))
    # The raised site and the main building.
    sketch.rect((0, 600, 1600, 1000), (122, 166, 92))  # grass
    sketch.polygon([(230, 690), (1370, 690), (1420, 740), (180, 740)], (196, 192, 182))  # plinth
    sketch.rect((300, 230, 1300, 690), (224, 208, 180))
    sketch.rect((300, 230, 1300, 252), (206, 190, 162))  # roof edge
    for wy in range(280, 660, 62):
        for wx in range(330, 1270, 58):
            sketch.rect((wx, wy, wx + 38, wy + 44), (82, 98, 114))
    for fx in range(322, 1290, 116):  # vertical fins
        sketch.rect((fx, 252, fx + 6, 690), (238, 226, 202))
    sketch.rect((730, 590, 870, 690), (60, 72, 84))  # entrance
    # Landscaped paths and people walking.
    sketch.polygon([(700, 740), (900, 740), (1180, 1000), (560, 1000)], (222, 216, 200))
    sketch.polygon([(180, 740), (260, 740), (40, 1000), (-80, 1000)], (222, 216, 200))
    for px, py, colour in [(640, 790, (40, 60, 120)), (700, 820, (180, 60, 50)), (960, 780, (60, 60, 60)),
                           (1020, 805, (220, 160, 40)), (300, 800, (70, 110, 70))]:
        sketch.rect((px - 11, py - 40, px + 11, py + 12), colour, radius=8)
        sketch.circle(px, py - 54, 12, (200, 160, 130))
        sketch.line([(px - 6, py + 10), (px - 12, py + 44)], (50, 50, 56), 6)
        sketch.line([(px + 6, py + 10), (px + 14, py + 44)], (50, 50, 56), 6)
    for tx in (150, 1460, 1220):  # trees
        sketch.rect((tx - 8, 700, tx + 8, 790), (104, 80, 58))
        sketch.circle(tx, 680, 60, (78, 128, 70))


SCENES = {"founders": draw_founders, "opening": draw_opening, "expansion": draw_expansion}

LABEL = "Placeholder drawing: the original photo is not part of the demo"


def label_lines(sketch, caption, credit):
    """The text the placeholder carries: what it is, the photo's caption and its credit."""
    return [(LABEL, 28), *((line, 34) for line in wrap(sketch, caption, 34, SIZE[0] - 160)), (credit, 30)]


def draw_label(sketch, caption, credit):
    lines = label_lines(sketch, caption, credit)
    height = sum(size + 16 for _, size in lines) + 40
    top = SIZE[1] - height
    sketch.rect((0, top, SIZE[0], SIZE[1]), (0, 0, 0, 178))
    sketch.rect((0, top, 14, SIZE[1]), ORANGE)
    y = top + 24
    for text, size in lines:
        sketch.text((60, y), text, size)
        y += size + 16
    # A tag readable even on a thumbnail.
    tag_width = sketch.text_width("PLACEHOLDER", 40) + 48
    sketch.rect((40, 36, 40 + tag_width, 104), (0, 0, 0, 190), radius=12)
    sketch.text((64, 48), "PLACEHOLDER", 40)


def placeholder_jpeg(scene, *, caption, credit):
    """A drawing of what the photo ``scene`` shows, labelled as a placeholder, with its caption and
    credit, as JPEG bytes."""
    background = {"founders": ORANGE, "opening": (30, 32, 42), "expansion": (200, 225, 240)}[scene]
    sketch = Sketch(background)
    SCENES[scene](sketch)
    draw_label(sketch, caption, credit)
    buffer = io.BytesIO()
    sketch.finished().save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()
