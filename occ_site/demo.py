"""The demo site: the organisation's history (history.demo) in a whole site, for demonstrations.

``manage.py load_demo_content`` runs ``load_demo_content``. The pages and records a
real installation needs come from ``occ_site.setup`` (as ``setup_site`` makes them);
this adds the demo's texts, photos, milestones, awards and people. Safe to run
again: what exists is left alone, and a second run says nothing changed.
"""

from django.db import transaction

from wagtail.models import Site

from core.publishing import publish_new
from history.demo import data
from history.demo.loader import (
    Report,
    ensure_awards,
    ensure_collection,
    ensure_milestones,
    ensure_people,
    ensure_photos,
)
from occ_site import setup
from occ_site.demo_translation import fill_norwegian_records, translate_pages
from occ_site.models import ContentPage, HomePage, HomePageStandingAward, SiteSettings


def ensure_home(report):
    """The home page (as ``setup_site`` makes it) with the demo's introduction, as the default site's root."""
    site = Site.objects.filter(is_default_site=True).first()
    hostname, port = (site.hostname, site.port) if site else ("localhost", 80)
    home, created = setup.ensure_home_page(
        title=data.HOME["title"], slug=data.HOME["slug"], introduction=data.HOME["introduction"]
    )
    setup.ensure_site_record(home, hostname=hostname, port=port, site_name=data.HOME["title"])
    report.add(created, "home page")
    return home


def ensure_membership_page(home, report):
    page = ContentPage.objects.child_of(home).filter(slug=data.MEMBERSHIP_PAGE["slug"]).first()
    created = page is None
    if created:
        page = publish_new(
            home,
            ContentPage(
                title=data.MEMBERSHIP_PAGE["title"],
                slug=data.MEMBERSHIP_PAGE["slug"],
                introduction=data.MEMBERSHIP_PAGE["introduction"],
                body=[("paragraph", data.MEMBERSHIP_PAGE["body"])],
                show_in_menus=True,
            ),
        )
    report.add(created, "membership page")
    return page


def ensure_history(home, report):
    page, created = setup.ensure_history_page(
        home,
        title=data.HISTORY["title"],
        slug=data.HISTORY["slug"],
        introduction=data.HISTORY["introduction"],
        search_description=data.HISTORY["search_description"],
    )
    report.add(created, "history page")
    return page


def ensure_privacy(home, report):
    page, created = setup.ensure_privacy_page(home)
    report.add(created, "privacy page")
    return page


def ensure_home_content(home, *, photos, awards, report):
    """The home page's photo, current standing and invitation to join, filled in once: on a home page
    that has none of them (a new one, or one made before the home page had them). An editor's
    choices are left alone, and a second run changes nothing."""
    home = HomePage.objects.get(pk=home.pk)
    filled = home.lead_photo_id or home.join_text or home.standing_awards.exists()
    if not filled:
        home.lead_photo = photos[data.HOME["lead_photo"]]
        home.join_text = data.HOME["join_text"]
        home.standing_awards = [HomePageStandingAward(award=awards[slug]) for slug in data.HOME["standing_awards"]]
        home.save_revision().publish()
    report.add(not filled, "home page photo, standing and invitation")


def ensure_site_settings(home, *, membership_page, privacy_page, report):
    site = Site.objects.get(root_page=home)
    site_settings = SiteSettings.for_site(site)
    created = site_settings.join_page_id is None and not site_settings.join_url
    if created:
        site_settings.join_page = membership_page
        site_settings.save()
    site_settings, changed = setup.ensure_site_settings(site, privacy_page=privacy_page, **data.CONTACT)
    report.add(created or changed, "site settings")
    return site_settings


@transaction.atomic
def load_demo_content():
    """Create whatever part of the demo site is missing; return what was done."""
    report = Report()
    collection, created = ensure_collection()
    report.add(created, f"collection “{collection.name}”")
    photos = ensure_photos(collection, report)
    people = ensure_people(report)
    home = ensure_home(report)
    membership_page = ensure_membership_page(home, report)
    history = ensure_history(home, report)
    awards = ensure_awards(history, report)
    milestones = ensure_milestones(history, photos=photos, people=people, awards=awards, report=report)
    ensure_home_content(home, photos=photos, awards=awards, report=report)
    privacy_page = ensure_privacy(home, report)
    site_settings = ensure_site_settings(
        home, membership_page=membership_page, privacy_page=privacy_page, report=report
    )
    # Norwegian Bokmål: the pages translated with wagtail-localize (parents first), and the
    # Norwegian fields of the records that are not pages.
    pages = [home, membership_page, privacy_page, history, *awards.values(), *milestones.values()]
    translate_pages(pages, report)
    fill_norwegian_records(photos=photos, people=people, site_settings=site_settings, report=report)
    return report

