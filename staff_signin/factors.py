"""The second factor of staff sign-in: who must have one, setting it up, checking codes, resetting.

The factor is an authenticator app (TOTP, django-otp's TOTPDevice: codes of six
digits, one 30-second step of clock difference either way, each code accepted
once, exponential back-off after wrong codes) with ten one-time recovery codes
(staff_signin.models.RecoveryCodeDevice).
"""

import json
import logging
import secrets
from base64 import b32decode, b32encode
from binascii import Error as Base32Error
from binascii import hexlify
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

import django_otp
from django_otp.plugins.otp_totp.models import TOTPDevice

from history.roles import HISTORY_MODERATORS
from staff_signin.models import RecoveryCode, RecoveryCodeDevice, recovery_code_digest
from staff_signin.sessions import end_sessions, forget_session, remember_session

logger = logging.getLogger("staff_signin")

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: the codes are read off paper. 31 symbols, 16 of them: about 79 bits each.
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 16
TOTP_DIGITS = 6
TOTP_TOLERANCE = 1  # steps of 30 s either side of the server's clock
MIN_SECRET_BYTES = 10  # 80 bits, the shortest secret authenticator apps hand out
MAX_SECRET_BYTES = 40  # what TOTPDevice.key can hold


def log_event(event, **fields):
    """One JSON line per security event: easy to grep and to ship to a log store."""
    logger.warning(json.dumps({"event": event, **fields}, default=str, sort_keys=True))


def second_factor_required(user):
    """Everyone who can publish or manage users: superusers and History moderators."""
    return user.is_superuser or user.groups.filter(name=HISTORY_MODERATORS).exists()


def authenticator_of(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def must_verify(user):
    """Whether the user's session must pass the second step: required, or set up by choice."""
    return second_factor_required(user) or has_second_factor(user)


def remaining_recovery_codes(user):
    return RecoveryCode.objects.filter(device__user=user).count()


def secret_of(device):
    """The device's secret in base32, as authenticator apps take it when typed in."""
    return b32encode(device.bin_key).decode()


def pending_authenticator(user):
    """The authenticator being set up: unconfirmed until the user types a code from it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_NAME, confirmed=False, digits=TOTP_DIGITS, tolerance=TOTP_TOLERANCE
        )
    return device


def new_recovery_code():
    raw = "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_CODE_LENGTH, 4))


@transaction.atomic
def issue_recovery_codes(user):
    """A new set of recovery codes (the old set stops working); the plain codes are returned once."""
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes)
    return codes


@dataclass(frozen=True)
class CodeCheck:
    device: object = None  # the device that accepted the code
    wait_until: datetime | None = None  # set when too many wrong codes came too fast

    @property
    def accepted(self):
        return self.device is not None


def looks_like_authenticator_code(code):
    return code.isdigit() and len(code) == TOTP_DIGITS


def check_code(*, device, code):
    """Verify a code on one device, within its throttle. Locks the row so two requests cannot both use a code."""
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(wait_until=details.get("locked_until"))
        if device.verify_token(code):
            return CodeCheck(device=device)
    return CodeCheck()


def check_second_factor(*, user, code):
    """A code from the user's authenticator app (six digits) or one of their recovery codes."""
    code = "".join(code.split())
    if looks_like_authenticator_code(code):
        device = authenticator_of(user)
    else:
        device = RecoveryCodeDevice.objects.filter(user=user).first()
    if device is None:
        return CodeCheck()
    result = check_code(device=device, code=code)
    if result.accepted and isinstance(result.device, RecoveryCodeDevice):
        log_event("recovery_code_used", user=user.get_username(), remaining=remaining_recovery_codes(user))
    return result


def mark_session_verified(request, device):
    """The second step passed: a new session key (the old one may have been seen), verified by this device."""
    old_key = request.session.session_key
    request.session.cycle_key()
    django_otp.login(request, device)
    if old_key:
        forget_session(session_key=old_key)
    remember_session(user=request.user, session=request.session)


def confirm_authenticator(request, *, device, code):
    """Finish setting up: the code proves the app holds the secret. Returns the new recovery codes, or a CodeCheck."""
    code = "".join(code.split())
    result = check_code(device=device, code=code) if looks_like_authenticator_code(code) else CodeCheck()
    if not result.accepted:
        return result, []
    user = request.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        codes = issue_recovery_codes(user)
    device.refresh_from_db()
    mark_session_verified(request, device)
    # A replaced authenticator may have been lost or copied: sessions verified with it end.
    ended = end_sessions(user=user, keep=request.session.session_key)
    log_event("second_factor_set_up", user=user.get_username(), other_sessions_ended=ended)
    return result, codes


class EnrolmentError(ValueError):
    """A clear, one-line reason why a TOTP secret cannot be enrolled."""


def decode_secret(secret):
    """Base32 as authenticator apps show it: case, spaces and missing padding do not matter."""
    text = "".join(secret.split()).upper().rstrip("=")
    if not text:
        raise EnrolmentError(_("The secret is empty."))
    try:
        key = b32decode(text + "=" * (-len(text) % 8))
    except (Base32Error, ValueError) as error:
        raise EnrolmentError(_("The secret is not valid base32 (letters A–Z and digits 2–7).")) from error
    if not MIN_SECRET_BYTES <= len(key) <= MAX_SECRET_BYTES:
        raise EnrolmentError(
            _("The secret must be %(min)d to %(max)d bytes (%(chars_min)d to %(chars_max)d base32 characters).")
            % {"min": MIN_SECRET_BYTES, "max": MAX_SECRET_BYTES, "chars_min": 16, "chars_max": 64}
        )
    return key


@transaction.atomic
def enrol_authenticator(*, user, secret, replace=False):
    """Give the user a confirmed authenticator with a known secret (provisioning, automation)."""
    key = decode_secret(secret)
    if has_second_factor(user) and not replace:
        raise EnrolmentError(
            _("%(user)s already has an authenticator; pass --replace to replace it.") % {"user": user.get_username()}
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user,
        name=AUTHENTICATOR_NAME,
        key=hexlify(key).decode(),
        confirmed=True,
        digits=TOTP_DIGITS,
        tolerance=TOTP_TOLERANCE,
    )
    log_event("second_factor_enrolled", user=user.get_username(), replaced=replace)
    return device


def reset_factors(*, user, by):
    """An administrator's reset for a lost device: factors removed, every session of the user ended."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodeDevice.objects.filter(user=user).delete()
    ended = end_sessions(user=user)
    log_event("second_factor_reset", user=user.get_username(), by=by.get_username(), sessions_ended=ended)
    return ended


def remove_own_factor(request):
    """For users who chose a second factor and no longer want it (never for those who must have one)."""
    user = request.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodeDevice.objects.filter(user=user).delete()
    end_sessions(user=user, keep=request.session.session_key)
    log_event("second_factor_removed", user=user.get_username())
