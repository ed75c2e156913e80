"""A real ``varnishd`` with the project's configuration (ops/varnish/default.vcl), for tests.

``running_varnish(backends)`` starts Debian's varnishd on a free 127.0.0.1 port in
front of the given ``(host, port)`` app instances (one or two; with one, both
backends of the configuration point at it, as a one-instance deployment does),
replacing only the backends' host and port, and stops it afterwards, whatever
happens. It yields a ``Varnish`` with the address to request and a helper to read
the ban list.

Without varnishd the tests skip, saying what is missing; with ``CI`` set they fail
instead (``.ci/setup`` installs it).
"""

import contextlib
import http.client
import os
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.harness.http_clients import send, source
from tests.harness.polling import wait_until
from tests.harness.processes import free_port, missing_program, stop
from tests.harness.tiers import require_marker

ROOT = Path(__file__).resolve().parent.parent.parent
VCL = ROOT / "ops/varnish/default.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


def require_varnishd():
    if not Path(VARNISHD).exists():
        missing_program("the front-cache tests need varnishd (apt-get install varnish; .ci/setup does)")


def vcl_for(backends, *, probe_interval=None, healthy_grace=None, tls_proxies=None):
    """The project's VCL with only the backends' host and port replaced.

    A test of what happens when the app goes down may shorten the health probe's interval and
    the grace a healthy app's stale pages get (seconds), so that it waits seconds, not half a minute.
    A test with a TLS proxy in front names the addresses it connects from (``tls_proxies``).
    """
    vcl = VCL.read_text()
    if tls_proxies is not None:
        entries = "".join(f'    "{address}";\n' for address in tls_proxies)
        vcl, count = re.subn(r"acl tls_proxy \{\n[^}]*\}", "acl tls_proxy {\n" + entries + "}", vcl)
        assert count == 1, f"acl tls_proxy not found in {VCL}"
    if probe_interval is not None:
        vcl, count = re.subn(r"\.interval = \d+s;", f".interval = {probe_interval}s;", vcl)
        assert count == 1, f"the probe's interval not found in {VCL}"
    if healthy_grace is not None:
        vcl, count = re.subn(
            r"(if \(std\.healthy\(req\.backend_hint\)\) \{\s*set req\.grace = )\d+s;", rf"\g<1>{healthy_grace}s;", vcl
        )
        assert count == 1, f"the healthy grace not found in {VCL}"
    targets = list(backends) * (2 // len(backends))
    for name, (host, port) in zip(("default", "web_2"), targets, strict=True):
        pattern = re.compile(r"(backend " + name + r" \{\s*\.host = )\"[^\"]*\";(\s*\.port = )\"[^\"]*\";")
        vcl, count = pattern.subn(rf'\g<1>"{host}";\g<2>"{port}";', vcl)
        assert count == 1, f"backend {name} not found in {VCL}"
    return vcl


@dataclass
class Varnish:
    url: str
    workdir: str

    def request(self, path, *, method="GET", headers=None, source_address=None, data=None):
        """(status, headers, body) of one request; ``source_address`` picks the client address."""
        host, port = self.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30, source_address=source(source_address))
        return send(connection, path, method=method, headers=headers, data=data)

    def get(self, path, **kwargs):
        return self.request(path, **kwargs)


@contextlib.contextmanager
def running_varnish(backends, port=None, **vcl_options):
    """``port``: where it listens (a free one unless given, e.g. when the app must know it first);
    ``vcl_options``: ``probe_interval``, ``healthy_grace`` and ``tls_proxies`` for ``vcl_for``."""
    require_marker("varnish")
    require_varnishd()
    with tempfile.TemporaryDirectory(prefix="occ-varnish-") as workdir:
        os.chmod(workdir, 0o755)  # noqa: S103 - varnishd reads it as its own, unprivileged user
        vcl_path = Path(workdir, "default.vcl")
        vcl_path.write_text(vcl_for(backends, **vcl_options))
        port = port or free_port()
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [VARNISHD, "-F", "-n", str(Path(workdir, "n")), "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0",
             "-f", str(vcl_path), "-s", "malloc,64m"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_answering(url, process)
            yield Varnish(url=url, workdir=workdir)
        finally:
            stop(process)


def _wait_until_answering(url, process, timeout=30):
    def answers():
        if process.poll() is not None:
            output = process.stdout.read().decode("utf-8", "replace")
            raise RuntimeError(f"varnishd exited ({process.returncode}):\n{output}")
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)  # noqa: S310 - local test server
        except urllib.error.HTTPError:
            pass  # it answers
        except OSError:
            return False
        return True

    wait_until(answers, timeout=timeout, waiting_for="varnishd to answer")
