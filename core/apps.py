from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The site's plumbing: media storage, view restrictions, translated fields, cache tags,
    photo files and their renditions, sitemaps, JSON output. Nothing here knows the history
    domain (``history``); the other apps build on this one. It has no models, so the admin
    never shows its name."""

    name = "core"
