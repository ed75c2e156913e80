#!/usr/bin/env bash
# Back up the database (pg_dump custom format) and the media folder into backups/<UTC timestamp>/.
#
#   DATABASE_URL=postgres://... ops/backup.sh            (or: make backup)
#
# Environment: DATABASE_URL (required, PostgreSQL), DJANGO_MEDIA_ROOT (default ./media),
# BACKUP_DIR (default ./backups). Prints the folder it wrote. Each folder holds
# database.dump, media.tar.gz and SHA256SUMS, which restore.sh checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup: DATABASE_URL is not PostgreSQL; backups need pg_dump." >&2; exit 2 ;;
esac
media_root="${DJANGO_MEDIA_ROOT:-media}"
backup_root="${BACKUP_DIR:-backups}"

target="$backup_root/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$backup_root"
mkdir "$target"  # fails rather than mixing two backups taken in the same second

# -Fc: compressed, restorable table by table; no owner so it restores under any role.
pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$target/database.dump"

mkdir -p "$media_root"
tar --create --gzip --file="$target/media.tar.gz" --directory="$media_root" --exclude=./.gitkeep .

(cd "$target" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "$target"
