"""A throwaway PostgreSQL database per benchmark run, on the server ``BENCH_POSTGRES_URL`` names."""

import os
from urllib.parse import urlparse, urlunparse


def database_url(name):
    """(the server's admin URL, parsed; the URL of database ``name`` on it)."""
    admin = urlparse(os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    return admin, urlunparse(admin._replace(path=f"/{name}"))


def admin_sql(admin, statement):
    """Run ``statement`` outside a transaction (CREATE/DROP DATABASE) as the admin URL's user."""
    import psycopg2

    connection = psycopg2.connect(admin.geturl())
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()
