"""The servers `make bench` (benchmarks/bench.py) starts on free loopback ports: gunicorn with
the production settings, varnishd with ops/varnish/default.vcl, and nginx for a static file.
"""

import subprocess
import sys
import urllib.error
import urllib.request

from tests.harness.polling import wait_until
from tests.harness.processes import free_port, stop
from tests.harness.production_server import ROOT
from tests.harness.varnish_server import VARNISHD, vcl_for


def wait_for(url, process=None, timeout=30):
    def answers():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False

    wait_until(answers, timeout=timeout, interval=0.2, waiting_for=f"{url} to answer")


class Server:
    """A subprocess on a free port, stopped on exit."""

    def __init__(self, command, port, cwd=None, env=None, ready_path="/", quiet=False):
        self.command, self.port, self.cwd, self.env, self.ready_path = command, port, cwd, env, ready_path
        self.output = subprocess.DEVNULL if quiet else None

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed commands
            self.command, cwd=self.cwd, env=self.env, stdout=self.output, stderr=self.output
        )
        wait_for(self.url(self.ready_path), self.process)
        return self

    def __exit__(self, *exc):
        stop(self.process, timeout=30)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def gunicorn(env):
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "occ_site.wsgi:application", "--workers", "2",
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    return Server(command, port, cwd=ROOT, env=env, ready_path="/healthz")


def varnish(app_port, workdir):
    workdir.mkdir(parents=True, exist_ok=True)
    workdir.chmod(0o755)
    vcl = workdir / "default.vcl"
    vcl.write_text(vcl_for([("127.0.0.1", app_port)]))
    port = free_port()
    command = [VARNISHD, "-F", "-n", str(workdir / "n"), "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0",
               "-f", str(vcl), "-s", "malloc,256m"]
    return Server(command, port, ready_path="/healthz", quiet=True)


def nginx(www, workdir):
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"worker_processes 2;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\ndaemon off;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; sendfile on; keepalive_requests 100000; default_type text/html;\n"
        f"  client_body_temp_path {workdir}/body; proxy_temp_path {workdir}/proxy; fastcgi_temp_path {workdir}/fcgi;\n"
        f"  uwsgi_temp_path {workdir}/uwsgi; scgi_temp_path {workdir}/scgi;\n"
        f"  server {{ listen 127.0.0.1:{port}; root {www}; }} }}\n"
    )
    return Server(["nginx", "-p", str(workdir), "-c", str(conf)], port, ready_path="/", quiet=True)
