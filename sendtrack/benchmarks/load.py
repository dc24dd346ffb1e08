"""Sending requests to the server under test and measuring them: latency percentiles,
requests per second at a number of concurrent clients, and errors. Standard library only;
every loop is bounded in time and count, and only 127.0.0.1 is ever asked."""

from __future__ import annotations

import http.client
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

HOST = "127.0.0.1"
# No run sends more than this many requests, however fast the server answers.
MAX_REQUESTS = 20_000


@dataclass(frozen=True)
class Target:
    """One address to measure, with the headers that sign it in."""

    name: str
    kind: str  # "floor", "dashboard", "report", "list", "page"
    path: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Run:
    """What one run at one concurrency saw."""

    concurrency: int
    seconds: float
    latencies_ms: list[float]
    errors: list[str]

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + len(self.errors)

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """The nearest-rank percentile ``q`` (0–100) of the latencies, in milliseconds."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        rank = max(1, round(q / 100 * len(ordered) + 0.4999))
        return ordered[min(rank, len(ordered)) - 1]


Answer = tuple[int, bytes, http.client.HTTPResponse]


def get(port: int, path: str, headers: dict[str, str]) -> Answer:
    """One GET on a fresh connection (gunicorn's sync workers close it after each answer)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, body, response
    finally:
        conn.close()


def run(
    port: int,
    targets: list[Target],
    *,
    concurrency: int,
    seconds: float,
    min_requests: int = 0,
) -> Run:
    """``concurrency`` clients each asking the targets in turn, back to back, for ``seconds``
    (and at least ``min_requests`` in all, within four times ``seconds`` or 30 s)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    started = time.perf_counter()
    deadline, hard_stop = started + seconds, started + max(4 * seconds, 30.0)

    def client(offset: int) -> None:
        n = offset
        while True:
            now = time.perf_counter()
            with lock:
                done = len(latencies) + len(errors)
            if done >= MAX_REQUESTS or now >= hard_stop:
                return
            if now >= deadline and done >= min_requests:
                return
            target = targets[n % len(targets)]
            n += 1
            begin = time.perf_counter()
            try:
                status, _, _ = get(port, target.path, target.headers)
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors.append(f"{target.path}: {type(error).__name__}: {error}")
                continue
            elapsed = (time.perf_counter() - begin) * 1000
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append(f"{target.path}: HTTP {status}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(concurrency, time.perf_counter() - started, latencies, errors)


def sign_in(port: int, *, username: str, password: str) -> dict[str, str]:
    """Sign in through the login page as a person does; returns the headers of the session."""
    status, body, response = get(port, "/accounts/login/", {})
    if status != 200:
        raise RuntimeError(f"The sign-in page answered {status}.")
    cookies = _cookies(response)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if token is None:
        raise RuntimeError("The sign-in page has no CSRF token.")
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(
            "POST",
            "/accounts/login/",
            body=urlencode(
                {
                    "username": username,
                    "password": password,
                    "csrfmiddlewaretoken": token.group(1).decode(),
                }
            ),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            },
        )
        answer = conn.getresponse()
        answer.read()
        cookies |= _cookies(answer)
    finally:
        conn.close()
    if answer.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"Signing in as {username} failed (HTTP {answer.status}).")
    # The CSRF cookie too, as a browser keeps it: without it every page that offers a form
    # would set one, and an answer that sets a cookie is neither tagged nor kept.
    kept = {name: cookies[name] for name in ("sessionid", "csrftoken") if name in cookies}
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in kept.items())}


def timed_get(port: int, path: str, headers: dict[str, str]) -> tuple[float, int, str, int]:
    """One GET, timed from sending to the last byte read: milliseconds, status, the answer's
    ETag ("" if none) and its length in bytes."""
    begin = time.perf_counter()
    status, body, response = get(port, path, headers)
    elapsed = (time.perf_counter() - begin) * 1000
    return elapsed, status, response.getheader("ETag") or "", len(body)


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    cookies = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies
