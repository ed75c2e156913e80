#!/usr/bin/env bash
# Back up the database (pg_dump custom format) and the media (local folder or S3 bucket)
# into backups/<UTC timestamp>/.
#
#   DATABASE_URL=postgres://... ops/backup.sh            (or: make backup)
#
# Environment: DATABASE_URL (required, PostgreSQL); the media settings the site itself
# uses (DJANGO_MEDIA_ROOT, default ./media, or AWS_STORAGE_BUCKET_NAME and the other AWS_*
# variables for S3); BACKUP_DIR (default ./backups). Prints the folder it wrote. Each folder holds database.dump,
# media.tar.gz and SHA256SUMS, which restore.sh checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup: DATABASE_URL is not PostgreSQL; backups need pg_dump." >&2; exit 2 ;;
esac
backup_root="${BACKUP_DIR:-backups}"
python=python3
[ -x .venv/bin/python ] && python=.venv/bin/python  # make install's; a container has no .venv

target="$backup_root/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$backup_root"
mkdir "$target"  # fails rather than mixing two backups taken in the same second
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

# -Fc: compressed, restorable table by table; no owner so it restores under any role.
pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$target/database.dump"

# Every stored file, by its name in the storage, wherever the site keeps media.
"$python" manage.py export_media "$workdir/media" >&2
tar --create --gzip --file="$target/media.tar.gz" --directory="$workdir/media" .

(cd "$target" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "$target"
