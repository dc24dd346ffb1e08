"""``make test``'s guard: a run in which a collected test never ran fails, naming it; a run in
which every test ran, or some were deselected, passes. Run in a separate pytest (with two
xdist workers, as ``make test``) on a small suite of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SUITE = """
import pytest

@pytest.mark.parametrize("n", [1, 2, 3])
def test_numbers(n):
    assert n

@pytest.mark.slow
def test_slow():
    pass
"""
# A test the worker drops without a word, as xdist dropped schemathesis's 102 operations
# when they shared one address.
DROPPED = """
import pytest

@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    return True if item.name in ("test_numbers[2]", "test_numbers[3]") else None
"""


def _run(tmp_path: Path, *args: str, conftest: str = "") -> subprocess.CompletedProcess:
    (tmp_path / "test_suite.py").write_text(SUITE)
    (tmp_path / "conftest.py").write_text(
        "def pytest_configure(config):\n"
        "    config.addinivalue_line('markers', 'slow: slow')\n" + conftest
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("PYTEST_ADDOPTS", None)
    command = [sys.executable, "-m", "pytest", "-p", "tests.every_test_runs", "-p", "no:django"]
    return subprocess.run(  # noqa: S603
        [*command, "-p", "no:cacheprovider", "-n", "2", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_a_run_where_every_test_ran_passes(tmp_path):
    result = _run(tmp_path)
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_deselected_tests_are_not_missed(tmp_path):
    result = _run(tmp_path, "-m", "not slow")
    assert result.returncode == 0, result.stdout
    assert "3 passed" in result.stdout


@pytest.mark.slow
def test_tests_collected_but_not_run_fail_the_run_naming_them(tmp_path):
    result = _run(tmp_path, conftest=DROPPED)

    assert result.returncode == 1, result.stdout
    assert "4 tests were collected but only 2 reported a result: 2 never ran." in result.stdout
    assert "did not run: test_suite.py::test_numbers[2]" in result.stdout
    assert "did not run: test_suite.py::test_numbers[3]" in result.stdout
