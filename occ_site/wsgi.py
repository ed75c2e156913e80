"""WSGI entry point: `gunicorn occ_site.wsgi:application`.

Defaults to the production settings: gunicorn is how production runs, and
production refuses to start without its environment variables.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "occ_site.settings.production")

application = get_wsgi_application()
