"""Backups and restores (docs/operations.md "Backups and restore").

The round trip runs the real scripts (ops/backup.sh, ops/restore.sh, which
`make backup` / `make restore` call) against PostgreSQL: back up the test
database and media, restore into a new, empty database and media folder (or
S3 bucket, on a real SeaweedFS), and compare what a site owner would miss:
pages, revisions, photos, every file.
"""

import contextlib
import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.urls import reverse

from wagtail.models import Page, Revision

import psycopg2
import pytest

from history.factories import MilestonePageFactory
from history.models import CaptionedImage, MilestonePage
from tests.conftest import postgres_only
from tests.harness.s3_server import S3Media
from tests.signin import log_in_verified

ROOT = Path(__file__).resolve().parent.parent


def file_hashes(folder):
    folder = Path(folder)
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file() and path.name != ".gitkeep"
    }


def run_script(script, *args, database_url, media_root, backup_dir=None, media_env=None):
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": database_url, "DJANGO_MEDIA_ROOT": str(media_root)}
    env.update(media_env or {})  # AWS_*: media in an S3 bucket
    if backup_dir:
        env["BACKUP_DIR"] = str(backup_dir)
    return subprocess.run(  # noqa: S603 - our own scripts
        [str(ROOT / "ops" / script), *map(str, args)], cwd=ROOT, env=env, capture_output=True, text=True
    )


def database_url(name):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def counts(cursor):
    result = {}
    for label, table in (("pages", Page), ("revisions", Revision), ("photos", CaptionedImage)):
        cursor.execute(f'SELECT count(*) FROM "{table._meta.db_table}"')  # noqa: S608 - model table names
        result[label] = cursor.fetchone()[0]
    cursor.execute(f'SELECT array_agg(title ORDER BY path) FROM "{Page._meta.db_table}"')  # noqa: S608
    result["titles"] = cursor.fetchone()[0]
    return result


@contextlib.contextmanager
def new_empty_database():
    name = f"occ_restore_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(database_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def empty_database():
    with new_empty_database() as name:
        yield name


