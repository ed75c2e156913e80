"""Site-level models: the home page, simple content pages and site settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from history.blocks import RICH_TEXT_FEATURES, BodyBlock
from occ_site.privacy import public_pages


class HomePage(Page):
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

    def history_page(self, request=None):
        """The live, public history page below this one, which the home page links to and names in
        its JSON-LD; remembered until the next purge (previews look it up)."""
        from history.models import HistoryIndexPage
        from occ_site.pagecache import remember_unless_preview

        def find_history_page():
            return public_pages(HistoryIndexPage.objects.live().child_of(self)).first()

        return remember_unless_preview(request, f"home-history-page:{self.pk}", find_history_page)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["history_page"] = self.history_page(request)
        return context


class ContentPage(Page):
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
    contact_address = models.TextField(
        _("postal address"),
        blank=True,
        help_text=_("Shown in the footer and on the “Join” page, one line per line of the address."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Where visitors and future members write to, e.g. post@example.org.")
    )
    contact_phone = models.CharField(
        _("contact phone"), max_length=40, blank=True, help_text=_("With the country code, e.g. +47 22 00 00 00.")
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page saying what the site stores about visitors and editors; linked from the footer."),
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
            [FieldPanel("contact_address"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact details"),
        ),
        FieldPanel("privacy_page"),
        MultiFieldPanel(
            [FieldPanel("linkedin_url"), FieldPanel("facebook_url"), FieldPanel("instagram_url")],
            heading=_("Social media"),
        ),
    ]

    # Every page shows the "Join" and privacy links: read their pages with the settings.
    select_related = ["join_page", "privacy_page"]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_request(cls, request):
        """Every page shows them: remembered until the next purge (saving them purges).

        Only the site's pages read them through here; the settings form in the
        admin reads them with ``for_site``, from the database.
        """
        from occ_site.pagecache import remember

        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            site_settings = remember(f"site-settings:{site.pk if site else ''}", lambda: cls.for_site(site))
            site_settings._request = request  # as Wagtail's own for_request: page URLs for this request
            setattr(request, attr_name, site_settings)
        return getattr(request, attr_name)

    @property
    def join_link(self):
        """Where the “Join” button leads: the chosen live page, else the external address."""
        if self.join_page_id and self.join_page.live:
            return self.join_page.url
        return self.join_url

    @property
    def privacy_link(self):
        """The privacy page's address while it is live, else nothing (the footer then leaves the link out)."""
        if self.privacy_page_id and self.privacy_page.live:
            return self.privacy_page.url
        return ""

    @property
    def has_contact_details(self):
        return bool(self.contact_address or self.contact_email or self.contact_phone)

    @property
    def contact_address_lines(self):
        return [line.strip() for line in self.contact_address.splitlines() if line.strip()]

    @property
    def contact_phone_uri(self):
        """tel: link target: the digits with a leading + (spaces, dots and dashes dropped)."""
        digits = "".join(c for c in self.contact_phone if c.isdigit())
        return f"tel:{'+' if self.contact_phone.strip().startswith('+') else ''}{digits}" if digits else ""

    @property
    def social_links(self):
        links = [("LinkedIn", self.linkedin_url), ("Facebook", self.facebook_url), ("Instagram", self.instagram_url)]
        return [(label, url) for label, url in links if url]
