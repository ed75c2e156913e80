#!/usr/bin/env bash
# Restore a backup (from ops/compose-backup.sh or ops/backup.sh) into a docker compose
# deployment whose database and media storage are EMPTY: a new installation, before the
# site is started for the first time.
#
#   ops/compose-restore.sh backups/20250101T020000Z
#   docker compose up -d                         (then start the site)
#
# Refuses a database that has tables, and (import_media) a media storage with files in it:
# restoring over live data would mix two states of the site. The database is checked first,
# the media imported next, the database restored last, each with the versions compose runs.
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a compose <<< "${COMPOSE:-docker compose}"

backup="${1:-}"
[ -n "$backup" ] || { echo "usage: $0 BACKUP_FOLDER (e.g. backups/20250101T020000Z)" >&2; exit 2; }
for file in database.dump media.tar.gz SHA256SUMS; do
  [ -f "$backup/$file" ] || { echo "restore: $backup/$file is missing." >&2; exit 2; }
done
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || { echo "restore: the backup is damaged (checksums differ)." >&2; exit 2; }

"${compose[@]}" up --detach --wait db
tables=$("${compose[@]}" exec -T db sh -c \
  'psql --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" --tuples-only --no-align --command "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = ANY (current_schemas(false))"')
if [ "$tables" != "0" ]; then
  echo "restore: refusing to restore into a database that is not empty ($tables tables). Use a new, empty deployment (docker compose down --volumes removes this one's data)." >&2
  exit 1
fi

# The backup service's image without its loop; it starts what it depends on (database, storage),
# never the migrate service: nothing may create tables before pg_restore.
"${compose[@]}" run --rm -T backup sh -c \
  'set -e; dir=$(mktemp -d); tar --extract --gzip --directory="$dir"; python manage.py import_media "$dir"' \
  < "$backup/media.tar.gz"

"${compose[@]}" exec -T db sh -c \
  'exec pg_restore --no-owner --no-privileges --exit-on-error --username="$POSTGRES_USER" --dbname="$POSTGRES_DB"' \
  < "$backup/database.dump"
echo "restored $backup; start the site with: docker compose up -d"
