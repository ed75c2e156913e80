#!/usr/bin/env bash
# Take a backup of the running docker compose deployment now (before an upgrade, say), and copy
# it to backups/<UTC timestamp>/ on this host: database.dump, media.tar.gz and SHA256SUMS, the
# layout both restore scripts read.
#
#   ops/compose-backup.sh                        (run on the docker host, beside docker-compose.yml)
#
# The backup service takes it (ops/backup.sh inside the app's image, whose PostgreSQL client
# matches the server; the media from local disk or S3 alike) into its backups volume, where the
# daily ones are, and prunes that volume to BACKUP_KEEP as the daily run does. Runs in the service's
# own container: no second container, no published port. Environment: BACKUP_DIR (default
# ./backups), COMPOSE (default "docker compose", e.g. "docker compose -f prod.yml").
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a compose <<< "${COMPOSE:-docker compose}"
backup_root="${BACKUP_DIR:-backups}"

output=$("${compose[@]}" exec -T backup sh -c \
  'exec python manage.py run_backups --once --dir /backups --keep "$BACKUP_KEEP"')
echo "$output" >&2
folder=$(printf '%s\n' "$output" | sed -n 's/^backup: \(\/backups\/[0-9TZ]*\)$/\1/p' | tail -n 1)
[ -n "$folder" ] || { echo "backup: the backup service did not say which folder it wrote." >&2; exit 1; }

mkdir -p "$backup_root"
"${compose[@]}" cp "backup:$folder" "$backup_root/"
target="$backup_root/$(basename "$folder")"
(cd "$target" && sha256sum --check --quiet SHA256SUMS) || { echo "backup: the copy in $target is damaged." >&2; exit 1; }
echo "$target"
