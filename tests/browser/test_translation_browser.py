"""Translating a milestone in wagtail-localize's editor (a React app), in a real browser.

A History editor starts the Norwegian version of an English milestone with "Translate this
page", writes its strings in the translation editor (each is saved as it is written) and
cannot publish it; a History moderator publishes it and visitors see it under /nb/. An editor
also corrects a string of an existing Norwegian translation, reached through the locale
switcher of the English page. The waits are on what the editor shows ("Translated manually
on ..." once the server has saved a string) and on the server's answers, never on time.
"""

import re

from django.contrib.auth.models import Group

import pytest
from wagtail_localize.models import StringTranslation, Translation

from history.models import MilestonePage
from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS
from staff_signin.factors import authenticator_of, enrol_authenticator
from tests.bilingual_content import HUNDREDTH_COMPANY_IN_NORWEGIAN, norwegian, publish_hundredth_company
from tests.browser.conftest import PageErrors
from tests.signin import code_for, new_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-browser-test-password"
SAVED = "Translated manually on"  # what the editor shows beside a string once the server has it


@pytest.fixture
def staff(demo_server, django_user_model):
    """One History editor and one History moderator; the moderator signs in with a code (second step)."""
    users = {}
    for username, group in (("editor", HISTORY_EDITORS), ("moderator", HISTORY_MODERATORS)):
        user = django_user_model.objects.create_user(username, password=PASSWORD, first_name=username.title())
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    enrol_authenticator(user=users["moderator"], secret=new_secret())
    return users


