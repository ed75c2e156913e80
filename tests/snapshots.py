"""Expensive test data, made once per session (or module) and written back into each test that asks for it.

Loading the demo site (``occ_site.demo.load_demo_content``) draws its photos, publishes and
translates about forty pages: seconds of work; some modules build a hundred pages for each of
their tests. ``Recording.of(build)`` runs such a function once, inside a transaction it rolls
back, and keeps what it did:

- the rows it deleted, changed and added (``DatabaseChanges``);
- the media files the photos and renditions name, so that a test whose media storage is another
  folder or a bucket still finds them.

``Recording.replay`` writes those rows, a few statements per table, in the caller's transaction:
inside a test's transaction they are rolled back with the test, so one test's changes never
reach the next; in a transactional test they are committed, and flushed after it.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import TestCase

# Parameters in one INSERT: below SQLite's (32,766) and PostgreSQL's (65,535) limits.
MAX_PARAMETERS = 30_000


def table_rows(using=DEFAULT_DB_ALIAS):
    """{table: (columns, primary-key column, {primary key: row})} of every table of the installed models."""
    connection = connections[using]
    quote = connection.ops.quote_name
    existing = set(connection.introspection.table_names())
    tables = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if not model._meta.managed or table not in existing or table in tables:
                continue
            # The model's columns, not "*": a column may be hidden from "*" (SQLite's full-text
            # index keeps its key in rowid).
            fields = [f for f in model._meta.get_fields(include_parents=False) if f.concrete and not f.many_to_many]
            columns = [field.column for field in fields]
            key = next(index for index, field in enumerate(fields) if field.primary_key)
            cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")  # noqa: S608 - model tables
            tables[table] = (columns, columns[key], {row[key]: row for row in cursor.fetchall()})
    return tables


@dataclass
class DatabaseChanges:
    """What a piece of work did to the database, row by row, to be done again in a later transaction.

    ``tables`` is {table: (columns, primary-key column, keys the work removed, rows it added or
    changed)}: a row to write replaces any row with its key. Rows the work did not touch are left
    alone, so whatever a test made before (a user, a session) stays.
    """

    tables: dict = field(default_factory=dict)
    using: str = DEFAULT_DB_ALIAS

    @classmethod
    def between(cls, before, after, using=DEFAULT_DB_ALIAS):
        tables = {}
        for table, (columns, primary_key, rows) in after.items():
            old_rows = before[table][2] if table in before else {}
            removed = list(old_rows.keys() - rows.keys())
            written = [row for key, row in rows.items() if old_rows.get(key) != row]
            if removed or written:
                tables[table] = (columns, primary_key, removed, written)
        return cls(tables=tables, using=using)

    def apply(self):
        """Do the same to the database, in one transaction (the caller's, if there is one)."""
        connection = connections[self.using]
        quote = connection.ops.quote_name
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            # Foreign keys are checked at the end of the transaction (Django makes them deferrable),
            # so the order of the tables does not matter to them.
            for table, (_, primary_key, removed, _) in self.tables.items():
                self.delete(cursor, table, primary_key, removed)
            # A row to write replaces the row with its key: the one the work changed, or one a
            # trigger made from another table's inserts (on SQLite, the search index's full-text
            # table "<index>_fts" from "<index>"; sorted names put such a table after its source).
            for table, (columns, primary_key, _, rows) in sorted(self.tables.items()):
                key = columns.index(primary_key)
                self.delete(cursor, table, primary_key, [row[key] for row in rows])
                names = ", ".join(quote(column) for column in columns)
                one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
                per_statement = max(1, MAX_PARAMETERS // len(columns))
                for start in range(0, len(rows), per_statement):
                    batch = rows[start : start + per_statement]
                    cursor.execute(
                        f"INSERT INTO {quote(table)} ({names}) VALUES {', '.join([one_row] * len(batch))}",  # noqa: S608
                        [value for row in batch for value in row],
                    )
            # Past the highest ids written (PostgreSQL's sequences; SQLite follows by itself).
            for statement in connection.ops.sequence_reset_sql(no_style(), self.models_of(self.tables)):
                cursor.execute(statement)

    @staticmethod
    def delete(cursor, table, primary_key, keys):
        quote = cursor.db.ops.quote_name
        for start in range(0, len(keys), MAX_PARAMETERS):
            batch = keys[start : start + MAX_PARAMETERS]
            cursor.execute(
                f"DELETE FROM {quote(table)} WHERE {quote(primary_key)} IN ({', '.join(['%s'] * len(batch))})",  # noqa: S608
                batch,
            )

    @staticmethod
    def models_of(tables):
        return [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in tables]


@dataclass
class Recording:
    """What a function did to the database and the media storage, done once and written again in
    each test that asks for it (``replay``), with what the function returned.

    ``Recording.of(build)`` runs ``build`` in a transaction that is rolled back, from the database as
    the migrations left it: a session- or module-scoped fixture records, a test's fixture replays.
    With ``committed``, what ``build`` queued for after its commit runs too, as on a running site.
    """

    changes: DatabaseChanges
    media: dict  # {file name in the media storage: its bytes}
    result: object = None

    @classmethod
    def of(cls, build, *, committed=False):
        # Wagtail's rendition cache outlives a rolled-back transaction; on SQLite, whose ids come
        # back after a rollback, an earlier recording's entries would pass for this one's renditions.
        clear_caches()
        with transaction.atomic():
            before = table_rows()
            with TestCase.captureOnCommitCallbacks(execute=committed):
                result = build()
            changes = DatabaseChanges.between(before, table_rows())
            media = media_files()
            transaction.set_rollback(True)
        return cls(changes=changes, media=media, result=result)

    def replay(self):
        """Write the rows (in the caller's transaction) and the files (into the media storage in use
        now, wherever that is); return what ``build`` returned."""
        self.changes.apply()
        for name, content in self.media.items():
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(content))
        # Wagtail keeps site root paths and settings in the cache; the raw rows sent no signal.
        clear_caches()
        return self.result


def clear_caches():
    for cache in caches.all():
        cache.clear()


def record_demo_content():
    """The demo site as ``manage.py load_demo_content`` and the work it queues leave it (the photos'
    renditions, built by the task worker in production)."""
    from occ_site.demo import load_demo_content

    return Recording.of(load_demo_content, committed=True)


def media_files():
    """{name: bytes} of every photo's original and rendition files in the media storage."""
    from wagtail.images import get_image_model

    image_model = get_image_model()
    names = [photo.file.name for photo in image_model.objects.all()]
    names += [rendition.file.name for rendition in image_model.get_rendition_model().objects.all()]
    files = {}
    for name in names:
        with default_storage.open(name) as file:
            files[name] = file.read()
    return files
