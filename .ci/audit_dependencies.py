"""Audit the installed dependencies for known vulnerabilities with pip-audit.

Fails on any known vulnerability. When the vulnerability data cannot be reached at all (no
network, or an index that answers no per-release data, so that not one package could be
checked), it says so plainly and passes: an audit that checked nothing must not pass as clean,
and must not block work on a machine without the data either.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> int:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            str(BIN / "pip-audit"),
            "--progress-spinner",
            "off",
            "--skip-editable",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        unreachable = any(
            word in result.stderr
            for word in ("ConnectionError", "NameResolutionError", "Max retries", "timed out")
        )
        if unreachable:
            print(
                "pip-audit: SKIPPED, the vulnerability service cannot be reached from this "
                "machine (no network). Nothing was audited."
            )
            return 0
        print(result.stderr, file=sys.stderr)
        print("pip-audit failed (see above).", file=sys.stderr)
        return 1
    dependencies = report["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
    if vulnerable:
        print(f"pip-audit: {len(vulnerable)} package(s) with known vulnerabilities.")
        return 1
    if not audited:
        print(
            f"pip-audit: SKIPPED, the package index answered no vulnerability data for any of "
            f"the {len(dependencies)} installed packages (this machine's index serves no "
            "per-release data). Nothing was audited."
        )
        return 0
    skipped = len(dependencies) - len(audited)
    print(
        f"pip-audit: no known vulnerabilities in {len(audited)} packages"
        + (f" ({skipped} could not be checked)." if skipped else ".")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
