"""The Norwegian demo content (history.demo.data_nb) has a Norwegian text for every English one.

The demo's pages are translated by pairing each English text segment with the Norwegian one
at the same key or position, so the two must have the same shape: the same records, the same
number of events, paragraphs and privacy paragraphs, and rich text with the same tags. The
Norwegian spells what the English says the way a Norwegian reader expects it ("Radiumhospitalet",
"94 %"), keeps names and years, and its slugs are valid and distinct.
"""

import ast
import inspect
import re
from html.parser import HTMLParser

from django.core.validators import validate_slug
from django.utils.text import slugify

import pytest

from history.demo import data, data_nb
from history.models import AwardEvent, AwardPage, CaptionedImage, HistoryIndexPage, MilestonePage, Person
from occ_site import setup
from occ_site.models import ContentPage, HomePage, SiteSettings

NBSP = "\u00a0"


def by_key(records, key):
    return {record[key]: record for record in records}


# The English side, under the names data_nb uses: records keyed as the loader finds them.
ENGLISH = {
    "PHOTOS": by_key(data.PHOTOS, "key"),
    "PEOPLE": by_key(data.PEOPLE, "key"),
    "HOME": data.HOME,
    "MEMBERSHIP_PAGE": data.MEMBERSHIP_PAGE,
    "CONTACT": data.CONTACT,
    "HISTORY": data.HISTORY,
    "AWARDS": by_key(data.AWARDS, "slug"),
    "MILESTONES": by_key(data.MILESTONES, "slug"),
    "PRIVACY": {
        "title": setup.PRIVACY_TITLE,
        "slug": setup.PRIVACY_SLUG,
        "introduction": setup.PRIVACY_INTRODUCTION,
        "paragraphs": setup.PRIVACY_PARAGRAPHS,
    },
    "SITE_SETTINGS": {"join_label": SiteSettings._meta.get_field("join_label").default},
}

# English values no Norwegian reader needs in Norwegian: keys into other records, codes,
# people's names, the credit (the site writes "Foto:" from the role), placeholder contact details.
NOT_TEXT = {
    "key", "name", "credit_role", "credit_name", "event_type", "date_precision", "kind", "lead_photo",
    "related_award", "people", "standing_awards", "contact_email", "contact_phone",
}
# An image has one title in the admin, for finding it, whatever the page's language.
NOT_TEXT_IN = {"PHOTOS": {"title"}}

# Proper names, the same in both languages.
SAME_IN_BOTH = {
    "HOME.title",  # Oslo Cancer Cluster
    "AWARDS.ecei-gold-label.awarding_body",  # European Cluster Excellence Initiative (ECEI)
    "AWARDS.ecei-gold-label.slug",
    "AWARDS.mature-cluster-status.slug",
    "MILESTONES.oslo-science-hub.slug",
}


