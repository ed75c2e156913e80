#!/usr/bin/env bash
# Back up the database (pg_dump custom format) and the media (local folder or S3 bucket)
# into backups/<UTC timestamp>/.
#
#   DATABASE_URL=postgres://... ops/backup.sh            (or: make backup)
#
# Environment: DATABASE_URL (PostgreSQL), or POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DB,
# POSTGRES_USER and POSTGRES_PASSWORD as the compose services have them; the media settings the site itself
# uses (DJANGO_MEDIA_ROOT, default ./media, or AWS_STORAGE_BUCKET_NAME and the other AWS_*
# variables for S3); BACKUP_DIR (default ./backups). Prints the folder it wrote. Each folder holds database.dump,
# media.tar.gz and SHA256SUMS, which restore.sh checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DATABASE_URL:-}" ] && [ -n "${POSTGRES_HOST:-}" ]; then
  # The database in parts, as docker compose passes it (a password may hold any character):
  # libpq's own variables, which pg_dump reads.
  export PGHOST="$POSTGRES_HOST" PGPORT="${POSTGRES_PORT:-5432}" PGDATABASE="${POSTGRES_DB:-occ}" \
    PGUSER="${POSTGRES_USER:-occ}" PGPASSWORD="${POSTGRES_PASSWORD:-}"
  database=()
else
  : "${DATABASE_URL:?DATABASE_URL (or POSTGRES_HOST and the other POSTGRES_* parts) must point at the PostgreSQL database to back up}"
  case "$DATABASE_URL" in
    postgres://*|postgresql://*) ;;
    *) echo "backup: DATABASE_URL is not PostgreSQL; backups need pg_dump." >&2; exit 2 ;;
  esac
  database=(--dbname="$DATABASE_URL")
fi
backup_root="${BACKUP_DIR:-backups}"
python=python3
[ -x .venv/bin/python ] && python=.venv/bin/python  # make install's; a container has no .venv

target="$backup_root/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$backup_root"
mkdir "$target"  # fails rather than mixing two backups taken in the same second
workdir="$(mktemp -d)"
complete=""
trap 'rm -rf "$workdir"; [ -n "$complete" ] || { rm -rf "$target"; echo "backup: failed; nothing kept." >&2; }' EXIT

# -Fc: compressed, restorable table by table; no owner so it restores under any role.
pg_dump --format=custom --no-owner "${database[@]}" --file="$target/database.dump"

# Every stored file, by its name in the storage, wherever the site keeps media.
"$python" manage.py export_media "$workdir/media" >&2
tar --create --gzip --file="$target/media.tar.gz" --directory="$workdir/media" .

(cd "$target" && sha256sum database.dump media.tar.gz > SHA256SUMS)
complete=yes
echo "$target"
