"""Editors can only add pages where they make sense, and every page type can be created in the admin."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from history.factories import CaptionedImageFactory, HistoryIndexPageFactory, PersonFactory
from history.models import AwardPage, HistoryIndexPage, MilestonePage, Person
from occ_site.factories import HomePageFactory
from occ_site.models import ContentPage, HomePage
from tests.signin import VerifiedLoginMixin


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_lives_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {HistoryIndexPage, ContentPage})

    def test_history_page_lives_under_home_and_holds_milestones_and_awards(self):
        self.assertAllowedParentPageTypes(HistoryIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(HistoryIndexPage, {MilestonePage, AwardPage})

    def test_milestones_and_awards_only_under_a_history_page_and_have_no_children(self):
        for model in (MilestonePage, AwardPage):
            self.assertAllowedParentPageTypes(model, {HistoryIndexPage})
            self.assertAllowedSubpageTypes(model, set())

    def test_content_pages_nest_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})

    def test_a_milestone_cannot_be_added_to_the_home_page(self):
        self.assertCanNotCreateAt(HomePage, MilestonePage)
        self.assertCanNotCreateAt(ContentPage, MilestonePage)
        self.assertCanNotCreateAt(MilestonePage, MilestonePage)


class AdminCreationTests(VerifiedLoginMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).delete()
        cls.home = HomePageFactory(parent=root, slug="home")
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", root_page=cls.home, is_default_site=True)
        cls.history = HistoryIndexPageFactory(parent=cls.home)
        cls.photo = CaptionedImageFactory()
        cls.person = PersonFactory(name="Kaare Norum")

    def setUp(self):
        self.login()

    def test_create_home_page_under_root(self):
        Page.objects.get(pk=self.home.pk).delete()
        self.assertCanCreate(Page.get_first_root_node(), HomePage, nested_form_data({
            "title": "Welcome", "introduction": rich_text("<p>Hello</p>"), "body": streamfield([]),
            "pinned_milestones": inline_formset([]), "standing_awards": inline_formset([]),
        }))

    def test_create_content_page(self):
        self.assertCanCreate(self.home, ContentPage, nested_form_data({
            "title": "Become a member",
            "introduction": "Join us.",
            "body": streamfield([
                ("paragraph", rich_text("<p>Members come from everywhere.</p>")),
                ("quote", {"text": "Together we are faster.", "attribution": "A member"}),
            ]),
        }))
        self.assertTrue(ContentPage.objects.filter(title="Become a member", live=True).exists())

    def test_create_history_page(self):
        HistoryIndexPage.objects.all().delete()
        self.assertCanCreate(self.home, HistoryIndexPage, nested_form_data({
            "title": "Our history", "introduction": rich_text("<p>Since 2006.</p>"),
        }))

    def test_create_milestone_with_photo_people_and_body(self):
        data = nested_form_data({
            "title": "Innovation Park opens",
            "date_precision": "month",
            "year": 2015,
            "month": 5,
            "day": "",
            "kind": "building",
            "summary": "The park opens at Montebello.",
            "lead_photo": self.photo.pk,
            "related_award": "",
            "body": streamfield([
                ("paragraph", rich_text("<p>The whole value chain in one place.</p>")),
                ("photo", {"image": self.photo.pk, "caption": ""}),
                ("quote", {"text": "A great day.", "attribution": "Someone"}),
            ]),
        })
        data["people"] = [str(self.person.pk)]  # a multiple choice: one value per person
        self.assertCanCreate(self.history, MilestonePage, data)
        milestone = MilestonePage.objects.get(title="Innovation Park opens")
        self.assertEqual(milestone.display_date, "May 2015")
        self.assertEqual(list(milestone.people.all()), [self.person])

    def test_create_award_with_events(self):
        self.assertCanCreate(self.history, AwardPage, nested_form_data({
            "title": "Gold Label certificate",
            "awarding_body": "European Cluster Excellence Initiative (ECEI)",
            "summary": "The highest recognition.",
            "lead_photo": "",
            "website": "",
            "body": streamfield([]),
            "events": inline_formset([
                {"event_type": "awarded", "date_precision": "month", "year": 2019, "month": 12, "day": "",
                 "headline": "", "score": "", "note": ""},
                {"event_type": "renewed", "date_precision": "month", "year": 2022, "month": 12, "day": "",
                 "headline": "", "score": "94", "note": "Renewed."},
            ], min=1),
        }))
        award = AwardPage.objects.get(title="Gold Label certificate")
        events = award.events_in_order
        self.assertEqual([e.display_date for e in events], ["December 2019", "December 2022"])
        self.assertEqual(events[1].score_display, "94%")

    def test_create_person_snippet(self):
        response = self.client.post(
            "/admin/snippets/history/person/add/",
            {"name": "Jónas Einarsson", "role": "CEO of Radforsk", "portrait": "", "action-publish": "publish"},
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        person = Person.objects.get(name="Jónas Einarsson")
        self.assertTrue(person.live)
        self.assertEqual(person.revisions.count(), 1)

    def test_award_event_inline_is_required(self):
        response = self.client.post(
            f"/admin/pages/add/history/awardpage/{self.history.pk}/",
            nested_form_data({
                "title": "Empty award", "slug": "empty-award", "awarding_body": "X", "summary": "Y",
                "lead_photo": "", "website": "", "body": streamfield([]),
                "events": inline_formset([], min=1),
                "action-publish": "action-publish",
            }),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(AwardPage.objects.filter(title="Empty award").exists())


class EditorScreensTests(VerifiedLoginMixin, WagtailPageTestCase):
    """The demo pages open in the editor, and their drafts render with the public templates."""

    @classmethod
    def setUpTestData(cls):
        from occ_site.demo import load_demo_content

        load_demo_content()

    def test_every_demo_page_is_editable_and_previewable(self):
        self.login()
        for page in Page.objects.filter(depth__gt=1).specific():
            with self.subTest(page=page.title):
                response = self.client.get(f"/admin/pages/{page.pk}/edit/")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, page.title)
                # "View draft" renders the latest revision with the public template.
                draft = self.client.get(f"/admin/pages/{page.pk}/view_draft/")
                self.assertEqual(draft.status_code, 200)
                self.assertContains(draft, f"<h1>{page.title}</h1>", html=True)

    def test_person_snippet_edit_screen_opens(self):
        self.login()
        person = Person.objects.get(name="Kaare Norum")
        response = self.client.get(f"/admin/snippets/history/person/edit/{person.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kaare Norum")
