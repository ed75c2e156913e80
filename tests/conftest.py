import fcntl

from django.conf import settings
from django.core.cache import caches
from django.test import TestCase, TransactionTestCase
from django.utils import translation

from wagtail.models import Collection, Page, Site

import pytest

from history.factories import HistoryIndexPageFactory
from history.roles import PHOTO_COLLECTION_NAME
from occ_site.factories import HomePageFactory
from tests.harness import production_server, tiers
from tests.harness.s3_server import media_on_s3, own_s3_server, s3_bucket, s3_server, use_s3_media  # noqa: F401 - fixtures
from tests.signin import log_in_verified
from tests.snapshots import record_demo_content


def database_vendor():
    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else engine.rsplit(".", 1)[-1]


def pytest_report_header(config):
    # .ci/run checks this line to prove the suite ran on PostgreSQL.
    return f"database: {database_vendor()}"


def pytest_itemcollected(item):
    tiers.mark_by_fixtures(item)


def database_order(item):
    """Django's order: tests in a transaction first, then transactional ones, then those without a database.

    A transactional test empties every table after it (and, with serialized rollback, puts back what
    the migrations made only before the next such test), so a test in a transaction must not follow one.
    """
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    transactional = transactional or {"transactional_db", "live_server"} & set(item.fixturenames)
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        transactional = not issubclass(cls, TestCase)
        return 1 if transactional else 0
    if transactional:
        return 1
    return 0 if marker is not None or "db" in item.fixturenames else 2


def restores_what_it_empties(item):
    """Whether a transactional test puts the migrations' rows back (serialized rollback).

    One that does not leaves the content types Django makes again after its flush, under new ids,
    and every later test with serialized rollback then fails to put back the original ones."""
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return issubclass(cls, TestCase) or cls.serialized_rollback
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("serialized_rollback")) or "django_db_serialized_rollback" in item.fixturenames


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    careless = [item.nodeid for item in items if database_order(item) == 1 and not restores_what_it_empties(item)]
    if careless:
        raise pytest.UsageError(
            "transactional tests without serialized rollback break the tests after them; mark them "
            "@pytest.mark.django_db(transaction=True, serialized_rollback=True):\n  " + "\n  ".join(careless)
        )
    # pytest-django sorts first; a plugin that shuffles (pytest-random-order) runs after it. Sorting
    # again, stably, keeps the shuffle within each group.
    items.sort(key=database_order)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before the test's fixtures start anything: the servers' starters check these (tests/harness/tiers.py).
    tiers.current_markers = {marker.name for marker in item.iter_markers()}


postgres_only = pytest.mark.skipif(
    database_vendor() != "postgresql",
    reason="PostgreSQL-only: set DATABASE_URL=postgres://... to run (CI does)",
)


@pytest.fixture(autouse=True)
def start_in_the_default_language():
    """Each test starts in English, whatever language an earlier test or fixture (the demo loader
    translating its pages) left active in this thread."""
    translation.deactivate()


@pytest.fixture(autouse=True)
def forget_cached_renditions():
    """Wagtail caches rendition lookups across requests; a rolled-back test's photo ids come back
    in the next test, whose photos would then look rendered when they are not."""
    caches["renditions"].clear()


@pytest.fixture
def site_root(db):
    """A fresh home page as the default site's root (Wagtail's welcome page removed)."""
    return new_site_root()


def new_site_root():
    """The home page of ``site_root``, for a function that builds test data (tests/snapshots.py)."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="OCC")
    return home


@pytest.fixture
def history_page(site_root):
    return HistoryIndexPageFactory(parent=site_root)


@pytest.fixture(scope="session")
def demo_content(django_db_setup, django_db_blocker):
    """The demo site, loaded once per test session (and per xdist worker): tests/snapshots.py.

    Made before the session's first test (``make_demo_content_first``), while the database is as
    the migrations left it.
    """
    with django_db_blocker.unblock():
        return record_demo_content()


@pytest.fixture(scope="session", autouse=True)
def make_demo_content_first(request):
    """Load the demo before any test runs (a transactional test's flush would leave no site to load
    it into), and only in a session with a test that uses it."""
    if any({"demo_site", "demo_server"} & set(item.fixturenames) for item in request.session.items):
        request.getfixturevalue("demo_content")


@pytest.fixture
def demo_site(db, demo_content):
    """The demo content in this test's database, as ``load_demo_content`` and the work it queues
    leave it: rolled back after the test (or, in a transactional test, committed and flushed after it)."""
    demo_content.replay()
    return Site.objects.get(is_default_site=True)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory, worker_id):
    """``collectstatic`` with the production settings (the manifest their templates read), once per test
    run: the first xdist worker collects, the others wait for it (STATIC_ROOT is one folder for all)."""
    env = production_server.production_env(database_url="sqlite://", media_root=tmp_path_factory.mktemp("collectstatic"))
    if worker_id == "master":  # not under xdist
        production_server.collectstatic(env)
        return
    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker of this run
    with open(shared / "collectstatic.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "collectstatic.done"
        if not done.exists():
            production_server.collectstatic(env)
            done.touch()


@pytest.fixture
def history_collection(db):
    """The “History photos” collection the migrations make, where editors upload photos."""
    return Collection.objects.get(name=PHOTO_COLLECTION_NAME)


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, past the second step that superusers must take."""
    return log_in_verified(client, admin_user)


@pytest.fixture(params=["local disk", "S3"])
def media_storage(request, settings):
    """Run a test twice: media on the local disk, then in a fresh bucket on a real S3 server (SeaweedFS).

    Yields None for the local disk, else the S3Media of tests/harness/s3_server.py.
    """
    if request.param == "S3":
        server = request.getfixturevalue("s3_server")
        return use_s3_media(settings, server, server.new_bucket_name())
    return None
