"""Step 5 of `make bench` (benchmarks/bench.py): the tables of the results, and the machine they were measured on."""

import os
from pathlib import Path

from benchmarks.bench_front_cache import PUBLISH_EVERY
from benchmarks.bench_load import arithmetic
from benchmarks.bench_uncached import FLOORS, PAGES


def ratio_rows(uncached):
    by_key = {(row["name"], row["size"]): row for row in uncached}
    lines = [
        "| page | N | cold ms | cold queries | warm ms | warm queries | x floor, cold | x floor, warm | queries over the floor (warm) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in uncached:
        floor = by_key.get((FLOORS.get(row["name"]), row["size"]))
        if floor is None:
            ratios = "| – | – | – |"
        else:
            ratios = (f"| {row['cold_ms'] / floor['cold_ms']:.1f} | {row['warm_ms'] / floor['warm_ms']:.1f} "
                      f"| {row['warm_queries'] - floor['warm_queries']:+d} |")
        lines.append(f"| {row['name']} ({PAGES[row['name']]}) | {row['size']} | {row['cold_ms']:.1f} | {row['cold_queries']} "
                     f"| {row['warm_ms']:.1f} | {row['warm_queries']} {ratios}")
    return lines


def tables(uncached, front):
    lines = ratio_rows(uncached)
    if not front:
        return "\n".join(lines)
    lines += [
        "",
        "| N | cached /our-history/ through Varnish, req/s | same HTML as a static file from nginx, req/s | ratio |",
        "| ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {row['size']} | {row['varnish']['rps']:.0f} | {row['nginx']['rps']:.0f} | {row['varnish']['rps'] / row['nginx']['rps']:.2f} |"
        for row in front
    ]
    lines += [
        "",
        f"Mixed pages through Varnish while a milestone is published every {PUBLISH_EVERY:.0f} s (tag soft purges); "
        "latencies as Varnish logged them (varnishncsa %D: first request byte to last response byte):",
        "",
        "| N | requests (Varnish log / wrk) | publishes | p50 ms | p99 ms | p99.9 ms | slowest ms | errors |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    notes = []
    for row in front:
        if "mixed" not in row:
            continue
        mixed, logged = row["mixed"], row["mixed_varnish"] or {}
        lines.append(
            f"| {row['size']} | {logged.get('requests', 0)} / {mixed['requests']} | {mixed['publishes']} | {logged.get('p50', 0):.2f} "
            f"| {logged.get('p99', 0):.2f} | {logged.get('p999', 0):.2f} | {logged.get('max', 0):.2f} "
            f"| {mixed['errors'] + mixed['socket_errors'] + logged.get('errors', 0)} |"
        )
        notes.append(f"- N={row['size']}, Varnish's log: {arithmetic(logged)}" if logged else f"- N={row['size']}: no Varnish log")
        notes.append(f"- N={row['size']}, wrk's own latencies (p50 {mixed['p50']:.2f}, p99 {mixed['p99']:.2f}, "
                     f"p99.9 {mixed['p999']:.2f}, slowest {mixed['max']:.2f} ms): {arithmetic(mixed)}")
    captions = [row for row in front if "caption" in row]
    if captions:
        lines += [
            "",
            "| N | cached pages | showing the photo | refreshed within, s | still stale | other pages still hits |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {row['size']} | {c['pages']} | {c['showing']} | {c['refreshed_s']:.2f} | {c['stale']} "
            f"| {c['hits']} of {c['others']} ({100 * c['hits'] / max(c['others'], 1):.1f} %) |"
            for row in front for c in [row["caption"]]
        ]
    if notes:
        lines += ["", "Do the percentiles add up?", "", *notes]
    return "\n".join(lines)


def machine():
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores ({cpu}), {memory} GB RAM, load average {load:.1f} at the end of the run"
