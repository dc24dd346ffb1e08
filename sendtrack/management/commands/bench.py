"""``manage.py bench`` (``make bench``): the app under gunicorn on PostgreSQL with the data at
ten times the demonstration, measured against the cheapest request the same app can answer.

For the floor and each dashboard, monthly report and API list it measures p50 and p95 latency
and requests per second with one client and with eight, and the workers' peak memory; then it
runs eight clients over everything for a minute, checking for errors and steady memory. It
prints a table with each address's ratio to the floor and writes the figures as JSON."""

from __future__ import annotations

import json
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from indicators.models import Indicator
from projects.models import Project
from sendtrack.benchmarks import database, load, server
from sendtrack.demo import API_DEMO_LOGIN, DEMO_PASSWORD, demo_api_token

DASHBOARDS = ["/", "/performance/", "/operational/", "/data-quality/"]
REPORTS = ["milestones", "risks", "kpis", "programme"]
LISTS = [
    "projects",
    "milestones",
    "risks",
    "status-reports",
    "indicators",
    "measurements",
    "targets",
    "benchmarks",
    "workstreams",
    "bodies",
    "meetings",
    "information-requests",
    "areas-of-weakness",
    "plan-actions",
    "publications",
]
# Pages are read signed in through the login form; the API with a token.
SESSION = {"dashboard", "page"}
# The targets, judged on the one-client run.
API_P50_TIMES_FLOOR = 5
API_P95_MS = 100
DASHBOARD_P95_MS = 250
# Memory is steady when the workers' last ten seconds of the soak average within this much of
# their first ten.
MEMORY_GROWTH_LIMIT = 0.10


