"""enrol_totp, the command that gives a user an authenticator app from a secret they already have: it
prints nothing secret, refuses to replace an existing device unless told to, and says what is wrong
with bad input in one line.
"""

from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.signin import code_for, new_secret
from tests.staff_signin.steps import VERIFY, password_step

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_enrol_totp_gives_the_user_an_authenticator_and_prints_nothing_secret(moderator, capsys, client):
    call_command("enrol_totp", "moderator", "--secret", SECRET.lower())
    output = capsys.readouterr()
    assert "moderator" in output.out
    assert SECRET not in output.out + output.err and SECRET.lower() not in output.out + output.err
    device = TOTPDevice.objects.get(user=moderator)
    assert device.confirmed and device.key == __import__("base64").b32decode(SECRET).hex()
    password_step(client, "moderator")
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302


def test_enrol_totp_refuses_an_existing_device_unless_replace(moderator):
    call_command("enrol_totp", "moderator", "--secret", SECRET)
    with pytest.raises(CommandError, match="already has an authenticator; pass --replace"):
        call_command("enrol_totp", "moderator", "--secret", new_secret())
    call_command("enrol_totp", "moderator", "--secret", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "--replace")
    assert TOTPDevice.objects.get(user=moderator).key == "3132333435363738393031323334353637383930"


@pytest.mark.parametrize(
    "args, message",
    [
        (["nobody", "--secret", SECRET], "No user named “nobody”."),
        (["moderator", "--secret", "not base32 at all!"], "The secret is not valid base32"),
        (["moderator", "--secret", "JBSWY3DP"], "The secret must be 10 to 40 bytes"),
        (["moderator", "--secret", "   "], "The secret is empty."),
    ],
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the command line closes the database connection when it ends
def test_enrol_totp_bad_input_is_one_clear_line_and_exit_1(moderator, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "enrol_totp", *args])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert not TOTPDevice.objects.filter(user=moderator).exists()
