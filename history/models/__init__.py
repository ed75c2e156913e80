from history.choices import AwardEventType, CreditRole, MilestoneKind
from history.models.awards import AwardEvent, AwardPage
from history.models.history_page import HistoryIndexPage
from history.models.images import CaptionedImage, CaptionedImageRendition
from history.models.milestones import MilestonePage
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