class Command(BaseCommand):
    help = "Benchmark the app under gunicorn on PostgreSQL at scale 10 against a trivial view."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=10, help="Data scale (default 10).")
        parser.add_argument(
            "--seconds", type=float, default=3, help="Seconds per address and concurrency."
        )
        parser.add_argument("--soak", type=float, default=60, help="Seconds of the soak run.")
        parser.add_argument("--port", type=int, default=8099)
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "build" / "bench" / "results.json"),
            help="Where to write the results as JSON.",
        )

    def handle(self, *args, scale, seconds, soak, port, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The benchmark runs on PostgreSQL: set DATABASE_URL (make bench sets it from "
                "BENCH_DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/sendtrack_bench)."
            )
        today = timezone.localdate()
        started = time.perf_counter()
        built = database.ensure_bench_data(scale=scale, today=today, say=self.stdout.write)
        build_seconds = time.perf_counter() - started
        token = demo_api_token()
        targets = self._targets(token)

        out_dir = Path(output).parent
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "static").mkdir(exist_ok=True)
        env = server.bench_environment(static_root=out_dir / "static")
        self.stdout.write(f"Starting gunicorn ({server.WORKERS} workers) on 127.0.0.1:{port}…")
        with (
            server.gunicorn(port=port, env=env, log=out_dir / "gunicorn.log") as master,
            server.MemoryWatch(master) as memory,
        ):
            session = load.sign_in(port, username=API_DEMO_LOGIN, password=DEMO_PASSWORD)
            targets = [
                load.Target(t.name, t.kind, t.path, session if t.kind in SESSION else t.headers)
                for t in targets
            ]
            # Each worker loads the URLs, views and templates on its first requests: two
            # clients over every address twice, so that both workers have, before timing.
            load.run(port, targets, concurrency=2, seconds=0, min_requests=4 * len(targets))
            results = [self._measure(port, target, seconds, memory) for target in targets]
            self.stdout.write(f"Soak: 8 clients over every address for {soak:g} s…")
            soak_result = self._soak(port, targets, soak, memory)
            rss_at_end = [server.rss_mb(pid) for pid in server.worker_pids(master)]

        floor = results[0]
        for result in results:
            _judge(result, floor)
        report = {
            "when": datetime.now(tz=UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "note": "shared machine: other processes may have been running",
            },
            "server": {
                "gunicorn_workers": server.WORKERS,
                "worker_class": "sync",
                "settings": "sendtrack.benchmarks.settings (production, DEBUG off)",
                "conn_max_age": env["CONN_MAX_AGE"],
                "database": connection.settings_dict["NAME"],
            },
            "data": {
                "scale": scale,
                "built_now": built,
                "build_seconds": round(build_seconds, 1) if built else None,
                "projects": Project.objects.count(),
                "indicators": Indicator.objects.count(),
            },
            "seconds_per_run": seconds,
            "endpoints": results,
            "soak": soak_result,
            "worker_rss_mb_at_end": [round(v, 1) for v in rss_at_end],
            "targets_met": all(r["met"] is not False for r in results) and soak_result["met"],
        }
        Path(output).write_text(json.dumps(report, indent=2))
        self._print(results, soak_result)
        self.stdout.write(f"Results written to {output}")
        if soak_result["errors"] or any(r["c1"]["errors"] or r["c8"]["errors"] for r in results):
            raise CommandError("Some requests failed: see the table and the gunicorn log.")

    def _targets(self, token: str) -> list[load.Target]:
        api = {"Authorization": f"Token {token}"}
        project = Project.objects.filter(code="SUF-100").first() or Project.objects.first()
        indicator = Indicator.objects.filter(code="KPI-100").first() or Indicator.objects.first()
        targets = [
            load.Target("floor (trivial view)", "floor", "/bench/floor/"),
            load.Target("health", "page", "/health/"),
            load.Target("publications (public)", "page", "/publications/"),
        ]
        targets += [load.Target(f"dashboard {url}", "dashboard", url) for url in DASHBOARDS]
        if project:
            targets.append(load.Target("project page", "dashboard", f"/projects/{project.code}/"))
        if indicator:
            targets.append(
                load.Target("indicator page", "dashboard", f"/performance/{indicator.code}/")
            )
        targets += [
            load.Target(f"report {name}", "report", f"/api/v1/reports/{name}/", api)
            for name in REPORTS
        ]
        targets += [load.Target(f"list {name}", "list", f"/api/v1/{name}/", api) for name in LISTS]
        return targets

    def _measure(self, port, target, seconds, memory) -> dict:
        load.run(port, [target], concurrency=1, seconds=0, min_requests=3)  # warm up
        since = time.monotonic()
        one = load.run(port, [target], concurrency=1, seconds=seconds, min_requests=20)
        eight = load.run(port, [target], concurrency=8, seconds=seconds, min_requests=40)
        worker_peak, total_peak = memory.peak_since(since)
        self.stdout.write(
            f"  {target.name:<28} p50 {one.percentile(50):7.1f} ms  "
            f"p95 {one.percentile(95):7.1f} ms  {eight.rps:6.1f} req/s at 8"
        )
        return {
            "name": target.name,
            "kind": target.kind,
            "path": target.path,
            "c1": _summary(one),
            "c8": _summary(eight),
            "peak_worker_rss_mb": round(worker_peak, 1),
            "peak_workers_rss_mb": round(total_peak, 1),
        }

    def _soak(self, port, targets, seconds, memory) -> dict:
        since = time.monotonic()
        result = load.run(port, targets, concurrency=8, seconds=seconds)
        window = [s for s in memory.samples if s[0] >= since]
        first = [s[2] for s in window if s[0] < since + 10]
        last = [s[2] for s in window if s[0] >= window[-1][0] - 10] if window else []
        start_mb = sum(first) / len(first) if first else 0.0
        end_mb = sum(last) / len(last) if last else 0.0
        growth = (end_mb - start_mb) / start_mb if start_mb else 0.0
        return {
            "seconds": round(result.seconds, 1),
            "requests": result.requests,
            "rps": round(result.rps, 1),
            "errors": len(result.errors),
            "first_errors": result.errors[:10],
            "p50_ms": round(result.percentile(50), 1),
            "p95_ms": round(result.percentile(95), 1),
            "workers_rss_mb_first_10s": round(start_mb, 1),
            "workers_rss_mb_last_10s": round(end_mb, 1),
            "workers_rss_growth": round(growth, 3),
            "workers_rss_mb_series": [round(s[2], 1) for s in window[:: max(1, len(window) // 30)]],
            "met": not result.errors and growth <= MEMORY_GROWTH_LIMIT,
        }

    def _print(self, results, soak) -> None:
        floor = results[0]["c1"]["p50_ms"]
        header = (
            f"{'address':<30}{'p50 ms':>8}{'p95 ms':>8}{'×floor':>8}{'rps@1':>8}{'rps@8':>8}"
            f"{'p95@8':>8}{'RSS MB':>8}  target"
        )
        self.stdout.write("")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            verdict = {True: "met", False: "MISSED", None: ""}[r["met"]]
            self.stdout.write(
                f"{r['name']:<30}{r['c1']['p50_ms']:>8.1f}{r['c1']['p95_ms']:>8.1f}"
                f"{r['ratio_to_floor']:>8.1f}{r['c1']['rps']:>8.1f}{r['c8']['rps']:>8.1f}"
                f"{r['c8']['p95_ms']:>8.1f}{r['peak_worker_rss_mb']:>8.1f}  {verdict}"
                f"{' (' + r['target'] + ')' if r['target'] and not r['met'] else ''}"
            )
        self.stdout.write("")
        self.stdout.write(
            f"Floor p50 {floor:.2f} ms. Soak: {soak['requests']} requests in {soak['seconds']} s "
            f"at 8 clients ({soak['rps']} req/s), {soak['errors']} errors, workers' memory "
            f"{soak['workers_rss_mb_first_10s']} → {soak['workers_rss_mb_last_10s']} MB "
            f"({soak['workers_rss_growth']:+.1%}): {'met' if soak['met'] else 'MISSED'}."
        )
        self.stdout.write(
            "Timings come from a shared 2-core machine with the clients on the same cores: "
            "compare ratios to the floor rather than absolute figures."
        )


def _summary(run: load.Run) -> dict:
    return {
        "requests": run.requests,
        "errors": len(run.errors),
        "p50_ms": round(run.percentile(50), 2),
        "p95_ms": round(run.percentile(95), 2),
        "rps": round(run.rps, 1),
    }


def _judge(result: dict, floor: dict) -> None:
    """Sets the address's ratio to the floor and whether it meets its target."""
    p50, p95 = result["c1"]["p50_ms"], result["c1"]["p95_ms"]
    result["ratio_to_floor"] = round(p50 / floor["c1"]["p50_ms"], 1)
    if result["kind"] in {"report", "list"}:
        result["target"] = f"p50 ≤ {API_P50_TIMES_FLOOR}× floor and p95 < {API_P95_MS} ms"
        result["met"] = result["ratio_to_floor"] <= API_P50_TIMES_FLOOR and p95 < API_P95_MS
    elif result["kind"] == "dashboard":
        result["target"] = f"p95 < {DASHBOARD_P95_MS} ms"
        result["met"] = p95 < DASHBOARD_P95_MS
    else:
        result["target"], result["met"] = "", None
