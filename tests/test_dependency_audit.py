"""`make audit` (scripts/audit_dependencies.py): fails on a known vulnerability in a locked
package, and skips with a clear message when the advisory database cannot be reached.

pip-audit itself is replaced by a stand-in that answers as pip-audit does, so that the test
needs no network; `make audit` runs the real one.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_audit(tmp_path, stdout: str, stderr: str = "", code: int = 0, **env: str):
    fake = tmp_path / "pip-audit"
    args_file = tmp_path / "args.json"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"json.dump(sys.argv[1:], open({str(args_file)!r}, 'w'))\n"
        f"sys.stdout.write({stdout!r})\n"
        f"sys.stderr.write({stderr!r})\n"
        f"sys.exit({code})\n"
    )
    fake.chmod(0o755)
    result = subprocess.run(
        [sys.executable, "scripts/audit_dependencies.py"],
        cwd=ROOT,
        env={**os.environ, "PIP_AUDIT": str(fake), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, json.loads(args_file.read_text())


def report(*dependencies: dict) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_known_vulnerability_in_a_locked_package_fails(tmp_path):
    vulnerable = {
        "name": "django",
        "version": "6.1.0",
        "vulns": [{"id": "PYSEC-2026-1", "fix_versions": ["6.1.1"], "aliases": ["CVE-2026-1"]}],
    }
    result, args = run_audit(
        tmp_path, report(vulnerable, {"name": "pypdf", "version": "7.1.1", "vulns": []}), code=1
    )
    assert result.returncode == 1
    assert "django 6.1.0: PYSEC-2026-1 (CVE-2026-1); fixed in: 6.1.1" in result.stdout
    # Both lock files, exactly as pinned (no resolution, nothing installed).
    assert "--disable-pip" in args
    assert str(ROOT / "requirements" / "run.txt") in args
    assert str(ROOT / "requirements" / "test.txt") in args


def test_no_known_vulnerability_passes(tmp_path):
    result, _args = run_audit(tmp_path, report({"name": "django", "version": "6.1.3", "vulns": []}))
    assert result.returncode == 0
    assert "no known vulnerabilities in 1 locked packages" in result.stdout


def test_an_unreachable_database_is_a_clear_skip(tmp_path):
    error = "requests.exceptions.ConnectionError: Max retries exceeded with url: /v1/query"
    result, _args = run_audit(tmp_path, "", stderr=error, code=1)
    assert result.returncode == 0
    assert result.stdout.startswith("pip-audit SKIPPED: the advisory database (pypi) cannot be")


def test_a_mirror_that_knows_no_versions_is_a_skip_not_a_pass(tmp_path):
    skipped = {"name": "django", "skip_reason": "Dependency not found on PyPI"}
    result, _args = run_audit(tmp_path, report(skipped))
    assert result.returncode == 0
    assert "SKIPPED" in result.stdout and "none of the 1 locked packages" in result.stdout


def test_strict_mode_fails_when_the_database_cannot_be_reached(tmp_path):
    result, _args = run_audit(
        tmp_path, "", stderr="ConnectionError", code=1, KRING_AUDIT_STRICT="1"
    )
    assert result.returncode == 1
    assert "FAILED" in result.stdout


def test_an_unexpected_pip_audit_error_fails(tmp_path):
    result, _args = run_audit(tmp_path, "", stderr="invalid requirement", code=2)
    assert result.returncode == 1
