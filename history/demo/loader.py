"""The demo's history content from history.demo.data: photos, people, awards and milestones.

``occ_site.demo.load_demo_content`` builds the whole demo site around it (the home,
history, membership and privacy pages, the site settings). Safe to run again: what
exists is left alone.
"""

import io
from dataclasses import dataclass, field

from django.core.files.images import ImageFile

from core.publishing import publish_new
from history.demo import data
from history.demo.placeholders import placeholder_jpeg
from history.models import AwardEvent, AwardPage, CaptionedImage, MilestonePage, Person
from history.roles import ensure_photo_collection


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
            publish_new(history, award)
        report.add(created, f"award “{award.title}”")
        awards[spec["slug"]] = award
    return awards


def ensure_milestones(history, *, photos, people, awards, report):
    milestones = {}
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
            publish_new(history, milestone)
        report.add(created, f"milestone “{milestone.title}”")
        milestones[spec["slug"]] = milestone
    return milestones
