"""A real Caddy with the project's site configuration (ops/caddy/Caddyfile), for tests.

``running_caddy(front_cache)`` starts Debian's caddy on two free 127.0.0.1 ports (HTTP and
HTTPS) for the host name ``localhost``, in front of ``front_cache`` (a varnishd's host:port), with
a certificate from Caddy's own local authority instead of a public one (``local_certs``, what
``tls internal`` does for one site). The shipped Caddyfile is imported unchanged; only the global
options a test needs (ports, no admin API, where certificates are kept) come first. It yields a
``Caddy`` whose ``https_request`` verifies the certificate against that authority's root.

Without caddy the tests skip, saying what is missing; with ``CI`` set they fail instead
(``.ci/setup`` installs it).
"""

import contextlib
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.harness.http_clients import send, source
from tests.harness.polling import wait_until
from tests.harness.processes import free_port, missing_program, stop
from tests.harness.tiers import require_marker

ROOT = Path(__file__).resolve().parent.parent.parent
CADDYFILE = ROOT / "ops/caddy/Caddyfile"
CADDY = shutil.which("caddy") or "/usr/bin/caddy"
HOST = "localhost"


def require_caddy():
    if not Path(CADDY).exists():
        missing_program("the HTTPS tests need caddy (apt-get install caddy; .ci/setup does)")


@dataclass
class Caddy:
    http_port: int
    https_port: int
    root_certificate: Path
    log: Path

    def request(self, path, *, https=True, method="GET", headers=None, data=None, source_address=None):
        """(status, headers, body) of one request to https://localhost:PORT (or http://)."""
        if https:
            context = ssl.create_default_context(cafile=str(self.root_certificate))
            connection = http.client.HTTPSConnection(
                HOST, self.https_port, timeout=30, context=context, source_address=source(source_address)
            )
        else:
            connection = http.client.HTTPConnection(HOST, self.http_port, timeout=30, source_address=source(source_address))
        return send(connection, path, method=method, headers=headers, data=data)

    def get(self, path, **kwargs):
        return self.request(path, **kwargs)

    def negotiated_protocol(self):
        """The application protocol TLS agreed on (ALPN): "h2" when Caddy offers HTTP/2."""
        context = ssl.create_default_context(cafile=str(self.root_certificate))
        context.set_alpn_protocols(["h2", "http/1.1"])
        with (
            socket.create_connection((HOST, self.https_port), timeout=30) as raw,
            context.wrap_socket(raw, server_hostname=HOST) as sock,
        ):
            return sock.selected_alpn_protocol()


@contextlib.contextmanager
def running_caddy(front_cache):
    require_marker("caddy")
    require_caddy()
    with tempfile.TemporaryDirectory(prefix="occ-caddy-") as workdir:
        http_port, https_port = free_port(), free_port()
        config = Path(workdir, "Caddyfile")
        config.write_text(
            "{\n"
            "\tadmin off\n"
            f"\thttp_port {http_port}\n"
            f"\thttps_port {https_port}\n"
            "\tdefault_bind 127.0.0.1\n"
            "\tskip_install_trust\n"
            f"\tstorage file_system {workdir}/data\n"
            "\tlocal_certs\n"
            "}\n"
            f"import {CADDYFILE}\n"
        )
        log = Path(workdir, "caddy.log")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": workdir, "SITE_HOST": HOST, "FRONT_CACHE": front_cache}
        with log.open("w") as output:
            process = subprocess.Popen(  # noqa: S603 - fixed arguments
                [CADDY, "run", "--config", str(config), "--adapter", "caddyfile"],
                env=env, stdout=output, stderr=subprocess.STDOUT,
            )
        root = Path(workdir, "data/pki/authorities/local/root.crt")
        caddy = Caddy(http_port=http_port, https_port=https_port, root_certificate=root, log=log)
        try:
            wait_until(lambda: answers(caddy, process), timeout=30, waiting_for="caddy to serve HTTPS")
            yield caddy
        finally:
            stop(process)


def answers(caddy, process):
    if process.poll() is not None:
        raise RuntimeError(f"caddy exited ({process.returncode}):\n{caddy.log.read_text()[-4000:]}")
    if not caddy.root_certificate.exists():
        return False
    try:
        caddy.request("/healthz")
    except (OSError, ssl.SSLError):
        return False
    return True
