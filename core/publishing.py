"""Creating pages from code (setup_site, the demo content) the way an editor's first publish does."""


def publish_new(parent, page):
    """Add ``page`` under ``parent`` and publish it, with its first revision."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