def table_count(name):
    with psycopg2.connect(database_url(name)) as restored, restored.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0]


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed, seen by other processes
def test_backup_and_restore_round_trip(demo_site, client, tmp_path, empty_database):
    client.get("/our-history/")  # renditions exist too, as on a live site
    milestone = MilestonePage.objects.get(slug="innovation-park-opens")
    milestone.summary = "A second revision, so there is history to keep."
    milestone.save_revision().publish()
    media_before = file_hashes(settings.MEDIA_ROOT)
    assert any(name.startswith("original_images/") for name in media_before)
    assert any(name.startswith("images/") for name in media_before)
    with connection.cursor() as cursor:
        before = counts(cursor)
    assert before["revisions"] > before["pages"] - 2  # every demo page has at least one revision

    backup = run_script(
        "backup.sh", database_url=database_url(connection.settings_dict["NAME"]),
        media_root=settings.MEDIA_ROOT, backup_dir=tmp_path / "backups",
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    folder = folder if folder.is_absolute() else ROOT / folder
    assert folder.parent == tmp_path / "backups"
    assert sorted(p.name for p in folder.iterdir()) == ["SHA256SUMS", "database.dump", "media.tar.gz"]
    assert (folder / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    restored_media = tmp_path / "restored-media"
    restore = run_script("restore.sh", folder, database_url=database_url(empty_database), media_root=restored_media)
    assert restore.returncode == 0, restore.stderr

    with psycopg2.connect(database_url(empty_database)) as restored, restored.cursor() as cursor:
        after = counts(cursor)
        cursor.execute(f'SELECT summary FROM "{MilestonePage._meta.db_table}" m JOIN wagtailcore_page p '  # noqa: S608
                       "ON p.id = m.page_ptr_id WHERE p.slug = 'innovation-park-opens'")
        assert cursor.fetchone()[0] == "A second revision, so there is history to keep."
    assert after == before
    assert file_hashes(restored_media) == media_before

    # A second restore into the now non-empty database (or media folder) is refused, changing nothing.
    again = run_script("restore.sh", folder, database_url=database_url(empty_database), media_root=tmp_path / "other")
    assert again.returncode == 1
    assert "not empty" in again.stderr
    assert not (tmp_path / "other").exists()


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed, seen by other processes
def test_backup_and_restore_round_trip_with_media_in_s3(media_on_s3, demo_site, client, tmp_path, empty_database):
    client.get("/our-history/")  # renditions exist too, as on a live site
    server = media_on_s3.server

    def object_hashes(media):
        return {name: hashlib.sha256(media.read(name)).hexdigest() for name in media.object_names()}

    media_before = object_hashes(media_on_s3)
    assert any(name.startswith("original_images/") for name in media_before)
    assert any(name.startswith("images/") for name in media_before)
    with connection.cursor() as cursor:
        before = counts(cursor)

    backup = run_script(
        "backup.sh", database_url=database_url(connection.settings_dict["NAME"]), media_root=tmp_path / "unused",
        backup_dir=tmp_path / "backups", media_env=server.environ(media_on_s3.bucket),
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    folder = folder if folder.is_absolute() else ROOT / folder
    assert sorted(p.name for p in folder.iterdir()) == ["SHA256SUMS", "database.dump", "media.tar.gz"]

    restored = S3Media(server=server, bucket=server.new_bucket_name())  # a new bucket: restore creates it
    restore = run_script("restore.sh", folder, database_url=database_url(empty_database), media_root=tmp_path / "unused",
                         media_env=server.environ(restored.bucket))
    assert restore.returncode == 0, restore.stderr
    assert object_hashes(restored) == media_before
    with psycopg2.connect(database_url(empty_database)) as connection_after, connection_after.cursor() as cursor:
        assert counts(cursor) == before
    assert not (tmp_path / "unused").exists()  # nothing went to the local disk

    # Restoring into a bucket that holds files is refused before the database is touched.
    with new_empty_database() as other_database:
        again = run_script("restore.sh", folder, database_url=database_url(other_database),
                           media_root=tmp_path / "unused", media_env=server.environ(restored.bucket))
        assert again.returncode == 1
        assert "not empty" in again.stderr and "Traceback" not in again.stderr
        assert table_count(other_database) == 0
    assert object_hashes(restored) == media_before


@postgres_only
def test_restore_refuses_a_damaged_backup(tmp_path, empty_database):
    folder = tmp_path / "20250101T000000Z"
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"PGDMP not really")
    (folder / "media.tar.gz").write_bytes(b"")
    (folder / "SHA256SUMS").write_text("0" * 64 + "  database.dump\n" + "0" * 64 + "  media.tar.gz\n")
    result = run_script("restore.sh", folder, database_url=database_url(empty_database), media_root=tmp_path / "m")
    assert result.returncode == 2
    assert "damaged" in result.stderr


@postgres_only
def test_restore_refuses_a_media_folder_with_files_in_it(tmp_path, empty_database):
    folder = tmp_path / "20250101T000000Z"
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"PGDMP")
    (folder / "media.tar.gz").write_bytes(b"")
    sums = subprocess.run(["sha256sum", "database.dump", "media.tar.gz"], cwd=folder, capture_output=True, text=True)  # noqa: S607
    (folder / "SHA256SUMS").write_text(sums.stdout)
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "live.jpg").write_bytes(b"a photo on the live site")
    result = run_script("restore.sh", folder, database_url=database_url(empty_database), media_root=media)
    assert result.returncode == 1
    assert "not empty" in result.stderr
    assert table_count(empty_database) == 0  # refused before touching the database


