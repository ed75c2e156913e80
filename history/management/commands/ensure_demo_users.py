import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from history.roles import HISTORY_EDITORS, HISTORY_MODERATORS, PHOTO_CONTRIBUTORS, ensure_roles

DEMO_USERS = [
    ("editor", "Erika", "Editor", HISTORY_EDITORS),
    ("moderator", "Morten", "Moderator", HISTORY_MODERATORS),
    ("photographer", "Pia", "Photographer", PHOTO_CONTRIBUTORS),
]


class Command(BaseCommand):
    help = (
        "For the local demo (make run): make sure the accounts editor, moderator and photographer exist, one in "
        "each editorial role. New accounts get a generated password that is printed once; existing accounts are "
        "never changed. Do not run this on a production site."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        ensure_roles()
        for username, first_name, last_name, group_name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"Demo account “{username}” already exists; its password is unchanged.")
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                email=f"{username}@example.com",
                password=password,
                first_name=first_name,
                last_name=last_name,
            )
            user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(
                self.style.WARNING(f"Created demo account “{username}” ({group_name}) with password: {password}")
            )
        self.stdout.write("Passwords are shown only once. Log in at /admin/.")
        self.stdout.write(
            f"“moderator” ({HISTORY_MODERATORS}) sets up an authenticator app at its first sign-in: "
            "see “Staff sign-in” in docs/security.md."
        )
