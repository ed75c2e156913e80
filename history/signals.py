"""Keep every history page wired to the editorial roles and the moderation workflow.

A history page may be created after the data migration ran (``make run`` on a
fresh database, or an administrator adding one in the admin), so the page
permissions and the workflow are assigned when the page is created, wherever it
is created from. ``manage.py setup_editorial_roles`` repairs an existing site.
"""

from django.db.models.signals import post_save


def assign_editorial_roles(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from history.roles import ensure_history_section

        ensure_history_section(instance.pk)


def connect():
    from history.models import HistoryIndexPage

    post_save.connect(assign_editorial_roles, sender=HistoryIndexPage, dispatch_uid="history-editorial-roles")
