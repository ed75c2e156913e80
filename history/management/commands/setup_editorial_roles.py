from django.core.management.base import BaseCommand

from history.roles import ROLES, WORKFLOW_NAME, ensure_every_history_section


class Command(BaseCommand):
    help = (
        "Create any missing editorial role (History editors, History moderators, Photo contributors), the "
        "“History photos” collection and the “History moderation” workflow, and give every history page its "
        "page permissions and workflow. Safe to run again; it never removes anything."
    )

    def handle(self, *args, **options):
        page_ids = ensure_every_history_section()
        self.stdout.write(f"Roles: {', '.join(role.name for role in ROLES)}.")
        self.stdout.write(
            self.style.SUCCESS(f"Workflow “{WORKFLOW_NAME}” and permissions set on {len(page_ids)} history page(s).")
        )
