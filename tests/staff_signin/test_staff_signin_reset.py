"""An administrator resets the second factor of someone who lost their device: from the user listing,
ending their sessions, so that they set up a new one at their next sign-in; only those who manage users
may, and only superusers reset superusers.
"""

from django.urls import reverse

from django_otp.plugins.otp_totp.models import TOTPDevice

from staff_signin.factors import enrol_authenticator
from staff_signin.models import RecoveryCodeDevice
from tests.signin import log_in_verified, new_secret
from tests.staff_signin.steps import HOME, SETUP, password_step


def test_an_administrator_resets_a_users_factors_from_the_user_listing(admin_client, moderator, events):
    device = enrol_authenticator(user=moderator, secret=new_secret())
    from django.test import Client

    phone = Client()
    log_in_verified(phone, moderator)
    assert phone.get(HOME).status_code == 200
    listing = admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    reset_url = reverse("staff_signin_reset", args=[moderator.pk])
    assert reset_url in listing
    assert reset_url in admin_client.get(reverse("wagtailusers_users:edit", args=[moderator.pk])).content.decode()
    page = admin_client.get(reset_url).content.decode()
    assert "moderator has an authenticator app" in page
    response = admin_client.post(reset_url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not RecoveryCodeDevice.objects.filter(user=moderator).exists()
    # Their sessions ended: the next request goes to the login page.
    assert phone.get(HOME).url.startswith(reverse("wagtailadmin_login"))
    [event] = events("second_factor_reset")
    assert (event["user"], event["by"], event["sessions_ended"]) == ("moderator", "admin", 1)
    # At their next sign-in they set up a new factor.
    password_step(phone, "moderator")
    assert phone.get(HOME).url.startswith(SETUP)


def test_only_user_managers_may_reset_and_only_superusers_reset_superusers(client, make_user, editor, moderator):
    boss = make_user("boss", is_superuser=True)
    manager = make_user("manager")
    from django.contrib.auth.models import Permission

    manager.user_permissions.add(
        Permission.objects.get(codename="change_user"), Permission.objects.get(codename="access_admin")
    )
    enrol_authenticator(user=moderator, secret=new_secret())
    enrol_authenticator(user=boss, secret=new_secret())

    def refused(response):
        # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message.
        return response.status_code == 302 and response.url == HOME

    log_in_verified(client, editor)
    assert refused(client.post(reverse("staff_signin_reset", args=[moderator.pk])))
    assert TOTPDevice.objects.filter(user=moderator).exists()
    log_in_verified(client, manager)
    assert client.get(reverse("staff_signin_reset", args=[moderator.pk])).status_code == 200
    assert refused(client.post(reverse("staff_signin_reset", args=[boss.pk])))
    assert TOTPDevice.objects.filter(user=boss).exists()
    listing = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert reverse("staff_signin_reset", args=[moderator.pk]) in listing
    assert reverse("staff_signin_reset", args=[boss.pk]) not in listing
