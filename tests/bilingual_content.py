"""Content the bilingual tests share: the Norwegian locale, and a milestone an editor adds after
the demo (the incubator's hundredth company) with its Norwegian text as an editor writes it."""

from wagtail.models import Locale

from history.models import HistoryIndexPage, MilestonePage

HUNDREDTH_COMPANY_IN_NORWEGIAN = {
    "The incubator welcomes its hundredth company": "Inkubatoren ønsker sitt hundrede selskap velkommen",
    "hundredth-company": "hundrede-selskap",
    "A hundred companies have now started in the incubator.": "Hundre selskaper har nå startet i inkubatoren.",
}


def norwegian():
    return Locale.objects.get(language_code="nb")


def publish_hundredth_company():
    """The milestone, published in English under the demo's history page."""
    history = HistoryIndexPage.objects.get(locale__language_code="en")
    milestone = MilestonePage(
        title="The incubator welcomes its hundredth company",
        slug="hundredth-company",
        year=2025,
        summary="A hundred companies have now started in the incubator.",
    )
    history.add_child(instance=milestone)
    milestone.save_revision().publish()
    return milestone
