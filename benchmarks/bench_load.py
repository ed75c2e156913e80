"""The load `make bench` (benchmarks/bench.py) puts on a server and how it reads the latencies:
wrk's own summary, Varnish's log of each request (varnishncsa), and whether the figures add up.
"""

import math
import re
import signal
import statistics
import subprocess
import time

CONNECTIONS = 16
WRK = ["wrk", "-t2", f"-c{CONNECTIONS}"]
# wrk's own summary, as numbers (microseconds), from its done() callback: what the tables and
# the arithmetic check read, rather than its rounded text.
SUMMARY_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH-SUMMARY %d %d %d %d %d %d %f %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean,
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(url, seconds, workdir, paths=None):
    """``wrk`` on ``url`` (or on each of ``paths`` in turn): requests, latencies in ms, errors."""
    script = rotating_script(paths, workdir) if paths else workdir / "summary.lua"
    if not paths:
        script.write_text(SUMMARY_LUA)
    command = [*WRK, f"-d{seconds}s", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    fields = re.search(r"^BENCH-SUMMARY (.+)$", output, re.MULTILINE).group(1).split()
    requests, duration, p50, p99, p999, slowest, mean, status_errors, socket_errors = (float(f) for f in fields)
    return {
        "requests": int(requests),
        "seconds": duration / 1e6,
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000, "p99": p99 / 1000, "p999": p999 / 1000, "max": slowest / 1000, "mean": mean / 1000,
        "errors": int(status_errors),
        "socket_errors": int(socket_errors),
    }


def arithmetic(row):
    """Whether a run's latencies fit in its time: ``CONNECTIONS`` connections, each waiting for one
    answer at a time, can wait at most connections x duration seconds in all. The slowest 1 % (0.1 %)
    of the requests took at least p99 (p99.9) each, and all of them took mean x requests."""
    budget = CONNECTIONS * row["seconds"]
    used = row["mean"] / 1000 * row["requests"]
    tail_99 = row["requests"] * 0.01 * row["p99"] / 1000
    tail_999 = row["requests"] * 0.001 * row["p999"] / 1000
    consistent = used <= budget * 1.02 and tail_99 <= budget and tail_999 <= budget
    return (
        f"{row['requests']:,} requests in {row['seconds']:.1f} s on {CONNECTIONS} connections: at most "
        f"{budget:.0f} connection-seconds of waiting. Mean {row['mean']:.2f} ms x {row['requests']:,} = {used:.1f} s; "
        f"the slowest 1 % ({row['requests'] * 0.01:,.0f} requests) at >= p99 {row['p99']:.2f} ms: >= {tail_99:.1f} s; "
        f"the slowest 0.1 % at >= p99.9 {row['p999']:.2f} ms: >= {tail_999:.1f} s. "
        + ("Consistent." if consistent else "INCONSISTENT: these latencies cannot be right.")
    )


def rotating_script(paths, workdir):
    """A wrk script that asks for each of ``paths`` in turn."""
    script = workdir / "mixed.lua"
    quoted = ", ".join(f'"{path}"' for path in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal n = 0\n"
        "request = function()\n  n = n + 1\n  return wrk.format(nil, paths[(n % #paths) + 1])\nend\n" + SUMMARY_LUA
    )
    return script


class VarnishLog:
    """Varnish's own record of each GET it answered while running (varnishncsa): how long each took
    from the request's first byte to the response's last, measured where visitors wait."""

    def __init__(self, varnish_workdir, path):
        self.path = path
        self.command = ["varnishncsa", "-n", str(varnish_workdir / "n"), "-F", "%D %s", "-q", 'ReqMethod eq "GET"',
                        "-w", str(path)]

    def __enter__(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        time.sleep(1)  # it attaches to the shared log before the load starts
        return self

    def __exit__(self, *exc):
        time.sleep(1)
        self.process.send_signal(signal.SIGINT)  # flushes and exits
        self.process.wait(timeout=30)

    def figures(self, seconds):
        times = sorted(int(line.split()[0]) / 1000 for line in self.path.read_text().splitlines() if line.strip())
        if not times:
            return None

        def percentile(p):
            return times[min(len(times) - 1, math.ceil(p / 100 * len(times)) - 1)]

        statuses = [line.split()[1] for line in self.path.read_text().splitlines() if line.strip()]
        return {"requests": len(times), "seconds": seconds, "p50": percentile(50), "p99": percentile(99),
                "p999": percentile(99.9), "max": times[-1], "mean": statistics.fmean(times),
                "errors": sum(1 for status in statuses if not status.startswith(("2", "3")))}
