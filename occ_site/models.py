"""Site-level models: the home page, simple content pages and site settings."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q, Subquery
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from core.cache_tags import add_cache_tags, children_tag, settings_tag, tag_pages
from core.renditions import PagePhotosMixin, photos_on_page, prefetch_picture_renditions
from core.sitemaps import SitemapAlternatesMixin
from core.translated_fields import active_language, localized, pages_in_locale
from core.view_restrictions import public_pages
from history.blocks import RICH_TEXT_FEATURES, BodyBlock
from history.models import AwardEvent, AwardPage, HistoryIndexPage, MilestonePage

# How many milestones "From our history" shows, and how many an editor may pin instead.
HISTORY_HIGHLIGHTS = 3


@dataclass(frozen=True)
class Standing:
    """An award or status on the home page, with its events (awarded, renewed...) oldest first."""

    award: AwardPage
    events: list


class HomePage(SitemapAlternatesMixin, Page):
    """The site's root page: who the organisation is, a taste of its history, where it stands, how to join."""

    lead_photo = models.ForeignKey(
        "history.CaptionedImage",
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the home page with its caption and credit, and when the site is shared."),
    )
    introduction = RichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Who the organisation is, in a few sentences: the welcome text at the top of the home page."),
    )
    join_heading = models.CharField(
        _("heading"),
        max_length=255,
        blank=True,
        help_text=_("Optional. Leave empty for “Become a member”."),
    )
    join_text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("A sentence or two inviting organisations to join, shown above the “Join” button."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("Optional further text and photos, shown below the organisation's standing."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead_photo"),
        FieldPanel("introduction"),
        InlinePanel(
            "pinned_milestones",
            heading=_("From our history"),
            label=_("Pinned milestone"),
            max_num=HISTORY_HIGHLIGHTS,
            help_text=_(
                "The home page shows the three latest published milestones by itself. "
                "Pin up to three milestones here to show those instead, in this order."
            ),
        ),
        InlinePanel(
            "standing_awards",
            heading=_("Current standing"),
            label=_("Award or status"),
            help_text=_(
                "The awards and statuses the organisation holds today. Their dates and scores come from the "
                "award's own page: add a renewal there and the home page shows it."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("join_heading"), FieldPanel("join_text")],
            heading=_("Invitation to join"),
            help_text=_("The “Join” button itself leads where the site settings say (Settings → Site settings)."),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["history.HistoryIndexPage", "occ_site.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Every page address starts at the home page of the address's language (/nb/: the Norwegian one).
        Where that language has no live home page yet, Wagtail falls back to the site's root page, the
        English one, whose pages would then show under /nb/ in English, marked as Norwegian: a 404."""
        site = Site.find_for_request(request)  # Wagtail's, kept on the request: no query
        if site is not None and self.pk == site.root_page_id and get_language() != settings.LANGUAGE_CODE:
            raise Http404
        return super().route(request, path_components)

    @property
    def share_photo(self):
        return self.lead_photo

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The renditions of every photo the page shows, its highlights' included, in one query.
        prefetch_picture_renditions([*photos_on_page(self), *(m.lead_photo for m in self.history_highlights)])
        if self.history_page is not None:
            # Without pins the highlights are the latest milestones: the history page's listing.
            add_cache_tags(children_tag(self.history_page))
        return context

    @cached_property
    def history_page(self):
        """The live, public history page below this one: the home page links to it and names it in its JSON-LD."""
        return public_pages(HistoryIndexPage.objects.live().child_of(self)).first()

    @cached_property
    def history_highlights(self):
        """“From our history”: the pinned milestones that are live and public, in the editor's order,
        or else the latest ones. Two queries (three when every pinned one is unpublished); their
        photos' renditions are read with the page's own (``get_context``).

        The pins are read through the page, so a preview shows the pins being edited.
        """
        pinned_ids = [pin.milestone_id for pin in self.pinned_milestones.all()]
        milestones = []
        if pinned_ids:
            # Pins are chosen once: a translated home page shows the same milestones in its own language.
            found = public_pages(MilestonePage.objects.live()).select_related("lead_photo")
            by_id = pages_in_locale(found, pinned_ids, self.locale_id)
            milestones = list({by_id[pk].pk: by_id[pk] for pk in pinned_ids if pk in by_id}.values())
        if not milestones:
            milestones = list(
                public_pages(MilestonePage.objects.live().descendant_of(self))
                .select_related("lead_photo")
                .order_by("-date", "-path")[:HISTORY_HIGHLIGHTS]
            )
        return milestones

    @cached_property
    def current_standing(self):
        """The chosen awards that are live and public, in the editor's order, each with its events
        (from the award page: nobody types a date or a score twice). Two queries."""
        chosen_ids = list(dict.fromkeys(item.award_id for item in self.standing_awards.all()))
        # Chosen once: a translated home page shows the same awards, in its own language where translated.
        chosen = public_pages(AwardPage.objects.live())
        keys = AwardPage.objects.filter(pk__in=chosen_ids).values("translation_key")
        in_locale = chosen.filter(translation_key__in=Subquery(keys), locale_id=self.locale_id)
        events = (
            AwardEvent.objects.filter(Q(award__in=chosen.filter(pk__in=chosen_ids)) | Q(award__in=in_locale))
            .select_related("award")
            .order_by("date", "sort_order")
        )
        by_award = {}
        for event in events:
            by_award.setdefault(event.award_id, []).append(event)
        awards = {events[0].award.pk: events[0].award for events in by_award.values()}
        translated = {award.translation_key: award for award in awards.values() if award.locale_id == self.locale_id}
        standing = []
        for pk in chosen_ids:
            if pk in awards:
                award = translated.get(awards[pk].translation_key, awards[pk])
                standing.append(Standing(award, by_award[award.pk]))
        return standing


class HomePagePinnedMilestone(Orderable):
    """A milestone an editor chose for the home page's “From our history”."""

    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="pinned_milestones")
    milestone = models.ForeignKey(
        "history.MilestonePage",
        verbose_name=_("milestone"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("milestone")]

    class Meta(Orderable.Meta):
        verbose_name = _("pinned milestone")
        verbose_name_plural = _("pinned milestones")


class HomePageStandingAward(Orderable):
    """An award or status the home page shows as part of the organisation's current standing."""

    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="standing_awards")
    award = models.ForeignKey(
        "history.AwardPage",
        verbose_name=_("award or status"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("award")]

    class Meta(Orderable.Meta):
        verbose_name = _("award in the current standing")
        verbose_name_plural = _("awards in the current standing")


class ContentPage(SitemapAlternatesMixin, PagePhotosMixin, Page):
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
    join_label_nb = models.CharField(
        _("“Join” button text in Norwegian"),
        max_length=50,
        default="Bli medlem",
        blank=True,
        help_text=_("On Norwegian pages, e.g. “Bli medlem”. Empty: the English text is shown."),
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
            [FieldPanel("join_page"), FieldPanel("join_url"), FieldPanel("join_label"), FieldPanel("join_label_nb")],
            heading=_("Membership"),
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

    @cached_property
    def pages_in_active_language(self):
        """The “Join” and privacy pages in the page's language (their translations, where live),
        in one query; in the default language, the chosen pages themselves."""
        chosen = {"join": self.join_page, "privacy": self.privacy_page}
        chosen = {name: page for name, page in chosen.items() if page is not None and page.live}
        language = active_language()
        if language == settings.LANGUAGE_CODE or not chosen:
            return chosen
        translations = Page.objects.live().filter(
            translation_key__in=[page.translation_key for page in chosen.values()], locale__language_code=language
        )
        by_key = {page.translation_key: page for page in translations}
        return {name: by_key.get(page.translation_key, page) for name, page in chosen.items()}

    @classmethod
    def for_request(cls, request):
        """Wagtail's, naming the settings on the response: they show on every page (header, footer)."""
        site_settings = super().for_request(request)
        add_cache_tags(settings_tag(site_settings.site_id))
        return site_settings

    @property
    def join_link(self):
        """Where the “Join” button leads: the chosen live page (in the page's language), else the external address."""
        page = self.pages_in_active_language.get("join")
        tag_pages(page)
        return page.url if page is not None else self.join_url

    @property
    def join_text(self):
        return localized(self, "join_label")

    @property
    def privacy_link(self):
        """The privacy page's address while it is live, else nothing (the footer then leaves the link out)."""
        page = self.pages_in_active_language.get("privacy")
        return page.url if page is not None else ""

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
