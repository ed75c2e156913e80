"""Container health check: /healthz must answer 200, asked for by a host name the site accepts.

Django answers 400 to a Host header missing from DJANGO_ALLOWED_HOSTS, so asking for
127.0.0.1 fails as soon as the setting names the real domain: the first allowed host
is sent instead ("*" or a leading-dot wildcard are turned into a host name).

    python ops/healthcheck.py [URL]        (default http://127.0.0.1:$PORT/healthz)
"""

import os
import sys
import urllib.error
import urllib.request


def host_header(allowed_hosts):
    """A Host value matching the first entry of DJANGO_ALLOWED_HOSTS."""
    first = next((host.strip() for host in allowed_hosts.split(",") if host.strip()), "localhost")
    if first == "*":
        return "localhost"
    return first.lstrip(".")  # ".example.org" allows example.org itself


def main(argv):
    url = argv[1] if len(argv) > 1 else f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
    request = urllib.request.Request(url, headers={"Host": host_header(os.environ.get("DJANGO_ALLOWED_HOSTS", ""))})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback, fixed scheme
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, OSError) as error:
        print(f"unhealthy: {error}")
        return 1
    if status != 200:
        print(f"unhealthy: {url} answered {status}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
