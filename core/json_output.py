"""JSON text that is safe wherever it lands: in a ``<script>`` element or served as a file.

``<``, ``>`` and ``&`` become ``\\u003C``-style escapes, as Django's ``json_script``
does: the same data once parsed, but nothing an editor typed can read as markup.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

JSON_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))


def inert_json(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # str.replace, not str.translate: on a long timeline's TimelineJS export, translate's
    # per-character lookups cost more than building the JSON did.
    for character, escape in JSON_ESCAPES:
        text = text.replace(character, escape)
    return text
