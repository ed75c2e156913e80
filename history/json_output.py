"""JSON text that is safe wherever it lands: in a ``<script>`` element or served as a file.

``<``, ``>`` and ``&`` become ``\\u003C``-style escapes, as Django's ``json_script``
does: the same data once parsed, but nothing an editor typed can read as markup.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def inert_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
