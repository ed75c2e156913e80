"""``{% remembered "name" value ... %}…{% endremembered %}``: a template fragment rendered once per purge.

Like Django's ``{% cache %}`` (and Wagtail's ``{% wagtailcache %}``, which skips
previews too), but with no timeout to choose: the fragment is kept with
``occ_site.pagecache.remember`` and is forgotten exactly when the cached pages
are (a publish, a photo's caption, the site settings, ...), in every process.

The key is the name, the values after it, and what every fragment depends on:
scheme and host (absolute and site-relative links), and the active language.
Previews, and renders without a request, always render afresh. Keep only what
is the same for every visitor out of it: nothing from the session, the user or
the query string unless it is one of the values.
"""

from django import template
from django.utils.translation import get_language

from occ_site.pagecache import remember_unless_preview

register = template.Library()


class RememberedNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        values = tuple(str(value.resolve(context)) for value in self.vary_on)
        key = repr(("template-fragment", self.name, request.scheme, request.get_host(), get_language(), values))
        return remember_unless_preview(request, key, lambda: self.nodelist.render(context))


@register.tag
def remembered(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a quoted fragment name first.")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    return RememberedNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
