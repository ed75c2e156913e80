#!/usr/bin/env bash
# Back up the docker compose deployment into backups/<UTC timestamp>/, the same layout as
# ops/backup.sh (database.dump, media.tar.gz, SHA256SUMS), so either restore script reads it.
#
#   ops/compose-backup.sh                        (run on the docker host, beside docker-compose.yml)
#
# The database is dumped by the db service's own pg_dump, so the client is always the
# server's version; the media (local volume or S3 alike) is written out by the web image's
# `manage.py export_media`. Nothing needs a published port or make. Environment: BACKUP_DIR
# (default ./backups), COMPOSE (default "docker compose", e.g. "docker compose -f prod.yml").
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a compose <<< "${COMPOSE:-docker compose}"
backup_root="${BACKUP_DIR:-backups}"

target="$backup_root/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$backup_root"
mkdir "$target"  # fails rather than mixing two backups taken in the same second
complete=""
trap '[ -n "$complete" ] || { rm -rf "$target"; echo "backup: failed; nothing kept." >&2; }' EXIT

"${compose[@]}" exec -T db sh -c \
  'exec pg_dump --format=custom --no-owner --username="$POSTGRES_USER" --dbname="$POSTGRES_DB"' \
  > "$target/database.dump"

"${compose[@]}" run --rm --no-deps -T web sh -c \
  'set -e; dir=$(mktemp -d); python manage.py export_media "$dir/media" >&2; tar --create --gzip --directory="$dir/media" .' \
  > "$target/media.tar.gz"

(cd "$target" && sha256sum database.dump media.tar.gz > SHA256SUMS)
complete=yes
echo "$target"