def test_backup_needs_postgresql(tmp_path):
    result = run_script("backup.sh", database_url="sqlite:///db.sqlite3", media_root=tmp_path, backup_dir=tmp_path)
    assert result.returncode == 2
    assert "not PostgreSQL" in result.stderr


# --- an overwritten milestone comes back from its revisions ----------------------------------


@pytest.mark.django_db
def test_an_overwritten_milestone_is_restored_from_its_revisions(client, history_page, django_user_model):
    milestone = MilestonePageFactory(
        parent=history_page, slug="opening", title="The Innovation Park opens", summary="The careful original text."
    )
    original = milestone.save_revision()
    original.publish()
    milestone = MilestonePage.objects.get(pk=milestone.pk)
    milestone.title = "oops"
    milestone.summary = "Pasted over by mistake."
    milestone.save_revision().publish()
    assert "Pasted over by mistake." in client.get("/our-history/opening/").content.decode()

    # What an editor does from the page's history: pick the old revision and publish it again.
    admin = django_user_model.objects.create_superuser("historian", "h@example.org", "not-used-password-123")
    log_in_verified(client, admin)
    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=[milestone.id, original.id]))
    assert "The careful original text." in revert.content.decode()  # the edit form, filled with the old version
    Revision.objects.get(pk=original.pk).publish(user=admin)
    client.logout()

    html = client.get("/our-history/opening/").content.decode()
    assert "The careful original text." in html and "The Innovation Park opens" in html
    assert "Pasted over by mistake." not in html
    assert milestone.revisions.filter(content__summary="Pasted over by mistake.").exists()  # the mistake stays in the history


def database_parts():
    """The database as docker compose passes it to the app's services: in parts, not as a URL."""
    db = connection.settings_dict
    return {"POSTGRES_HOST": db["HOST"] or "127.0.0.1", "POSTGRES_PORT": str(db["PORT"] or 5432),
            "POSTGRES_DB": db["NAME"], "POSTGRES_USER": db["USER"], "POSTGRES_PASSWORD": db.get("PASSWORD") or ""}


def fake_backup(folder, name, *, complete=True):
    (folder / name).mkdir(parents=True)
    (folder / name / "database.dump").write_bytes(b"PGDMP old")
    if complete:
        (folder / name / "SHA256SUMS").write_text("")


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed, seen by other processes
def test_the_daily_backup_keeps_the_newest_and_restores(demo_site, tmp_path, empty_database):
    """The compose backup service's run (manage.py run_backups, as ops/compose-backup.sh starts it too)."""
    backups = tmp_path / "backups"
    fake_backup(backups, "20260101T020000Z")
    fake_backup(backups, "20260102T020000Z")
    fake_backup(backups, "20260102T030000Z", complete=False)  # a run that was killed half-way
    heartbeat = tmp_path / "heartbeat"
    env = {"PATH": os.environ["PATH"], "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT), **database_parts()}
    result = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "manage.py", "run_backups", "--once", "--dir", str(backups), "--keep", "2", "--heartbeat", str(heartbeat)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    kept = sorted(path.name for path in backups.iterdir())
    assert len(kept) == 2 and kept[0] == "20260102T020000Z", kept  # the newest two complete ones
    assert heartbeat.exists()
    new = backups / kept[1]
    assert f"backup: {new}" in result.stdout

    restore = run_script("restore.sh", new, database_url=database_url(empty_database), media_root=tmp_path / "media")
    assert restore.returncode == 0, restore.stderr
    with connection.cursor() as cursor:
        before = counts(cursor)
    with psycopg2.connect(database_url(empty_database)) as restored, restored.cursor() as cursor:
        assert counts(cursor) == before
    assert file_hashes(tmp_path / "media") == file_hashes(settings.MEDIA_ROOT)


def test_the_daily_backup_refuses_to_keep_none(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "manage.py", "run_backups", "--once", "--dir", str(tmp_path), "--keep", "0"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "--keep must be at least 1" in result.stderr
    assert list(tmp_path.iterdir()) == []
