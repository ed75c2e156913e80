"""The read API (occ_site.api, Wagtail's API v2): the public history pages and photos, nothing else."""

from django.db import connection
from django.test import Client

from wagtail.models import PageViewRestriction

import pytest

from history.factories import AwardEventFactory, AwardPageFactory, CaptionedImageFactory, MilestonePageFactory
from occ_site.models import ContentPage

PAGES = "/api/v2/pages/"
IMAGES = "/api/v2/images/"


def get_json(client, address, status=200):
    response = client.get(address)
    assert response.status_code == status, (address, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.fixture
def history(history_page, site_root):
    """A live milestone with a photo, a draft, a private one, an award, and a members' page that is not history."""
    photo = CaptionedImageFactory(title="Founders", description="Two founders", description_nb="To grunnleggere",
                                  caption="The founders", credit_name="Gunnar Kopperud", licence="CC BY 4.0")
    draft_photo = CaptionedImageFactory(title="Draft photo")
    private_photo = CaptionedImageFactory(title="Private photo")
    unused_photo = CaptionedImageFactory(title="Unused photo")
    founded = MilestonePageFactory(parent=history_page, slug="founded", title="Founded", year=2006, kind="founding",
                                   summary="It starts.", lead_photo=photo)
    draft = MilestonePageFactory(parent=history_page, slug="draft", title="Draft milestone", live=False,
                                 lead_photo=draft_photo)
    private = MilestonePageFactory(parent=history_page, slug="private", title="Private milestone", lead_photo=private_photo)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    award = AwardPageFactory(parent=history_page, slug="gold-label", title="Gold Label")
    AwardEventFactory(award=award, event_type="renewed", year=2022, month=12, score=94)
    members = site_root.add_child(instance=ContentPage(title="Members only page", slug="members"))
    return {"photo": photo, "draft_photo": draft_photo, "private_photo": private_photo, "unused_photo": unused_photo,
            "founded": founded, "draft": draft, "private": private, "award": award, "members": members}


@pytest.mark.django_db
def test_pages_lists_only_the_live_public_history_pages_with_their_fields(client, history):
    data = get_json(client, f"{PAGES}?type=history.MilestonePage&fields=*")
    assert [item["title"] for item in data["items"]] == ["Founded"]
    founded = data["items"][0]
    assert (founded["date"], founded["date_precision"], founded["display_date"]) == ("2006-01-01", "year", "2006")
    assert (founded["kind"], founded["kind_display"], founded["summary"]) == ("founding", "Founding", "It starts.")
    assert isinstance(founded["body_text"], str)
    photo = founded["lead_photo"]
    assert (photo["alt_text"], photo["caption"], photo["credit"], photo["licence"]) == (
        "Two founders", "The founders", "Photo: Gunnar Kopperud", "CC BY 4.0")
    assert "format-jpeg.width-960" in photo["renditions"]["jpeg"]["url"]

    titles = {item["title"] for item in get_json(client, PAGES)["items"]}
    assert titles == {"Our history", "Founded", "Gold Label"}  # no home page, no content page, no draft, no private
    award = get_json(client, f"{PAGES}{history['award'].pk}/")
    assert award["events"][0]["event_type"] == "renewed" and award["events"][0]["score"] == "94.0"


@pytest.mark.django_db
def test_drafts_and_restricted_pages_are_unreachable_every_way(client, history, history_page):
    hidden = [history["draft"], history["private"], history["members"]]
    for page in hidden:
        get_json(client, f"{PAGES}{page.pk}/", status=404)
        assert client.get(f"{PAGES}find/?id={page.pk}").status_code == 404
        assert client.get(f"{PAGES}find/?html_path={page.url_path.split('/', 2)[2]}").status_code == 404
        assert client.get(f"{PAGES}?child_of={page.pk}").status_code == 400  # as for a page that does not exist
        assert client.get(f"{PAGES}?descendant_of={page.pk}").status_code == 400
    for query in (f"?child_of={history_page.pk}", f"?descendant_of={history_page.pk}", "?search=milestone", "?fields=*"):
        text = client.get(f"{PAGES}{query}").content.decode()
        assert "Draft milestone" not in text and "Private milestone" not in text, query
    # Whoever asks: a visitor who entered the password still gets the public answer (it is cached for all).
    session = client.session
    session["wagtail-private-pages"] = [history["private"].pk]
    session.save()
    assert "Private milestone" not in client.get(f"{PAGES}?fields=*").content.decode()


@pytest.mark.django_db
def test_images_show_public_fields_and_renditions_never_the_original(client, history):
    data = get_json(client, f"{IMAGES}?fields=*")
    assert [item["title"] for item in data["items"]] == ["Founders"]  # only photos on live, public pages
    photo = get_json(client, f"{IMAGES}{history['photo'].pk}/")
    assert (photo["alt_text"], photo["credit"], photo["licence"]) == ("Two founders", "Photo: Gunnar Kopperud", "CC BY 4.0")
    assert "format-webp.width-960" in photo["rendition_webp"]["url"]
    text = client.get(f"{IMAGES}{history['photo'].pk}/").content.decode() + client.get(f"{IMAGES}?fields=*").content.decode()
    assert "original_images" not in text and "download_url" not in text
    assert history["photo"].file.name not in text
    get_json(client, f"{IMAGES}?fields=download_url", status=400)
    get_json(client, f"{IMAGES}?fields=file", status=400)
    for hidden in ("draft_photo", "private_photo", "unused_photo"):
        get_json(client, f"{IMAGES}{history[hidden].pk}/", status=404)
    assert get_json(client, f"{IMAGES}{history['photo'].pk}/?locale=nb")["alt_text"] == "To grunnleggere"


@pytest.mark.django_db
def test_both_languages(client, demo_site):
    english = get_json(client, f"{PAGES}?locale=en&type=history.HistoryIndexPage")["items"]
    norwegian = get_json(client, f"{PAGES}?locale=nb&type=history.MilestonePage&fields=display_date,kind_display,lead_photo")
    assert [item["title"] for item in english] == ["Our history"]
    assert norwegian["items"] and all(item["meta"]["locale"] == "nb" for item in norwegian["items"])
    park = next(item for item in norwegian["items"] if item["display_date"] == "mai 2015")
    assert park["lead_photo"]["credit"] == "Foto: Gunnar Kopperud"
    assert "Erna Solberg" in park["lead_photo"]["alt_text"] and "åpningen" in park["lead_photo"]["alt_text"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [f"{PAGES}?limit=abc", f"{PAGES}?limit=-1", f"{PAGES}?offset=x", f"{PAGES}?order=nonexistent", f"{PAGES}?locale=xx",
     f"{PAGES}?type=nothing.Here", f"{PAGES}?child_of=abc", f"{PAGES}?unknown=1", f"{PAGES}?fields=secret",
     f"{IMAGES}?locale=xx", f"{IMAGES}?order=file", f"{IMAGES}?limit=100000"],
)
def test_bad_query_parameters_answer_400_not_500(client, history, address):
    assert "message" in get_json(client, address, status=400)


@pytest.mark.django_db
def test_answers_are_cacheable_json_for_anyone(history, admin_client):
    client = Client()
    response = client.get(PAGES)
    assert "s-maxage" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(f"{PAGES}?format=api").status_code == 404  # no browsable HTML version
    # The API knows no sign-in: an editor sees what everyone sees (never drafts).
    assert "Draft milestone" not in admin_client.get(f"{PAGES}?fields=*").content.decode()


def queries_of(read):
    """How many queries ``read()`` makes (the test client's requests reset Django's own query log)."""
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        result = read()
    return result, len(queries)


@pytest.mark.django_db
def test_listing_queries_do_not_grow_with_the_number_of_photos(client, history, history_page):
    addresses = [f"{IMAGES}?fields=*", f"{PAGES}?fields=*", f"{PAGES}?type=history.MilestonePage&fields=*",
                 f"{PAGES}?type=history.AwardPage&fields=*"]

    def read_all():
        return [len(get_json(client, address)["items"]) for address in addresses]

    read_all()  # Wagtail's site lookups are cached from here on; the photos' renditions are built
    assert queries_of(read_all)[0] == [1, 3, 1, 1]
    few = queries_of(read_all)[1]
    for year in range(1990, 2000):
        MilestonePageFactory(parent=history_page, slug=f"m{year}", year=year, lead_photo=CaptionedImageFactory())
    AwardEventFactory(award=history["award"], event_type="awarded", year=2019, month=12)
    read_all()  # the new photos' renditions: the task worker builds them when they are published
    assert queries_of(read_all) == ([11, 13, 11, 1], few)
