"""``manage.py bench`` (``make bench``): the app under gunicorn on PostgreSQL with the data at
ten times the demonstration, measured against the cheapest request the same app can answer.

For every dashboard (without and with a workstream filter), the project, indicator, body and
meeting pages, every monthly report in JSON, CSV and XLSX, and every API list (the board
actions' among them) it times, with one client, cold reads (each after a genuine write
that changes the data's version), warm reads (no write in between) and repeats answered 304
(with the previous answer's ETag), counts each address's queries on a cold read, and judges
each against its target as ratios to the floor of the same run. Then, unless told not to, it
times the dashboards, the reports and the three largest lists cold at N=1 and N=30 to show how
each grows with the data (``sendtrack.benchmarks.growth``). Eight clients per address and a
soak over everything are optional. It prints the tables in Markdown and writes every figure to
``build/bench/results.json``."""

from __future__ import annotations

import json
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from governance.models import Meeting
from indicators.models import Indicator
from projects.models import Project, Workstream
from sendtrack.benchmarks import database, growth, load, measure, server, targets
from sendtrack.benchmarks.queries import count_queries
from sendtrack.benchmarks.writes import Writer
from sendtrack.demo import API_DEMO_LOGIN, DEMO_PASSWORD, demo_api_token

DASHBOARDS = ["/", "/performance/", "/operational/", "/data-quality/", "/finance/"]
REPORTS = ["milestones", "risks", "kpis", "programme", "finance"]
FORMATS = ["json", "csv", "xlsx"]
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
    "board-actions",
    "benefits",
]
# Lists measured at every scale: the largest by rows at N=10.
GROWTH_LISTS = 3
# Pages are read signed in through the login form; the API with a token.
SESSION = {"dashboard", "page"}
FLOOR_REQUESTS = 300
# Memory is steady when the workers' last ten seconds of the soak average within this much of
# their first ten.
MEMORY_GROWTH_LIMIT = 0.10


def build_targets(
    *, token: str, workstream_id: int | None, lists: list[str], pages: bool = True
) -> list[load.Target]:
    """Every address measured, in the table's order (session headers are added once signed
    in). Names do not depend on ids, so that rows match across scales."""
    api = {"Authorization": f"Token {token}"}
    found = []
    for url in DASHBOARDS:
        found.append(load.Target(f"dashboard {url}", "dashboard", url))
        if workstream_id is not None:
            found.append(
                load.Target(
                    f"dashboard {url} (workstream)",
                    "dashboard",
                    f"{url}?workstream={workstream_id}",
                )
            )
    if pages:
        project = Project.objects.filter(code="SUF-100").first() or Project.objects.first()
        indicator = Indicator.objects.filter(code="KPI-100").first() or Indicator.objects.first()
        if project:
            found.append(load.Target("project page", "page", f"/projects/{project.code}/"))
        if indicator:
            found.append(load.Target("indicator page", "page", f"/performance/{indicator.code}/"))
        meeting = busiest_meeting()
        if meeting:
            found.append(load.Target("body page", "page", f"/boards/bodies/{meeting.body_id}/"))
            found.append(load.Target("meeting page", "page", f"/boards/meetings/{meeting.pk}/"))
    for name in REPORTS:
        for fmt in FORMATS:
            found.append(
                load.Target(
                    f"report {name} {fmt}", "report", f"/api/v1/reports/{name}/?format={fmt}", api
                )
            )
    found += [load.Target(f"list {name}", "list", f"/api/v1/{name}/", api) for name in lists]
    return found


def busiest_meeting() -> Meeting | None:
    """The latest meeting held by the body that has held the most: the meeting page with the
    longest action log brought forward, and the body page with the most meetings."""
    busiest = (
        Meeting.objects.filter(status=Meeting.Status.HELD)
        .values("body")
        .annotate(held=Count("pk"))
        .order_by("-held", "body")
        .first()
    )
    if busiest is None:
        return None
    return (
        Meeting.objects.filter(body=busiest["body"], status=Meeting.Status.HELD)
        .order_by("-date", "-pk")
        .first()
    )


