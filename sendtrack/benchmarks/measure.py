"""Timing one address three ways, one client, back to back:

- **cold**: each timed request follows a genuine write (made untimed, by ``writes.Writer``)
  that changes the data's version, so nothing derived before it may be used: the first read
  after a write, as a director gets it after an officer's update;
- **warm**: repeated reads with no write in between, answered from what was derived at the
  first (the kept answer: ``sendtrack.conditional``);
- **304**: repeats sending the previous answer's ETag in ``If-None-Match``, each of which must
  be answered 304 Not Modified with no body."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .load import Target, timed_get
from .writes import Writer, kind_for


@dataclass
class Series:
    """The timings of one way of reading one address."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def percentile(self, q: float) -> float:
        """The nearest-rank percentile ``q`` (0–100), in milliseconds (NaN if none)."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        rank = max(1, round(q / 100 * len(ordered) + 0.4999))
        return ordered[min(rank, len(ordered)) - 1]

    def summary(self) -> dict:
        return {
            "n": len(self.latencies_ms),
            "p50_ms": _round(self.percentile(50)),
            "p95_ms": _round(self.percentile(95)),
            "errors": len(self.errors),
            "first_errors": self.errors[:5],
        }


def _round(value: float) -> float | None:
    return None if value != value else round(value, 2)  # NaN: nothing was measured


@dataclass(frozen=True)
class Budget:
    """How many timed requests each way, and the most seconds to spend on one address's way
    (after ``least`` requests, the loop stops at the time limit)."""

    count: int = 20
    least: int = 6
    seconds: float = 10.0


def time_cold(port: int, target: Target, writer: Writer, budget: Budget) -> Series:
    """Each timed request after a write the address shows (untimed)."""
    series = Series()
    kind = kind_for(target.path)
    started = time.monotonic()
    for n in range(budget.count):
        if n >= budget.least and time.monotonic() - started > budget.seconds:
            break
        writer.write(kind=kind)
        _record(series, target, *timed_get(port, target.path, target.headers)[:2], want=200)
    return series


def time_warm(port: int, target: Target, budget: Budget, *, warm_up: int = 4) -> Series:
    """Repeated reads with no write in between, after ``warm_up`` untimed ones (enough for
    each worker to have read the address once if answers are kept per worker)."""
    for _ in range(warm_up):
        timed_get(port, target.path, target.headers)
    return _repeat(port, target, budget, target.headers, want=200)


def time_not_modified(port: int, target: Target, budget: Budget) -> tuple[Series, bool]:
    """Repeats with the ETag of the answer before them; each must be a 304. Also says whether
    the address sent a validator at all."""
    _, status, etag, _ = timed_get(port, target.path, target.headers)
    if status != 200 or not etag:
        series = Series()
        series.errors.append(f"{target.path}: HTTP {status} with no ETag to send back")
        return series, False
    headers = {**target.headers, "If-None-Match": etag}
    return _repeat(port, target, budget, headers, want=304), True


def _repeat(port, target, budget, headers, *, want: int) -> Series:
    series = Series()
    started = time.monotonic()
    for n in range(budget.count):
        if n >= budget.least and time.monotonic() - started > budget.seconds:
            break
        _record(series, target, *timed_get(port, target.path, headers)[:2], want=want)
    return series


def _record(series: Series, target: Target, elapsed: float, status: int, *, want: int) -> None:
    if status == want:
        series.latencies_ms.append(elapsed)
    else:
        series.errors.append(f"{target.path}: HTTP {status}, expected {want}")
