"""wagtail-factories for the site-level pages, beside history.factories for the history section."""

import wagtail_factories

from occ_site.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Home"
