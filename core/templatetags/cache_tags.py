"""``{% pageurl %}`` that also names the linked page on the response (``core.cache_tags``).

Load it after ``wagtailcore_tags`` (``{% load wagtailcore_tags cache_tags %}``): its
``pageurl`` then replaces Wagtail's, which it calls. ``tests/test_cache_tags.py`` fails
for a template that links a page without tagging it.
"""

from django import template

from wagtail.templatetags import wagtailcore_tags

from core.cache_tags import tag_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def pageurl(context, page, fallback=None):
    tag_pages(page)
    return wagtailcore_tags.pageurl(context, page, fallback)
