"""The demo content carries every fact of the seed page, and loading it twice changes nothing."""

import re

from django.core.management import call_command

from wagtail.models import Page, Revision

import pytest

from history.models import AwardEvent, CaptionedImage, MilestonePage, Person
from occ_site.models import HomePage

SEED_FACTS = [
    # names and roles
    "Kaare Norum", "former Principal of the University of Oslo", "Jónas Einarsson", "CEO of Radforsk",
    "Norwegian Radium Hospital", "Institute of Cancer Research", "Montebello", "Erna Solberg",
    "Norwegian Centre of Expertise", "only one within health",
    "European Cluster Excellence Initiative (ECEI)", "Gold Label", "Mature Cluster status",
    "Norwegian Innovation Clusters programme", "Oslo Science Hub", "Oslo City Council",
    "technology transfer offices", "pharmaceutical companies",
    # dates and figures
    "2006", "2007", "May 2015", "December 2019", "December 2022", "2021", "beginning of 2021",
    "April 2023", "2024", "94%", "12 000 sqm", "fourth section",
    # credits
    "Photo: Gunnar Kopperud", "Illustration: Dark Arkitekter",
]


def counts():
    home = HomePage.objects.get(locale__language_code="en")
    return {
        "home": (home.latest_revision_id, home.lead_photo_id, home.join_text, list(home.standing_awards.values_list("award_id", flat=True))),
        "pages": Page.objects.count(),
        "images": CaptionedImage.objects.count(),
        "revisions": Revision.objects.count(),
        "people": Person.objects.count(),
        "award_events": AwardEvent.objects.count(),
    }


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_says_so(capsys):
    call_command("load_demo_content")
    first = counts()
    assert first["images"] == 3 and first["people"] == 2 and first["award_events"] == 4 * 2  # English and Norwegian
    assert first["home"][1] and first["home"][2] and len(first["home"][3]) == 2  # photo, invitation, standing
    call_command("load_demo_content")
    assert counts() == first
    assert "nothing changed" in capsys.readouterr().out


@pytest.mark.django_db
def test_every_seed_fact_is_on_the_history_page(client, demo_site):
    html = client.get("/our-history/").content.decode()
    # Visible text only: the JSON-LD <script> repeats a credit for search engines.
    visible = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", visible))
    missing = [fact for fact in SEED_FACTS if fact not in text]
    assert not missing, f"missing from /our-history/: {missing}"
    assert text.count("Photo: Gunnar Kopperud") == 2


@pytest.mark.django_db
def test_every_image_on_the_history_page_has_alt_text(client, demo_site):
    html = client.get("/our-history/").content.decode()
    images = re.findall(r"<img\b[^>]*>", html)
    assert len(images) == 3
    for tag in images:
        alt = re.search(r'\balt="([^"]*)"', tag)
        assert alt and alt.group(1).strip(), f"image without alt text: {tag}"


@pytest.mark.django_db
def test_long_descriptions_are_visible_text(client, demo_site):
    html = client.get("/our-history/").content.decode()
    assert html.count("<details") == 3
    assert "Two older men dressed in suits" in html


@pytest.mark.django_db
def test_history_lives_at_our_history_with_milestones_in_order(client, demo_site):
    milestones = MilestonePage.objects.live().filter(locale__language_code="en").order_by("date", "path")  # ties: tree order
    assert milestones.count() == 5
    html = client.get("/our-history/").content.decode()
    positions = [html.index(m.title) for m in milestones if m.title in html]
    assert positions == sorted(positions)
    assert '<time datetime="2015-05">May 2015</time>' in html


@pytest.mark.django_db
def test_demo_pages_render(client, demo_site):
    for url in ["/", "/our-history/", "/our-history/innovation-park-opens/", "/our-history/ecei-gold-label/",
                "/become-a-member/"]:
        assert client.get(url).status_code == 200, url
    award = client.get("/our-history/ecei-gold-label/").content.decode()
    assert "December 2019" in award and "December 2022" in award and "94%" in award


@pytest.mark.django_db
def test_join_call_to_action_comes_from_site_settings(client, demo_site):
    html = client.get("/our-history/").content.decode()
    assert 'class="button button--join" href="/become-a-member/"' in html
    assert "Skip to content" in html and "Go to home page" in html


@pytest.mark.django_db
def test_loading_again_leaves_an_edited_home_page_alone(demo_site):
    from occ_site.demo import load_demo_content

    home = HomePage.objects.get(locale__language_code="en")
    home.lead_photo = CaptionedImage.objects.get(title__startswith="Erna Solberg")
    home.standing_awards = []
    home.join_text = ""
    home.save_revision().publish()
    load_demo_content()
    home = HomePage.objects.get(locale__language_code="en")
    assert home.lead_photo.title.startswith("Erna Solberg")
    assert home.standing_awards.count() == 0 and home.join_text == ""
