from history.choices import AwardEventType, CreditRole, MilestoneKind
from history.models.images import CaptionedImage, CaptionedImageRendition
from history.models.pages import AwardEvent, AwardPage, HistoryIndexPage, MilestonePage
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
