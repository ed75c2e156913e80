"""Real servers for the tests, the benchmarks and the load test, each started on free 127.0.0.1 ports
and stopped afterwards, whatever happens.

- ``production_server``: the site under production settings with gunicorn (and ``manage.py`` runs)
- ``varnish_server``: varnishd with ops/varnish/default.vcl
- ``caddy_server``: Caddy with ops/caddy/Caddyfile (the TLS proxy)
- ``s3_server``: SeaweedFS's S3 API, with pytest fixtures
- ``postgres_server``: a private PostgreSQL a test may stop and start
- ``task_worker``: ``manage.py db_worker``
- ``tls_front``: a throwaway TLS proxy in front of the live server, for what browsers do only over https
- ``http_clients``: requests to a running server that show redirects and pick the client address
- ``processes``: free ports, stopping a process, skipping when a server program is missing
- ``polling``: waiting for another process without waiting on the clock
- ``tiers``: the markers a test that starts one of these servers must carry

Only tests/, benchmarks/ and ops/loadtest.py import this package (tests/test_code_structure.py).
"""
