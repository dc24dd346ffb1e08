"""The benchmark at other scales: the same addresses measured cold at N=1 and N=30 beside the
main run's N=10, each in a database of its own named after the main one (``sendtrack_bench_x1``,
``sendtrack_bench_x30``), built once and reused while current like the main one. Each scale
runs as a child ``manage.py bench --growth-run`` on that database, so that the main process
keeps its own connection and settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

SCALES = (1.0, 30.0)
OFF = {"0", "false", "no", "off"}


def enabled(environ: dict[str, str] | None = None) -> bool:
    """Growth runs unless ``BENCH_GROWTH`` says no (0, false, no, off)."""
    value = (os.environ if environ is None else environ).get("BENCH_GROWTH", "1")
    return value.strip().lower() not in OFF


def database_name(main: str, scale: float) -> str:
    """The database for ``scale`` beside the main one: ``sendtrack_bench_x30``."""
    return f"{main}_x{scale:g}"


def database_url(url: str, scale: float) -> str:
    """``url`` (the main benchmark database's) with the database of ``scale`` instead."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise ValueError(f"No database name in {url!r}.")
    return urlunsplit(parts._replace(path="/" + database_name(name, scale)))


def run_scale(
    scale: float,
    *,
    main_url: str,
    lists: list[str],
    count: int,
    port: int,
    output: Path,
    say: Callable[[str], None],
) -> dict:
    """Run the benchmark's growth pass at ``scale`` in a child process; its results."""
    env = dict(os.environ, DATABASE_URL=database_url(main_url, scale), BENCH_GROWTH="0")
    say(f"Growth: N={scale:g} in “{urlsplit(env['DATABASE_URL']).path.lstrip('/')}”…")
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [
            sys.executable,
            "manage.py",
            "bench",
            "--growth-run",
            "--scale",
            f"{scale:g}",
            "--lists",
            ",".join(lists),
            "--count",
            str(count),
            "--port",
            str(port),
            "--output",
            str(output),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )
    return json.loads(output.read_text())
