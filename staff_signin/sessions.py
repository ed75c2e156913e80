"""Staff sessions: recorded at sign-in so they can be ended together.

Signing out, resetting a user's factors and setting up a new authenticator end
the user's other sessions. A password change needs nothing here: Django already
refuses every session that was signed in with the old password.
"""

from importlib import import_module

from django.conf import settings

from staff_signin.models import SignedInSession


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def remember_session(*, user, session):
    """Record the session the user is signed in with (call again after its key changes).

    Records of the user's sessions that the store no longer has (expired and
    cleared by `manage.py clearsessions`) are dropped here, so the table stays
    about as small as the number of live sessions.
    """
    if session.session_key is None:
        session.save()
    SignedInSession.objects.update_or_create(session_key=session.session_key, defaults={"user": user})
    store = session_store()
    others = SignedInSession.objects.filter(user=user).exclude(session_key=session.session_key)
    gone = [key for key in others.values_list("session_key", flat=True) if not store().exists(key)]
    SignedInSession.objects.filter(session_key__in=gone).delete()


def forget_session(*, session_key):
    SignedInSession.objects.filter(session_key=session_key).delete()


def end_sessions(*, user, keep=None):
    """End every recorded session of the user except the session key `keep`; returns how many."""
    records = SignedInSession.objects.filter(user=user)
    if keep:
        records = records.exclude(session_key=keep)
    keys = list(records.values_list("session_key", flat=True))
    store = session_store()
    for key in keys:
        store(session_key=key).delete()
    SignedInSession.objects.filter(session_key__in=keys).delete()
    return len(keys)
