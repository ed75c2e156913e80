"""What the second step of staff sign-in stores beside django-otp's TOTP devices.

Recovery codes are kept as SHA-256 digests only: the codes are random with 80
bits of entropy, so a digest cannot be reversed by guessing, and a plain digest
(unlike a salted password hash) can be looked up in one indexed query. Each
code works once: verifying it deletes it.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from django_otp.models import Device, ThrottlingMixin


def recovery_code_digest(code):
    """The stored form of a recovery code: spaces, dashes and case do not matter when it is typed."""
    normalised = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A user's current set of one-time recovery codes (a django-otp device, so it verifies like one)."""

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self):
        # The same back-off as the authenticator codes: 1, 2, 4, 8... seconds after each wrong code.
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        used, _ = self.codes.filter(digest=recovery_code_digest(token)).delete()
        if used:
            self.throttle_reset(commit=True)
        else:
            self.throttle_increment(commit=True)
        return bool(used)


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["device", "digest"])]

    def __str__(self):
        return f"{self.device_id}:{self.digest[:8]}…"


class SignedInSession(models.Model):
    """A session key a user signed in with, so that their sessions can be ended together.

    Django's session store has no index by user; this small table is one.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("signed-in session")

    def __str__(self):
        return f"{self.user} since {self.signed_in_at:%Y-%m-%d %H:%M}"
