"""The first run of a real installation: the pages and records every site needs, without demo content.

``manage.py setup_site`` calls ``setup_site``; the demo content (occ_site.demo)
uses the same functions for its home, history and privacy pages. Everything is
idempotent: what exists is left as editors made it, only what is missing is
created, and the site record is pointed at the given host and port.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from wagtail.models import Locale, Page, Site

from core.publishing import publish_new
from history.models import HistoryIndexPage
from history.roles import ensure_history_section, ensure_roles
from occ_site.models import ContentPage, HomePage, SiteSettings

DEFAULT_SITE_NAME = "Oslo Cancer Cluster"
HISTORY_TITLE = "Our history"
HISTORY_SLUG = "our-history"
PRIVACY_TITLE = "Privacy"
PRIVACY_SLUG = "privacy"
HOSTNAME_PATTERN = re.compile(r"^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$")

PRIVACY_INTRODUCTION = (
    "What this website stores about the people who visit it and the staff who edit it, and for how long."
)
# Plain statements of what the code does; editors adjust them in the admin (e.g. how long the
# hosting keeps its logs) and the page keeps its history like every other page.
PRIVACY_PARAGRAPHS = [
    "<h2>Visitors</h2>",
    "<p>Reading this website sets no cookies. It has no analytics, advertising or tracking, and loads nothing "
    "from other websites: no fonts, scripts or pictures from other companies.</p>",
    "<p>Like every web server, ours records each request in its server log: the address asked for, the time, "
    "the IP address it came from and the browser's description of itself. The log is used only to keep the "
    "site running and safe, is not shared, and is deleted after a limited time.</p>",
    "<p>Searches on this site are answered and forgotten; they are not stored with who asked.</p>",
    "<h2>Editors and other staff</h2>",
    "<p>Staff who sign in to edit the site have an account with their name, e-mail address and a password, "
    "which is stored only in scrambled (hashed) form. Signing in sets two cookies, one keeping the session and "
    "one protecting forms against forgery; both are needed for signing in and are used for nothing else.</p>",
    "<p>What an editor writes is kept with their name and the time in the page's history, so that earlier "
    "versions can be restored. Sign-ins and failed sign-in attempts are recorded with the IP address and "
    "browser they came from, to stop password guessing.</p>",
    "<h2>Questions</h2>",
    "<p>To ask what is stored about you, or to have it corrected or deleted, write to us at the address at the "
    "bottom of this page.</p>",
]


@dataclass
class SetupReport:
    created: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    existing: list = field(default_factory=list)

    def add(self, label, *, created=False, changed=False):
        (self.created if created else self.changed if changed else self.existing).append(label)


def validate_host(hostname, port):
    """A bare host name (no scheme, port or path) and a TCP port; ValidationError otherwise."""
    if not HOSTNAME_PATTERN.match(hostname or ""):
        raise ValidationError(
            f"“{hostname}” is not a host name: give it without http:// or a path, e.g. www.example.org."
        )
    if not 1 <= port <= 65535:
        raise ValidationError(f"{port} is not a port: use 443 for HTTPS, 80 for plain HTTP.")


def ensure_home_page(*, title, slug="home", introduction=""):
    """The site's HomePage in the default language, in place of the “Welcome to your new Wagtail site!”
    page Wagtail starts with."""
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home:
        return home, False
    for welcome in Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page"):
        if not welcome.get_children().exists():
            welcome.delete()  # the default Site goes with it; ensure_site_record makes it again
    home = publish_new(Page.get_first_root_node(), HomePage(title=title, slug=slug, introduction=introduction))
    return home, True


def ensure_site_record(home, *, hostname, port, site_name):
    """The default Site, rooted at the home page, answering to hostname:port (the sitemap and feeds use it)."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.filter(root_page=home).first()
    if site is None:
        return Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=site_name
        ), True
    wanted = {"hostname": hostname, "port": port, "root_page_id": home.pk, "is_default_site": True}
    if not site.site_name:
        wanted["site_name"] = site_name
    changes = {name: value for name, value in wanted.items() if getattr(site, name) != value}
    if changes:
        clash = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).first()
        if clash:
            raise ValidationError(f"Another site already answers to {hostname}:{port} (“{clash}”); change or delete it.")
        for name, value in changes.items():
            setattr(site, name, value)
        site.save()
    return site, bool(changes)


def ensure_history_page(home, *, title=HISTORY_TITLE, slug=HISTORY_SLUG, **fields):
    """The “Our history” page under the home page, with its editorial permissions and workflow."""
    page = HistoryIndexPage.objects.child_of(home).first()
    created = page is None
    if created:
        page = publish_new(home, HistoryIndexPage(title=title, slug=slug, show_in_menus=True, **fields))
    # The post_save signal does this for new pages; repeating it repairs a page
    # whose permissions or workflow were lost.
    ensure_history_section(page.pk)
    return page, created


def ensure_privacy_page(home):
    """A privacy page under the home page, saying what the site stores about visitors and editors."""
    page = ContentPage.objects.child_of(home).filter(slug=PRIVACY_SLUG).first()
    if page:
        return page, False
    page = publish_new(
        home,
        ContentPage(
            title=PRIVACY_TITLE,
            slug=PRIVACY_SLUG,
            introduction=PRIVACY_INTRODUCTION,
            body=[("paragraph", paragraph) for paragraph in PRIVACY_PARAGRAPHS],
            search_description=PRIVACY_INTRODUCTION,
        ),
    )
    return page, True


def ensure_site_settings(site, *, privacy_page, **defaults):
    """The site's settings, pointing at the privacy page; other fields only where they are still empty."""
    site_settings = SiteSettings.for_site(site)
    changed = []
    if site_settings.privacy_page_id is None:
        site_settings.privacy_page = privacy_page
        changed.append("privacy_page")
    for name, value in defaults.items():
        if value and not getattr(site_settings, name):
            setattr(site_settings, name, value)
            changed.append(name)
    if changed:
        site_settings.save()
    return site_settings, bool(changed)


@transaction.atomic
def setup_site(*, hostname, port, site_name=DEFAULT_SITE_NAME):
    """Everything a fresh installation needs to be a working, empty site at hostname:port."""
    validate_host(hostname, port)
    report = SetupReport()
    groups = ensure_roles()
    report.add(f"editorial groups ({', '.join(groups)})")
    home, created = ensure_home_page(title=site_name)
    report.add("home page", created=created)
    site, changed = ensure_site_record(home, hostname=hostname, port=port, site_name=site_name)
    report.add(f"site record {site.hostname}:{site.port}", changed=changed)
    history, created = ensure_history_page(home)
    report.add(f"“{history.title}” page", created=created)
    privacy, created = ensure_privacy_page(home)
    report.add(f"“{privacy.title}” page", created=created)
    _, changed = ensure_site_settings(site, privacy_page=privacy)
    report.add("site settings", changed=changed)
    return report
