"""The front-cache tests' fixtures: a real varnishd in front of the live server, and a small site."""

from urllib.parse import urlsplit

import pytest

from history.factories import (
    AwardEventFactory,
    AwardPageFactory,
    CaptionedImageFactory,
    HistoryIndexPageFactory,
    MilestonePageFactory,
    PersonFactory,
)
from occ_site.models import ContentPage, SiteSettings
from tests.harness.varnish_server import running_varnish


@pytest.fixture
def varnish(live_server, settings):
    address = urlsplit(live_server.url)
    with running_varnish([("127.0.0.1", address.port)]) as front:
        settings.FRONT_CACHE_XKEY_URL = front.url
        yield front


@pytest.fixture
def timeline(site_root):
    """A small site: three milestones (one with a founder and a photo), an award, a member page."""
    history = HistoryIndexPageFactory(parent=site_root, show_in_menus=True)
    photo = CaptionedImageFactory(caption="The founders in 2006", credit_name="Gunnar Kopperud")
    founder = PersonFactory(name="Kaare Norum", role="former Principal")
    founded = MilestonePageFactory(
        parent=history, slug="founded", title="Oslo Cancer Cluster is founded", year=2006, kind="founding", lead_photo=photo
    )
    founded.people.add(founder)
    founded.save()
    park = MilestonePageFactory(parent=history, slug="park", title="Innovation Park opens", year=2015, kind="building")
    hub = MilestonePageFactory(parent=history, slug="hub", title="Oslo Science Hub", year=2024, kind="building")
    award = AwardPageFactory(parent=history, slug="gold-label", title="Gold Label")
    AwardEventFactory(award=award, year=2019, month=12)
    member = site_root.add_child(instance=ContentPage(title="Become a member", slug="become-a-member", show_in_menus=True))
    SiteSettings.objects.update_or_create(site=site_root.get_site(), defaults={"join_page": member})
    return {"history": history, "photo": photo, "founder": founder, "founded": founded, "park": park, "hub": hub,
            "award": award, "member": member}
