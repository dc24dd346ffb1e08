"""The app under gunicorn for the benchmark, and the resident memory of its workers, read
from /proc (Linux)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from .load import get

WORKERS = 2


def bench_environment(*, static_root: Path) -> dict[str, str]:
    """Production's settings from the environment, for a server on 127.0.0.1 over HTTP."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="sendtrack.benchmarks.settings",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        CONN_MAX_AGE=env.get("CONN_MAX_AGE", "600"),
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
    )
    return env


@contextmanager
def gunicorn(*, port: int, env: dict[str, str], log: Path):
    """Start gunicorn with two sync workers, wait until it answers, and stop it afterwards.
    Yields the master's process id."""
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            [
                sys.executable,
                "-m",
                "gunicorn",
                "sendtrack.wsgi:application",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_ready(port, process)
            yield process.pid
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting: see its log.")
        try:
            if get(port, "/bench/floor/", {})[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError("gunicorn did not answer within a minute.")


def worker_pids(master: int) -> list[int]:
    """The master's child processes: the workers."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The parent's id is the fourth field, after the command name in parentheses.
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            pids.append(int(entry.name))
    return sorted(pids)


def rss_mb(pid: int) -> float:
    """A process's resident memory now, in MiB (0 if it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class MemoryWatch:
    """Samples the workers' resident memory a few times a second, in the background."""

    def __init__(self, master: int, *, interval: float = 0.2) -> None:
        self.master, self.interval = master, interval
        self.samples: list[tuple[float, float, float]] = []  # (time, largest worker, all)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            sizes = [rss_mb(pid) for pid in worker_pids(self.master)]
            if sizes:
                self.samples.append((time.monotonic(), max(sizes), sum(sizes)))
            self._stop.wait(self.interval)

    def peak_since(self, start: float) -> tuple[float, float]:
        """The largest worker's and all workers' peak resident memory since ``start``."""
        window = [s for s in self.samples if s[0] >= start] or self.samples[-1:]
        if not window:
            return 0.0, 0.0
        return max(s[1] for s in window), max(s[2] for s in window)