def english_texts(value, path, section):
    """(path, text) for every text a reader sees in an English structure."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from english_texts(item, f"{path}[{position}]", section)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_TEXT and key not in NOT_TEXT_IN.get(section, ()):
                yield from english_texts(item, f"{path}.{key}", section)


def norwegian_texts(value, path):
    """(path, text) for every string in a Norwegian structure, found the same way."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from norwegian_texts(item, f"{path}[{position}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from norwegian_texts(item, f"{path}.{key}")
    else:
        yield path, value  # not text: reported by the test on types


def all_english():
    return dict(text for section, value in ENGLISH.items() for text in english_texts(value, section, section))


def all_norwegian():
    return dict(text for section in ENGLISH for text in norwegian_texts(getattr(data_nb, section, None), section))


ENGLISH_TEXTS = all_english()
NORWEGIAN_TEXTS = all_norwegian()
PAIRS = [(path, english, NORWEGIAN_TEXTS.get(path)) for path, english in ENGLISH_TEXTS.items()]
PAIR_IDS = [path for path, _, _ in PAIRS]


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        self.tags.append(f"/{tag}")


def tags_of(html):
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def test_every_text_in_the_english_demo_data_is_covered():
    """A new text-carrying name in data.py (or a privacy text in setup.py) needs its Norwegian side here."""
    assert {name for name in vars(data) if name.isupper()} <= set(ENGLISH)
    assert {name for name in vars(setup) if name.startswith("PRIVACY_")} == {
        "PRIVACY_TITLE", "PRIVACY_SLUG", "PRIVACY_INTRODUCTION", "PRIVACY_PARAGRAPHS",
    }
    assert {name for name in vars(data_nb) if name.isupper()} == set(ENGLISH)


def test_norwegian_has_the_same_records_keys_and_list_lengths_as_english():
    missing = sorted(set(ENGLISH_TEXTS) - set(NORWEGIAN_TEXTS))
    extra = sorted(set(NORWEGIAN_TEXTS) - set(ENGLISH_TEXTS))
    assert not missing, f"no Norwegian text for: {missing}"
    assert not extra, f"Norwegian text with no English one: {extra}"
    assert set(data_nb.AWARDS) == set(ENGLISH["AWARDS"])
    assert set(data_nb.MILESTONES) == set(ENGLISH["MILESTONES"])
    for slug, award in ENGLISH["AWARDS"].items():
        assert len(data_nb.AWARDS[slug]["events"]) == len(award["events"]), slug
    for slug, milestone in ENGLISH["MILESTONES"].items():
        assert len(data_nb.MILESTONES[slug]["body"]) == len(milestone["body"]), slug
    assert len(data_nb.PRIVACY["paragraphs"]) == len(setup.PRIVACY_PARAGRAPHS)


def test_the_norwegian_module_is_plain_data():
    tree = ast.parse(inspect.getsource(data_nb))
    docstring, *assignments = tree.body
    assert isinstance(docstring, ast.Expr) and isinstance(docstring.value, ast.Constant)
    for node in assignments:
        assert isinstance(node, ast.Assign), ast.dump(node)
        ast.literal_eval(node.value)  # raises on anything but literals


@pytest.mark.parametrize(("path", "english", "norwegian"), PAIRS, ids=PAIR_IDS)
def test_each_norwegian_text_translates_its_english_one(path, english, norwegian):
    assert isinstance(norwegian, str), f"{path}: {norwegian!r}"
    assert norwegian == norwegian.strip()
    if not english:
        assert norwegian == "", "an empty English text stays empty"
        return
    assert norwegian, "empty Norwegian text for a non-empty English one"
    if path not in SAME_IN_BOTH:
        assert norwegian != english, "the Norwegian text is the English one"


@pytest.mark.parametrize(("path", "english", "norwegian"), PAIRS, ids=PAIR_IDS)
def test_rich_text_keeps_the_english_tags(path, english, norwegian):
    assert tags_of(norwegian or "") == tags_of(english)


@pytest.mark.parametrize(("path", "english", "norwegian"), PAIRS, ids=PAIR_IDS)
def test_names_and_years_carry_over(path, english, norwegian):
    norwegian = norwegian or ""
    for name in ("Oslo Cancer Cluster", "Kaare Norum", "Jónas Einarsson", "Erna Solberg", "Montebello", "Radforsk"):
        if name in english:
            assert name in norwegian, name
    assert set(re.findall(r"\b(?:19|20)\d\d\b", english)) == set(re.findall(r"\b(?:19|20)\d\d\b", norwegian))


# (what the English says, what the Norwegian must then say): the names as the organisation spells them.
SPELLINGS = [
    (r"Norwegian Radium Hospital", r"Radiumhospitalet"),
    (r"Radium Hospital campus", r"Radiumhospitalets campus"),
    (r"Former Prime Minister Erna Solberg", r"(?:T|t)idligere statsminister Erna Solberg"),
    (r"Norwegian Centre of Expertise\b", r"Norsk kompetansesenter"),
    (r"Institute of Cancer Research", r"Instituttet for kreftforskning"),
    (r"Oslo Science Hub", r"Oslo Science Hub"),
    (r"Oslo City Council", r"Oslo kommune|bystyret"),
    (r"Innovation Park", r"Innovasjonspark"),
    (r"Incubator", r"inkubator"),
    (r"Gold Label", r"Gold Label"),
    (r"\bECEI\b", r"\bECEI\b"),
    (r"Mature Cluster", r"Mature Cluster"),
    (r"Norwegian Innovation Clusters programme", r"(?:K|k)lyngeprogrammet Norwegian Innovation Clusters"),
    (r"University of Oslo", r"Universitetet i Oslo"),
    (r"CEO of Radforsk", r"administrerende direktør i Radforsk"),
    (r"\b94%", r"\b94\u00a0%"),
    (r"\b12 000 sqm\b", r"\b12\u00a0000 kvadratmeter\b"),
]


@pytest.mark.parametrize(("english_pattern", "norwegian_pattern"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_the_norwegian_spells_each_fact_as_a_norwegian_reader_expects(english_pattern, norwegian_pattern):
    saying_it = [(path, norwegian) for path, english, norwegian in PAIRS if re.search(english_pattern, english)]
    assert saying_it, "no English text says this any more: update the table"
    wrong = [path for path, norwegian in saying_it if not re.search(norwegian_pattern, norwegian or "")]
    assert not wrong, f"say {norwegian_pattern!r} in: {wrong}"


@pytest.mark.parametrize(("path", "norwegian"), sorted(NORWEGIAN_TEXTS.items()), ids=sorted(NORWEGIAN_TEXTS))
def test_numbers_are_spaced_the_norwegian_way(path, norwegian):
    text = norwegian if isinstance(norwegian, str) else ""
    assert not re.search(r"\d ?%", text), "a no-break space goes between a number and %"
    assert not re.search(r"\b\d{1,3}[ ,.]\d{3}\b", text), "a no-break space separates thousands"
    assert not re.search(r"\b(?:sqm|square met(?:re|er)s?)\b", text)


def test_slugs_are_valid_and_distinct():
    slugs = {path: text for path, text in NORWEGIAN_TEXTS.items() if path.endswith(".slug")}
    assert len(slugs) == 3 + len(data.AWARDS) + len(data.MILESTONES) + 1  # home, membership, history, ..., privacy
    for path, slug in slugs.items():
        validate_slug(slug)
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), f"{path}: {slug!r}"
        assert slugify(slug) == slug, path
    # Awards and milestones share the history page as parent; the other pages share the home page.
    assert len(set(slugs.values())) == len(slugs)
    assert data_nb.HISTORY["slug"] == "var-historie"
    assert data_nb.MEMBERSHIP_PAGE["slug"] == "bli-medlem"
    assert data_nb.PRIVACY["slug"] == "personvern"


# Where each Norwegian text is stored, to check it fits ("*" stands for one key or position, "**" for any path).
FIELDS = [
    ("PHOTOS.*.alt", CaptionedImage, "description"),
    ("PHOTOS.*.caption", CaptionedImage, "caption"),
    ("PEOPLE.*.role", Person, "role"),
    ("HOME.title", HomePage, "title"),
    ("MEMBERSHIP_PAGE.title", ContentPage, "title"),
    ("HISTORY.title", HistoryIndexPage, "title"),
    ("HISTORY.search_description", HistoryIndexPage, "search_description"),
    ("AWARDS.*.title", AwardPage, "title"),
    ("AWARDS.*.awarding_body", AwardPage, "awarding_body"),
    ("AWARDS.*.summary", AwardPage, "summary"),
    ("AWARDS.*.events[*].headline", AwardEvent, "headline"),
    ("AWARDS.*.events[*].note", AwardEvent, "note"),
    ("MILESTONES.*.title", MilestonePage, "title"),
    ("MILESTONES.*.summary", MilestonePage, "summary"),
    ("PRIVACY.title", ContentPage, "title"),
    ("**.slug", ContentPage, "slug"),
    ("SITE_SETTINGS.join_label", SiteSettings, "join_label"),
]


@pytest.mark.parametrize(("pattern", "model", "field_name"), FIELDS, ids=[f[0] for f in FIELDS])
def test_norwegian_texts_fit_their_fields(pattern, model, field_name):
    max_length = model._meta.get_field(field_name).max_length
    regex = re.escape(pattern).replace(r"\*\*", ".+").replace(r"\*", "[^.]+")
    matching = {path: text for path, text in NORWEGIAN_TEXTS.items() if re.fullmatch(regex, path)}
    assert matching, pattern
    too_long = [path for path, text in matching.items() if max_length and len(text) > max_length]
    assert not too_long, f"longer than {max_length} characters: {too_long}"
