"""The fixed lists editors choose from: kinds of milestone, award events, photo credits.

A module of its own, below the models, so that presentation code (the timeline,
structured data) can use the labels without importing the models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MilestoneKind(models.TextChoices):
    FOUNDING = "founding", _("Founding")
    ORGANISATION = "organisation", _("Organisation")
    RECOGNITION = "recognition", _("Awards and recognition")
    BUILDING = "building", _("Buildings")
    OTHER = "other", _("Other")


class AwardEventType(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    RENEWED = "renewed", _("Renewed")
    STATUS_GRANTED = "status_granted", _("Status granted")


class CreditRole(models.TextChoices):
    PHOTO = "photo", _("Photo")
    ILLUSTRATION = "illustration", _("Illustration")
    GRAPHIC = "graphic", _("Graphic")
    OTHER = "other", _("Other")
