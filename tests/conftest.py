from django.conf import settings
from django.core.cache import caches

from wagtail.models import Page, Site

import pytest

from history.factories import HistoryIndexPageFactory
from occ_site.factories import HomePageFactory
from tests.s3_server import media_on_s3, own_s3_server, s3_bucket, s3_server, use_s3_media  # noqa: F401 - fixtures
from tests.signin import log_in_verified


def database_vendor():
    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else engine.rsplit(".", 1)[-1]


def pytest_report_header(config):
    # .ci/run checks this line to prove the suite ran on PostgreSQL.
    return f"database: {database_vendor()}"


postgres_only = pytest.mark.skipif(
    database_vendor() != "postgresql",
    reason="PostgreSQL-only: set DATABASE_URL=postgres://... to run (CI does)",
)


@pytest.fixture(autouse=True)
def forget_cached_renditions():
    """Wagtail caches rendition lookups across requests; a rolled-back test's photo ids come back
    in the next test, whose photos would then look rendered when they are not."""
    caches["renditions"].clear()


@pytest.fixture
def site_root(db):
    """A fresh home page as the default site's root (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="OCC")
    return home


@pytest.fixture
def history_page(site_root):
    return HistoryIndexPageFactory(parent=site_root)


@pytest.fixture
def demo_site(db):
    from occ_site.demo import load_demo_content

    load_demo_content()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, past the second step that superusers must take."""
    return log_in_verified(client, admin_user)


@pytest.fixture(params=["local disk", "S3"])
def media_storage(request, settings):
    """Run a test twice: media on the local disk, then in a fresh bucket on a real S3 server (SeaweedFS).

    Yields None for the local disk, else the S3Media of tests/s3_server.py.
    """
    if request.param == "S3":
        server = request.getfixturevalue("s3_server")
        return use_s3_media(settings, server, server.new_bucket_name())
    return None
