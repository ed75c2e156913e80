#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database and an empty media storage
# (local folder or S3 bucket).
#
#   DATABASE_URL=postgres://.../new_db ops/restore.sh backups/20250101T020000Z
#   make restore BACKUP=backups/20250101T020000Z
#
# Refuses a database that already has tables, or a media storage that holds files:
# restoring over live data would mix two states of the site. Create a fresh
# database (createdb) and point DATABASE_URL at it, and a fresh media folder
# (DJANGO_MEDIA_ROOT) or bucket (AWS_STORAGE_BUCKET_NAME; created here if missing),
# then switch the site over.
set -euo pipefail
cd "$(dirname "$0")/.."

backup="${1:-${BACKUP:-}}"
[ -n "$backup" ] || { echo "usage: $0 BACKUP_FOLDER (e.g. backups/20250101T020000Z)" >&2; exit 2; }
: "${DATABASE_URL:?DATABASE_URL must point at the EMPTY PostgreSQL database to restore into}"
python=python3
[ -x .venv/bin/python ] && python=.venv/bin/python  # make install's; a container has no .venv

for file in database.dump media.tar.gz SHA256SUMS; do
  [ -f "$backup/$file" ] || { echo "restore: $backup/$file is missing." >&2; exit 2; }
done
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || { echo "restore: the backup is damaged (checksums differ)." >&2; exit 2; }

tables=$(psql --dbname="$DATABASE_URL" --tuples-only --no-align --command \
  "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
if [ "$tables" != "0" ]; then
  echo "restore: refusing to restore into a database that is not empty ($tables tables). Use a new, empty database." >&2
  exit 1
fi

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
mkdir "$workdir/media"
# Before touching the database: the bucket exists (S3) and the media storage is empty.
"$python" manage.py ensure_media_storage >&2
"$python" manage.py import_media --check "$workdir/media" >&2
tar --extract --gzip --file="$backup/media.tar.gz" --directory="$workdir/media"

pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$backup/database.dump"
"$python" manage.py import_media "$workdir/media" >&2
echo "restored $backup into the database and the media storage"
