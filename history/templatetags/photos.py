"""``{% photo_picture photo attr=value ... %}``: Wagtail's ``{% picture %}`` with the site's specs.

The specs come from ``history.renditions`` (the list renditions are pre-built
from), so the template and the pre-building cannot drift apart. The Filter
objects are made once per process: Wagtail's ``{% picture %}`` makes nine new
ones per photo per render and parses each spec again, about 1 ms per photo
(measured on the timeline with 1,000 photos).

The markup itself (nine renditions' URLs in three ``<source>`` srcsets and the
fallback ``<img>``) is remembered per photo and attributes until the next purge
(saving a photo purges): building it is about 1 ms, the largest part of a
milestone page's render.
"""

from django import template

from wagtail.images.models import Filter
from wagtail.images.templatetags.wagtailimages_tags import PictureNode

from history.renditions import PICTURE_FILTER_SPECS, PICTURE_TAG_SPECS, photos_on_page, prefetch_picture_renditions
from occ_site.pagecache import remember_unless_preview

register = template.Library()

PICTURE_FILTERS = [Filter(spec=spec) for spec in PICTURE_FILTER_SPECS]


class PhotoPictureNode(PictureNode):
    def get_filters(self):
        return PICTURE_FILTERS

    def render(self, context):
        photo = self.validate_image(context)
        if self.output_var_name or not getattr(photo, "pk", None):
            return super().render(context)
        attrs = sorted((name, str(value.resolve(context))) for name, value in self.attrs.items())

        def markup():
            return super(PhotoPictureNode, self).render(context)

        return remember_unless_preview(context.get("request"), f"picture:{photo.pk}:{attrs}", markup)


@register.tag
def photo_picture(parser, token):
    tag_name, image, *bits = token.split_contents()
    attrs = {}
    for bit in bits:
        name, separator, value = bit.partition("=")
        if not separator:
            raise template.TemplateSyntaxError(f"{tag_name} takes a photo and name=value attributes, not {bit!r}")
        attrs[name] = parser.compile_filter(value)
    return PhotoPictureNode(parser.compile_filter(image), list(PICTURE_TAG_SPECS), attrs=attrs)


@register.simple_tag
def prefetch_page_photos(page):
    """Load the renditions of every photo a page shows (its lead photo, the photos in its body) in
    one query. Placed where the page's content starts (templates/page.html), inside the part that
    is remembered: a request that reuses the rendered content reads no photo at all."""
    prefetch_picture_renditions(photos_on_page(page))
    return ""
