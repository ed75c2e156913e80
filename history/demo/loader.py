"""Builds the demo site from history.demo.data. Safe to run again: what exists is left alone."""

import io
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.models import Site

from history.demo import data
from history.demo.placeholders import placeholder_jpeg
from history.models import AwardEvent, AwardPage, CaptionedImage, MilestonePage, Person
from history.roles import ensure_photo_collection
from occ_site import setup
from occ_site.models import ContentPage, HomePage, HomePageStandingAward, SiteSettings


@dataclass
class Report:
    created: list = field(default_factory=list)
    existing: list = field(default_factory=list)

    def add(self, created, label):
        (self.created if created else self.existing).append(label)


def ensure_collection():
    """The “History photos” collection the photo contributors upload into (history.roles)."""
    return ensure_photo_collection()


def ensure_photos(collection, report):
    photos = {}
    for spec in data.PHOTOS:
        photo = CaptionedImage.objects.filter(title=spec["title"]).first()
        created = photo is None
        if created:
            photo = CaptionedImage(
                title=spec["title"],
                description=spec["alt"],
                long_description=spec["long_description"],
                caption=spec["caption"],
                credit_role=spec["credit_role"],
                credit_name=spec["credit_name"],
                collection=collection,
            )
            # A drawing of what the photo shows, with the caption and the credit the site shows.
            content = placeholder_jpeg(spec["key"], caption=spec["caption"], credit=photo.credit)
            photo.file = ImageFile(io.BytesIO(content), name=f"placeholder-{spec['key']}.jpg")
            photo._set_image_file_metadata()
            photo.save()
        report.add(created, f"photo “{photo.title}”")
        photos[spec["key"]] = photo
    return photos


def ensure_people(report):
    people = {}
    for spec in data.PEOPLE:
        person = Person.objects.filter(name=spec["name"]).first()
        created = person is None
        if created:
            person = Person.objects.create(name=spec["name"], role=spec["role"])
            person.save_revision().publish()
        report.add(created, f"person “{person.name}”")
        people[spec["key"]] = person
    return people


def rich_paragraphs(paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


def ensure_home(report):
    """The home page (as ``setup_site`` makes it) with the demo's introduction, as the default site's root."""
    site = Site.objects.filter(is_default_site=True).first()
    hostname, port = (site.hostname, site.port) if site else ("localhost", 80)
    home, created = setup.ensure_home_page(title=data.HOME["title"], introduction=data.HOME["introduction"])
    setup.ensure_site_record(home, hostname=hostname, port=port, site_name=data.HOME["title"])
    report.add(created, "home page")
    return home


def ensure_membership_page(home, report):
    page = ContentPage.objects.child_of(home).filter(slug=data.MEMBERSHIP_PAGE["slug"]).first()
    created = page is None
    if created:
        page = setup.publish_new(
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
        search_description="How Oslo Cancer Cluster grew from a regional idea in 2006 to an international oncology cluster.",
    )
    report.add(created, "history page")
    return page


def ensure_privacy(home, report):
    page, created = setup.ensure_privacy_page(home)
    report.add(created, "privacy page")
    return page


def ensure_awards(history, report):
    awards = {}
    for spec in data.AWARDS:
        award = AwardPage.objects.child_of(history).filter(slug=spec["slug"]).first()
        created = award is None
        if created:
            award = AwardPage(
                title=spec["title"],
                slug=spec["slug"],
                awarding_body=spec["awarding_body"],
                summary=spec["summary"],
            )
            award.events = [AwardEvent(**event) for event in spec["events"]]
            setup.publish_new(history, award)
        report.add(created, f"award “{award.title}”")
        awards[spec["slug"]] = award
    return awards


def ensure_milestones(history, *, photos, people, awards, report):
    for spec in data.MILESTONES:
        milestone = MilestonePage.objects.child_of(history).filter(slug=spec["slug"]).first()
        created = milestone is None
        if created:
            milestone = MilestonePage(
                title=spec["title"],
                slug=spec["slug"],
                year=spec["year"],
                month=spec.get("month"),
                day=spec.get("day"),
                date_precision=spec["date_precision"],
                kind=spec["kind"],
                summary=spec["summary"],
                body=rich_paragraphs(spec["body"]),
                lead_photo=photos.get(spec.get("lead_photo")),
                related_award=awards.get(spec.get("related_award")),
                search_description=spec["summary"],
            )
            milestone.people = [people[key] for key in spec.get("people", [])]
            setup.publish_new(history, milestone)
        report.add(created, f"milestone “{milestone.title}”")


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
    _, changed = setup.ensure_site_settings(site, privacy_page=privacy_page, **data.CONTACT)
    report.add(created or changed, "site settings")


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
    ensure_milestones(history, photos=photos, people=people, awards=awards, report=report)
    ensure_home_content(home, photos=photos, awards=awards, report=report)
    privacy_page = ensure_privacy(home, report)
    ensure_site_settings(home, membership_page=membership_page, privacy_page=privacy_page, report=report)
    return report
