from history.models.images import CaptionedImage, CaptionedImageRendition, CreditRole
from history.models.pages import (
    AwardEvent,
    AwardEventType,
    AwardPage,
    HistoryIndexPage,
    MilestoneKind,
    MilestonePage,
)
from history.models.snippets import Person

__all__ = [
    "AwardEvent",
    "AwardEventType",
    "AwardPage",
    "CaptionedImage",
    "CaptionedImageRendition",
    "CreditRole",
    "HistoryIndexPage",
    "MilestoneKind",
    "MilestonePage",
    "Person",
]
