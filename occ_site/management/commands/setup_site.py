from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from occ_site.setup import DEFAULT_SITE_NAME, setup_site


def address_of(base_url):
    """(host, port) of a base URL such as WAGTAILADMIN_BASE_URL: https://www.example.org → (www.example.org, 443)."""
    parts = urlsplit(base_url or "")
    return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


class Command(BaseCommand):
    help = (
        "Prepare a real installation without demo content: the home page, an empty “Our history” page, a "
        "privacy page, the site settings, the editorial groups and the site record for --hostname and --port "
        "(used in the sitemap and feeds). Safe to run again: existing pages are left as they are. Without "
        "--hostname, the host and port of WAGTAILADMIN_BASE_URL are used."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hostname", help="the public host name, e.g. www.example.org (no http://)")
        parser.add_argument("--port", type=int, help="443 for HTTPS (the default with an https base URL), 80 for HTTP")
        parser.add_argument("--site-name", default=DEFAULT_SITE_NAME, help="the organisation's name, for a new home page")

    def handle(self, *args, hostname=None, port=None, site_name=DEFAULT_SITE_NAME, **options):
        default_host, default_port = address_of(settings.WAGTAILADMIN_BASE_URL)
        hostname = hostname or default_host
        port = port or default_port
        try:
            report = setup_site(hostname=hostname, port=port, site_name=site_name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for label in report.created:
            self.stdout.write(f"  created {label}")
        for label in report.changed:
            self.stdout.write(f"  updated {label}")
        for label in report.existing:
            self.stdout.write(f"  kept {label}")
        scheme = "https" if port == 443 else "http"
        address = f"{scheme}://{hostname}" + ("" if port in (80, 443) else f":{port}")
        self.stdout.write(
            self.style.SUCCESS(f"The site is set up for {address}/ ({len(report.created)} created, {len(report.changed)} updated).")
        )
        if report.created:
            self.stdout.write(
                "Next: sign in to the admin, fill in Settings → Site settings (contact details, the “Join” page), "
                "read the privacy page and adjust it, and add people to the editorial groups under Settings → Users."
            )
