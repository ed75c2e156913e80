from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from staff_signin.factors import EnrolmentError, enrol_authenticator


class Command(BaseCommand):
    help = (
        "Give USERNAME an authenticator app (TOTP) with a known base32 secret, for provisioning and automation. "
        "Prints nothing secret. Refuses a user who already has one unless --replace is given. "
        "Recovery codes are made by the user under Account → Second factor."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--secret", required=True, help="The shared secret in base32, as authenticator apps take it.")
        parser.add_argument("--replace", action="store_true", help="Replace the user's existing authenticator.")

    def handle(self, *args, username, secret, replace, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user named “{username}”.") from None
        try:
            enrol_authenticator(user=user, secret=secret, replace=replace)
        except EnrolmentError as error:
            raise CommandError(str(error)) from None
        verb = "Replaced" if replace else "Enrolled"
        self.stdout.write(f"{verb} an authenticator app for “{username}”. Their sessions must now pass the second step.")
