#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database and an empty media folder.
#
#   DATABASE_URL=postgres://.../new_db ops/restore.sh backups/20250101T020000Z
#   make restore BACKUP=backups/20250101T020000Z
#
# Refuses a database that already has tables, or a media folder with files in it:
# restoring over live data would mix two states of the site. Create a fresh
# database (createdb) and point DATABASE_URL at it, then switch the site over.
set -euo pipefail
cd "$(dirname "$0")/.."

backup="${1:-${BACKUP:-}}"
[ -n "$backup" ] || { echo "usage: $0 BACKUP_FOLDER (e.g. backups/20250101T020000Z)" >&2; exit 2; }
: "${DATABASE_URL:?DATABASE_URL must point at the EMPTY PostgreSQL database to restore into}"
media_root="${DJANGO_MEDIA_ROOT:-media}"

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
if [ -d "$media_root" ] && [ -n "$(find "$media_root" -mindepth 1 ! -name .gitkeep -print -quit)" ]; then
  echo "restore: refusing to unpack into $media_root: it is not empty." >&2
  exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$backup/database.dump"
mkdir -p "$media_root"
tar --extract --gzip --file="$backup/media.tar.gz" --directory="$media_root"
echo "restored $backup into the database and $media_root"