@pytest.fixture
def sign_in(demo_server, open_context, staff):
    """A browser page signed in to the admin as one of the staff, and the PageErrors watching it."""

    def open_admin(username):
        errors = PageErrors()
        page = errors.watch(open_context(viewport={"width": 1400, "height": 900}).new_page())
        page.goto(demo_server.url + "/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        device = authenticator_of(staff[username])
        if device is not None:
            page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
            page.fill("#id_code", code_for(device))
            page.get_by_role("button", name="Continue").click()
        page.wait_for_url(re.compile(r"/admin/$"))
        return page, errors

    return open_admin


def string_field(page, label):
    """One field's block in the translation editor (its source text, translation and buttons), by its heading."""
    return page.get_by_role("tabpanel").get_by_role("listitem").filter(  # the tab shown
        has=page.get_by_role("heading", name=label, exact=True)
    )


def write_translation(page, label, text):
    """Open one string for translating (or editing), type the text and save it; wait until the server has it."""
    from playwright.sync_api import expect

    field = string_field(page, label)
    field.get_by_role("button", name=re.compile(r"^(Translate|Edit)$")).click()
    field.get_by_role("textbox").fill(text)
    # The editor saves the string with a PUT of its own; an existing translation shows SAVED already,
    # so the wait is on the server's answer.
    with page.expect_response(lambda response: response.request.method == "PUT") as saving:
        field.get_by_role("button", name="Save", exact=True).click()
    assert saving.value.status in {200, 201}, saving.value.status
    expect(field).to_contain_text(SAVED)
    expect(field).to_contain_text(text)
    expect(field).not_to_contain_text("Saving...")


def assert_no_publish_button(page):
    from playwright.sync_api import expect

    # include_hidden: the footer's other actions sit in a closed drop-down.
    expect(page.locator("footer").get_by_role("button", name=re.compile("Publish"), include_hidden=True)).to_have_count(0)


@pytest.fixture
def english_milestone(demo_server):
    return publish_hundredth_company()


def test_an_editor_translates_a_milestone_and_only_a_moderator_publishes_it(
    demo_server, open_context, sign_in, staff, english_milestone
):
    from playwright.sync_api import expect

    norwegian_title = HUNDREDTH_COMPANY_IN_NORWEGIAN[english_milestone.title]
    norwegian_summary = HUNDREDTH_COMPANY_IN_NORWEGIAN[english_milestone.summary]

    # The editor starts the Norwegian version from the English milestone's editor.
    editor, editor_errors = sign_in("editor")
    editor.goto(f"{demo_server.url}/admin/pages/{english_milestone.pk}/edit/")
    editor.locator("header").get_by_role("button", name="Actions").click()
    editor.get_by_role("link", name="Translate this page").click()
    editor.wait_for_url(re.compile(r"/admin/localize/submit/page/\d+/"))
    editor.get_by_label("Norsk bokmål").check()
    editor.get_by_role("button", name="Submit").click()

    draft = english_milestone.get_translation(norwegian())
    editor.wait_for_url(re.compile(rf"/admin/pages/{draft.pk}/edit/$"))
    assert not draft.live  # a copy holding the English text until it is translated and published
    content = editor.get_by_role("tabpanel", name="Content")
    expect(content.get_by_role("heading", name="English to Norsk bokmål translation")).to_be_visible()

    # The strings, written in the translation editor: title and summary, then the slug on the Promote tab.
    write_translation(editor, "Title", norwegian_title)
    write_translation(editor, "Summary", norwegian_summary)
    editor.get_by_role("tab", name="Promote").click()
    write_translation(editor, "Slug", "hundrede-selskap")

    translation = Translation.objects.get(
        source__object_id=english_milestone.translation_key, target_locale=norwegian()
    )
    saved = StringTranslation.objects.filter(locale=norwegian(), context__object=translation.source.object)
    assert {saved_string.data for saved_string in saved} == {norwegian_title, norwegian_summary, "hundrede-selskap"}
    assert {saved_string.last_translated_by for saved_string in saved} == {staff["editor"]}
    draft.refresh_from_db()
    assert draft.draft_title == norwegian_title  # the admin lists the draft under its Norwegian title
    assert not draft.live

    # Editors do not publish: the translation editor offers them no Publish button.
    assert_no_publish_button(editor)
    editor_errors.assert_none()

    # The moderator opens the same translation and publishes it.
    moderator, moderator_errors = sign_in("moderator")
    moderator.goto(f"{demo_server.url}/admin/pages/{draft.pk}/edit/")
    expect(string_field(moderator, "Title")).to_contain_text(norwegian_title)
    moderator.locator("footer").get_by_role("button", name="Publish in Norsk bokmål").click()
    expect(moderator.locator(".messages")).to_contain_text("in Norsk bokmål.")
    draft.refresh_from_db()
    assert draft.live
    assert (draft.title, draft.slug, draft.summary) == (norwegian_title, "hundrede-selskap", norwegian_summary)
    moderator_errors.assert_none()

    # Visitors see it under /nb/, in Norwegian.
    visitor = open_context().new_page()
    visitor.goto(f"{demo_server.url}/nb/var-historie/hundrede-selskap/")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(norwegian_title)
    expect(visitor.locator("main")).to_contain_text(norwegian_summary)


def test_an_editor_corrects_a_norwegian_string_reached_from_the_english_milestone(demo_server, sign_in, staff):
    from playwright.sync_api import expect

    english = MilestonePage.objects.get(locale__language_code="en", slug="innovation-park-opens")
    norwegian_page = english.get_translation(norwegian())
    published_summary = norwegian_page.summary
    corrected = "Innovasjonsparken og inkubatoren åpner på Montebello, vegg i vegg med Radiumhospitalet."

    editor, errors = sign_in("editor")
    editor.goto(f"{demo_server.url}/admin/pages/{english.pk}/edit/")
    status = editor.get_by_role("button", name="Toggle status")
    status.click()
    editor.get_by_role("button", name="Switch locales").click()
    editor.get_by_role("link", name="Norsk bokmål").click()
    editor.wait_for_url(re.compile(rf"/admin/pages/{norwegian_page.pk}/edit/$"))

    # Wagtail keeps the status panel open from the last page; over the translation editor it covers
    # the strings' buttons, so the editor closes it first.
    status = editor.get_by_role("button", name="Toggle status")
    expect(status).to_have_attribute("aria-expanded", "true")
    status.click()
    expect(status).to_have_attribute("aria-expanded", "false")

    summary = string_field(editor, "Summary")
    expect(summary).to_contain_text(published_summary)  # the demo's Norwegian text, translated already
    write_translation(editor, "Summary", corrected)

    translation = Translation.objects.get(source__object_id=english.translation_key, target_locale=norwegian())
    saved = StringTranslation.objects.get(
        locale=norwegian(), context__object=translation.source.object, data=corrected
    )
    assert saved.last_translated_by == staff["editor"]
    assert not StringTranslation.objects.filter(
        locale=norwegian(), context=saved.context, data=published_summary
    ).exists()  # corrected, not added beside the old text

    # Saved, not published: the editor cannot publish, and visitors still read the published text.
    assert_no_publish_button(editor)
    norwegian_page.refresh_from_db()
    assert norwegian_page.summary == published_summary
    errors.assert_none()
