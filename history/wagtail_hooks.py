from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from history.models import Person
from history.renditions import photos_on_page, prefetch_picture_renditions


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "role"]
    search_fields = ["name", "role"]


register_snippet(PersonViewSet)


@hooks.register("before_serve_page")
def prefetch_photo_renditions(page, request, serve_args, serve_kwargs):
    """The renditions of every photo the page shows (lead photo, photos in the body), in one query."""
    prefetch_picture_renditions(photos_on_page(page))
