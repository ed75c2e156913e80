"""What the import and export tests share as fixtures."""

import pytest

from history.factories import AwardEventFactory, AwardPageFactory


@pytest.fixture
def award(history_page):
    """An award page, ECEI Gold Label (slug gold-label), published with one event: awarded in December 2019."""
    award = AwardPageFactory(parent=history_page, slug="gold-label", title="ECEI Gold Label")
    AwardEventFactory(award=award, event_type="awarded", year=2019, month=12, date_precision="month")
    award.save_revision().publish()
    return award
