FROM python:3.11-slim-bookworm

# The PostgreSQL client matches the server in docker-compose.yml (postgres:16), so pg_dump,
# pg_restore and psql in this image work with it (Debian bookworm itself ships 15).
ARG POSTGRES_MAJOR=16

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=occ_site.settings.production \
    PORT=8000

RUN apt-get update \
    && apt-get install --yes --no-install-recommends ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install --yes --no-install-recommends libpq5 "postgresql-client-${POSTGRES_MAJOR}" \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 occ
WORKDIR /app

# Only what the site runs on (requirements.txt, every package pinned with its hash); the test tools
# are in requirements-dev.txt and never in the image.
COPY requirements.txt .
RUN pip install --require-hashes --no-deps -r requirements.txt

# .dockerignore keeps secrets (.env), databases, media, backups, virtualenvs and .git out.
COPY --chown=occ:occ . .
# collectstatic needs settings but no secrets or database.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.db \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media /backups && chown occ:occ /app/media /backups

USER occ
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py setup_site && python manage.py ensure_admin && exec gunicorn occ_site.wsgi:application --bind 0.0.0.0:${PORT} --workers ${GUNICORN_WORKERS:-3} --access-logfile -"]
