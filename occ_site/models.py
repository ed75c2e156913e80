"""Site-level models: the home page, simple content pages and site settings."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from history.blocks import RICH_TEXT_FEATURES, BodyBlock
from history.models import HistoryIndexPage
from history.renditions import PagePhotosMixin
from history.view_restrictions import public_pages


class HomePage(PagePhotosMixin, Page):
    """The site's root page."""

    introduction = RichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The welcome text at the top of the home page."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["history.HistoryIndexPage", "occ_site.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    @cached_property
    def history_page(self):
        """The live, public history page below this one, which the home page links to and names in its JSON-LD."""
        return public_pages(HistoryIndexPage.objects.live().child_of(self)).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["history_page"] = self.history_page
        return context


class ContentPage(PagePhotosMixin, Page):
    """A simple page of text and photos (about us, membership, ...)."""

    introduction = models.TextField(_("introduction"), blank=True, help_text=_("A short lead paragraph."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["occ_site.HomePage", "occ_site.ContentPage"]
    subpage_types = ["occ_site.ContentPage"]

    class Meta:
        verbose_name = _("content page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Organisation-wide settings editors can change without a deploy."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=255,
        default="Oslo Cancer Cluster",
        help_text=_("Shown in the header, the footer and search results."),
    )
    join_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("“Join” page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The membership page the “Join” button leads to."),
    )
    join_url = models.URLField(
        _("“Join” link elsewhere"),
        blank=True,
        help_text=_("Only if membership is handled on another website: its full address. Used when no page is chosen."),
    )
    join_label = models.CharField(
        _("“Join” button text"), max_length=50, default="Join", help_text=_("Keep it short, e.g. “Join”.")
    )
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [FieldPanel("join_page"), FieldPanel("join_url"), FieldPanel("join_label")], heading=_("Membership")
        ),
        MultiFieldPanel(
            [FieldPanel("linkedin_url"), FieldPanel("facebook_url"), FieldPanel("instagram_url")],
            heading=_("Social media"),
        ),
    ]

    # Every page shows the "Join" link: read its page with the settings.
    select_related = ["join_page"]

    class Meta:
        verbose_name = _("site settings")

    @property
    def join_link(self):
        """Where the “Join” button leads: the chosen live page, else the external address."""
        if self.join_page_id and self.join_page.live:
            return self.join_page.url
        return self.join_url

    @property
    def social_links(self):
        links = [("LinkedIn", self.linkedin_url), ("Facebook", self.facebook_url), ("Instagram", self.instagram_url)]
        return [(label, url) for label, url in links if url]
