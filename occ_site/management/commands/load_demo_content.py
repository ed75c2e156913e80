from django.core.management.base import BaseCommand

from occ_site.demo import load_demo_content


class Command(BaseCommand):
    help = (
        "Load the Oslo Cancer Cluster demo site (home page, “Our history”, milestones, awards, people and "
        "placeholder photos). Safe to run again: existing content is left as it is."
    )

    def handle(self, *args, **options):
        report = load_demo_content()
        for label in report.created:
            self.stdout.write(f"  created {label}")
        if report.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo content loaded: {len(report.created)} created, {len(report.existing)} already present."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Demo content already loaded: nothing changed ({len(report.existing)} items present).")
            )
