"""Counting the database queries one request makes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def render_count(client, url):
    # CaptureQueriesContext slices a bounded log (9000 entries): building many
    # pages can fill it and skew the count, so start from an empty log.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
