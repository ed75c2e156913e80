import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make sure an administrator account exists. Its password comes from DJANGO_SUPERUSER_PASSWORD, "
        "or is generated and printed once. An existing account is never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin"))
        parser.add_argument("--email", default=os.environ.get("DJANGO_SUPERUSER_EMAIL", "admin@example.com"))

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Admin account “{username}” already exists; its password is unchanged.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created admin account “{username}” with password: {password}\n"
                    "This password is shown only once. Change it under Account settings after logging in."
                )
            )
        else:
            self.stdout.write(f"Created admin account “{username}” with the password from DJANGO_SUPERUSER_PASSWORD.")
        self.stdout.write(
            "At its first sign-in the admin account sets up an authenticator app (a second factor): "
            "see “Staff sign-in” in docs/security.md."
        )