def largest_lists(rows: list[dict], *, how_many: int = GROWTH_LISTS) -> list[str]:
    """The names of the ``how_many`` lists with the most rows."""
    lists = [row for row in rows if row["kind"] == "list" and row.get("rows") is not None]
    lists.sort(key=lambda row: row["rows"], reverse=True)
    return [row["path"].rstrip("/").rsplit("/", 1)[-1] for row in lists[:how_many]]


class Command(BaseCommand):
    help = "Benchmark the app under gunicorn on PostgreSQL: cold, warm and 304, with growth."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=10, help="Data scale (default 10).")
        parser.add_argument("--count", type=int, default=20, help="Timed requests each way.")
        parser.add_argument(
            "--eight",
            type=float,
            default=0,
            help="Seconds of eight clients on each address, warm (default 0: not run).",
        )
        parser.add_argument(
            "--soak", type=float, default=0, help="Seconds of the soak (default 0: not run)."
        )
        parser.add_argument(
            "--no-growth",
            action="store_true",
            help="Skip the runs at N=1 and N=30 (as does BENCH_GROWTH=0).",
        )
        parser.add_argument("--port", type=int, default=8099)
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "build" / "bench" / "results.json"),
            help="Where to write the results as JSON.",
        )
        # The growth pass at one scale, run by the main run in a child process.
        parser.add_argument("--growth-run", action="store_true", help="(internal)")
        parser.add_argument("--lists", default="", help="(internal) lists of the growth pass")

    def handle(self, *args, scale, count, eight, soak, no_growth, port, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The benchmark runs on PostgreSQL: set DATABASE_URL (make bench sets it from "
                "BENCH_DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/sendtrack_bench)."
            )
        growth_run = options["growth_run"]
        load_before = os.getloadavg()
        today = timezone.localdate()
        started = time.perf_counter()
        built = database.ensure_bench_data(scale=scale, today=today, say=self.stdout.write)
        build_seconds = round(time.perf_counter() - started, 1)
        token = demo_api_token()
        user = get_user_model().objects.get(username=API_DEMO_LOGIN)
        workstream = Workstream.objects.order_by("number", "pk").first()
        writer = Writer(user=user, workstream_id=workstream.pk if workstream else None)
        lists = options["lists"].split(",") if growth_run else LISTS
        found = build_targets(
            token=token,
            workstream_id=workstream.pk if workstream else None,
            lists=[name for name in lists if name],
            pages=not growth_run,
        )
        self.stdout.write("Counting each address's queries on a cold read…")
        counted = count_queries(found, user=user, token=token, writer=writer)

        out_dir = Path(output).parent
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "static").mkdir(exist_ok=True)
        env = server.bench_environment(static_root=out_dir / "static")
        budget = measure.Budget(count=count)
        self.stdout.write(f"Starting gunicorn ({server.WORKERS} workers) on 127.0.0.1:{port}…")
        run_started = time.perf_counter()
        log = out_dir / (f"gunicorn_x{scale:g}.log" if growth_run else "gunicorn.log")
        try:
            with (
                server.gunicorn(port=port, env=env, log=log) as master,
                server.MemoryWatch(master) as memory,
            ):
                session = load.sign_in(port, username=API_DEMO_LOGIN, password=DEMO_PASSWORD)
                found = [
                    load.Target(t.name, t.kind, t.path, session if t.kind in SESSION else t.headers)
                    for t in found
                ]
                # Each worker loads the URLs, views and templates on its first requests: two
                # clients over every address twice, so that both workers have, before timing.
                load.run(port, found, concurrency=2, seconds=0, min_requests=4 * len(found))
                floor_target = load.Target("floor", "floor", "/bench/floor/")
                floor_runs = [self._floor(port, floor_target)]
                rows = [
                    self._measure(
                        port,
                        target,
                        writer,
                        budget,
                        counted[target.path],
                        memory,
                        cold_only=growth_run,
                        eight=eight,
                    )
                    for target in found
                ]
                floor_runs.append(self._floor(port, floor_target))
                soak_result = self._soak(port, found, soak, memory) if soak else None
                rss_at_end = [server.rss_mb(pid) for pid in server.worker_pids(master)]
        finally:
            writer.restore()
        floor = _floor_summary(floor_runs)
        targets.judge_all(rows, floor_ms=floor["p50_ms"])

        report = {
            "when": datetime.now(tz=UTC).isoformat(timespec="seconds"),
            "machine": _machine(load_before),
            "server": {
                "gunicorn_workers": server.WORKERS,
                "worker_class": "sync",
                "settings": "sendtrack.benchmarks.settings (production, DEBUG off)",
                "conn_max_age": env["CONN_MAX_AGE"],
                "cache": "Redis" if env.get("REDIS_URL") else "local memory, per worker",
                "database": connection.settings_dict["NAME"],
            },
            "data": {
                "scale": scale,
                "built_now": built,
                "build_seconds": build_seconds if built else None,
                "projects": Project.objects.count(),
                "indicators": Indicator.objects.count(),
                "workstream_filter": workstream.pk if workstream else None,
            },
            "requests_each_way": count,
            "writes_made": writer.made,
            "measure_seconds": round(time.perf_counter() - run_started, 1),
            "floor": floor,
            "endpoints": rows,
            "soak": soak_result,
            "worker_rss_mb_at_end": [round(v, 1) for v in rss_at_end],
        }
        if not growth_run:
            report["growth"] = self._growth(rows, floor, no_growth, port, out_dir, count)
            report["targets_met"] = all(r["met"] is not False for r in rows)
        Path(output).write_text(json.dumps(report, indent=2))
        if growth_run:
            return
        self._print(report)
        self.stdout.write(f"Results written to {output}")
        failed = [
            error
            for row in rows
            for way in ("cold", "warm")
            for error in (row.get(way) or {}).get("first_errors", [])
        ]
        if failed or (soak_result and soak_result["errors"]):
            raise CommandError(
                "Some requests failed: " + "; ".join(failed[:5]) + " (see the gunicorn log)."
            )

    def _floor(self, port, target) -> measure.Series:
        series = measure.Series()
        for _ in range(FLOOR_REQUESTS):
            elapsed, status, _, _ = load.timed_get(port, target.path, {})
            if status == 200:
                series.latencies_ms.append(elapsed)
        return series

    def _measure(self, port, target, writer, budget, counted, memory, *, cold_only, eight) -> dict:
        cold = measure.time_cold(port, target, writer, budget)
        row = {
            "name": target.name,
            "kind": target.kind,
            "path": target.path,
            **counted,
            "cold": cold.summary(),
        }
        if target.kind == "report":
            row["report"], row["format"] = target.path.split("/")[4], target.path.rsplit("=", 1)[1]
        if not cold_only:
            row["warm"] = measure.time_warm(port, target, budget).summary()
            not_modified, tagged = measure.time_not_modified(port, target, budget)
            row["not_modified"], row["validator"] = not_modified.summary(), tagged
        if eight:
            since = time.monotonic()
            run = load.run(port, [target], concurrency=8, seconds=eight, min_requests=40)
            row["c8"] = {
                "rps": round(run.rps, 1),
                "p95_ms": round(run.percentile(95), 1),
                "errors": len(run.errors),
                "peak_worker_rss_mb": round(memory.peak_since(since)[0], 1),
            }
        self.stdout.write(
            f"  {target.name:<34} cold p50 {row['cold']['p50_ms'] or 0:7.1f} ms"
            + (
                f"  warm p50 {row['warm']['p50_ms'] or 0:7.1f} ms"
                f"  304 p50 {row['not_modified']['p50_ms'] or 0:6.2f} ms"
                if not cold_only
                else ""
            )
            + f"  {row['queries']} queries"
        )
        return row

    def _growth(self, rows, floor, no_growth, port, out_dir, count) -> dict | None:
        if no_growth or not growth.enabled():
            self.stdout.write("Growth skipped (--no-growth or BENCH_GROWTH=0).")
            return None
        lists = largest_lists(rows)
        at_ten = [
            {k: row[k] for k in ("name", "kind", "path", "queries", "cold")}
            for row in rows
            if row["kind"] in {"dashboard", "report"}
            or row["name"] in {f"list {name}" for name in lists}
        ]
        by_scale = {"10": {"rows": at_ten, "floor": floor}}
        for n, scale in enumerate(growth.SCALES, start=1):
            result = growth.run_scale(
                scale,
                main_url=os.environ["DATABASE_URL"],
                lists=lists,
                count=count,
                port=port + n,
                output=out_dir / f"growth_x{scale:g}.json",
                say=self.stdout.write,
            )
            by_scale[f"{scale:g}"] = {
                "rows": [
                    {k: row[k] for k in ("name", "kind", "path", "queries", "cold")}
                    for row in result["endpoints"]
                ],
                "floor": result["floor"],
                "build_seconds": result["data"]["build_seconds"],
                "projects": result["data"]["projects"],
                "measure_seconds": result["measure_seconds"],
            }
        return {"lists": lists, "by_scale": by_scale}

    def _soak(self, port, found, seconds, memory) -> dict:
        since = time.monotonic()
        result = load.run(port, found, concurrency=8, seconds=seconds)
        window = [s for s in memory.samples if s[0] >= since]
        first = [s[2] for s in window if s[0] < since + 10]
        last = [s[2] for s in window if s[0] >= window[-1][0] - 10] if window else []
        start_mb = sum(first) / len(first) if first else 0.0
        end_mb = sum(last) / len(last) if last else 0.0
        grew = (end_mb - start_mb) / start_mb if start_mb else 0.0
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
            "workers_rss_growth": round(grew, 3),
            "met": not result.errors and grew <= MEMORY_GROWTH_LIMIT,
        }

    def _print(self, report) -> None:
        floor = report["floor"]
        machine = report["machine"]
        self.stdout.write("")
        self.stdout.write(
            f"{report['when']}, scale {report['data']['scale']:g}, {machine['cpus']} CPUs, "
            f"load average {machine['load_average_before']} before, "
            f"{machine['load_average_after']} after; floor p50 {floor['p50_ms']:.2f} ms "
            f"(p50 of its runs: {', '.join(f'{v:.2f}' for v in floor['run_p50s_ms'])})."
        )
        self.stdout.write("")
        for line in targets.render_table(report["endpoints"], floor=floor):
            self.stdout.write(line)
        met = sum(1 for r in report["endpoints"] if r["met"])
        judged = sum(1 for r in report["endpoints"] if r["met"] is not None)
        self.stdout.write("")
        self.stdout.write(f"Targets met by {met} of {judged} addresses.")
        if report.get("growth"):
            self.stdout.write("")
            by_scale = report["growth"]["by_scale"]
            for line in targets.render_growth(
                {float(n): data["rows"] for n, data in by_scale.items()},
                floors={float(n): data["floor"]["p50_ms"] for n, data in by_scale.items()},
            ):
                self.stdout.write(line)
        soak = report.get("soak")
        if soak:
            self.stdout.write("")
            self.stdout.write(
                f"Soak: {soak['requests']} requests in {soak['seconds']} s at 8 clients "
                f"({soak['rps']} req/s), {soak['errors']} errors, workers' memory "
                f"{soak['workers_rss_mb_first_10s']} → {soak['workers_rss_mb_last_10s']} MB "
                f"({soak['workers_rss_growth']:+.1%}): {'met' if soak['met'] else 'MISSED'}."
            )
        self.stdout.write(
            "Timings come from a shared 2-core machine with the clients on the same cores: "
            "compare ratios to the floor rather than absolute figures."
        )


def _floor_summary(runs: list[measure.Series]) -> dict:
    """The floor over all its runs (one before the addresses, one after)."""
    everything = measure.Series([v for run in runs for v in run.latencies_ms])
    return {
        "p50_ms": round(everything.percentile(50), 3),
        "p95_ms": round(everything.percentile(95), 3),
        "n": len(everything.latencies_ms),
        "run_p50s_ms": [round(run.percentile(50), 3) for run in runs],
    }


def _machine(load_before: tuple[float, float, float]) -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_before": " ".join(f"{v:.2f}" for v in load_before),
        "load_average_after": " ".join(f"{v:.2f}" for v in os.getloadavg()),
        "note": "shared machine: other processes may have been running",
    }
