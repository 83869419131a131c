"""The project's Python passes its linter and type checker, as configured in pyproject.toml.

ruff lints everything (newsroom, harness, bench, tests); mypy checks the build's code
and the shared harness in strict mode. A `noqa` or `type: ignore` must name its
rule, and mypy reports one that no longer silences anything.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO_ROOT


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    """Should pass `ruff check` with the project's rules."""
    result = _run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, f"ruff check found problems:\n{result.stdout}{result.stderr}"


def test_mypy_finds_nothing() -> None:
    """Should pass `mypy` (strict) on newsroom/ and harness/."""
    result = _run("mypy")
    assert result.returncode == 0, f"mypy found problems:\n{result.stdout}{result.stderr}"
