"""Which pages anonymous visitors may see, without an extra query per call.

Wagtail's ``PageQuerySet.public()`` first loads every ``PageViewRestriction``
(one query) and then builds a filter from them; a page that lists pages in
three places pays three times. ``public_pages`` says the same thing in SQL, as a
subquery of the listing's own query: a page is private when a restriction sits
on the page itself or on one of its ancestors (a page whose tree path is a
prefix of its own). Same rule as Wagtail's ``public()``.
"""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction


def restriction_above(path_ref="path"):
    """Restrictions on the page at ``path_ref`` (an outer query's tree path) or on any of its ancestors."""
    return PageViewRestriction.objects.filter(page__path=Substr(OuterRef(path_ref), 1, Length(F("page__path"))))


def public_pages(queryset):
    """``queryset.public()`` in one query: drops pages in private sections of the site."""
    return queryset.exclude(Exists(restriction_above()))
