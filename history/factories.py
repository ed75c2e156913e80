"""wagtail-factories for tests and benchmarks: build page trees without fixtures."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from history.models import AwardEvent, AwardPage, CaptionedImage, HistoryIndexPage, MilestonePage, Person


class CaptionedImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = CaptionedImage

    title = factory.Sequence(lambda n: f"Photo {n}")
    description = factory.Sequence(lambda n: f"Alt text for photo {n}")
    caption = factory.Sequence(lambda n: f"Caption of photo {n}")
    description_nb = factory.Sequence(lambda n: f"Alternativ tekst til bilde {n}")
    caption_nb = factory.Sequence(lambda n: f"Bildetekst til bilde {n}")
    credit_role = "photo"
    credit_name = "Test Photographer"
    file = factory.django.ImageField(width=64, height=40, color="orange")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    role = "Founder"


class HistoryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HistoryIndexPage

    title = "Our history"
    slug = "our-history"


class MilestonePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MilestonePage

    title = factory.Sequence(lambda n: f"Milestone {n}")
    year = factory.Sequence(lambda n: 2000 + n % 25)
    date_precision = "year"
    kind = "organisation"
    summary = factory.Sequence(lambda n: f"Summary of milestone {n}.")


class AwardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AwardPage

    title = factory.Sequence(lambda n: f"Award {n}")
    awarding_body = "A Body"
    summary = "What the award is."


class AwardEventFactory(DjangoModelFactory):
    class Meta:
        model = AwardEvent

    award = factory.SubFactory(AwardPageFactory)
    event_type = "awarded"
    year = 2019
    month = 12
    date_precision = "month"
