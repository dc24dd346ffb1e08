"""A pytest plugin (``make test`` loads it with ``-p tests.every_test_runs``) that fails the run
when a test was collected but never reported: passed, failed, skipped, xfailed or an error,
every collected test must end as one of them. Tests deselected (``-m "not redis"``, ``-k``) are
not collected for the run and are not counted; a run stopped early (``-x``, Ctrl+C) is not
judged. Under pytest-xdist the workers' collections and reports are counted by the controller.
"""

from __future__ import annotations

from collections import Counter

import pytest

SHOWN = 20
# What this process collected and saw reported (the controller's, under xdist), as counts per
# address: two tests sharing an address are two tests.
COLLECTED: Counter[str] = Counter()
REPORTED: Counter[str] = Counter()


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    COLLECTED.clear()
    REPORTED.clear()


def pytest_collection_finish(session: pytest.Session) -> None:
    # Without xdist, this process runs what it collected; with it, the workers collect.
    if not session.config.pluginmanager.hasplugin("dsession"):
        COLLECTED.update(item.nodeid for item in session.items)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids) -> None:
    """Every worker collects every test; the largest collection is the run's."""
    if sum(COLLECTED.values()) < len(ids):
        COLLECTED.clear()
        COLLECTED.update(ids)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # One outcome per test: its call's, or its setup's when that skipped or failed.
    if report.when == "call" or (report.when == "setup" and not report.passed):
        REPORTED[report.nodeid] += 1


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if _is_worker(config) or config.option.collectonly:
        return
    if session.shouldstop or session.shouldfail or exitstatus == pytest.ExitCode.INTERRUPTED:
        return
    collected, reported = COLLECTED, REPORTED
    missing = collected - reported
    if not missing:
        return
    count = sum(missing.values())
    lines = [
        f"{sum(collected.values())} tests were collected but only {sum(reported.values())} "
        f"reported a result: {count} never ran.",
        *(
            f"  did not run: {nodeid}" + (f" (x{n})" if n > 1 else "")
            for nodeid, n in sorted(missing.items())[:SHOWN]
        ),
    ]
    if len(missing) > SHOWN:
        lines.append(f"  … and {len(missing) - SHOWN} more.")
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", "tests collected but not run", red=True)
        for line in lines:
            reporter.write_line(line)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
