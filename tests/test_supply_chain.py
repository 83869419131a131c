"""Supply chain: every dependency locked with hashes, installs that refuse a stale lock, pins kept current."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from conftest import REPO_ROOT

BIN = Path(sys.executable).parent
DEPENDABOT = REPO_ROOT / ".github" / "dependabot.yml"


def test_uv_lock_has_hashes() -> None:
    """Should record a hash for every locked Python package from the registry."""
    lock = tomllib.loads((REPO_ROOT / "uv.lock").read_text(encoding="utf-8"))
    unhashed = [
        package["name"]
        for package in lock["package"]
        if "registry" in package.get("source", {})
        and not all("hash" in artifact for artifact in [*package.get("wheels", []), package.get("sdist", {"hash": 1})])
    ]
    assert lock["package"] and not unhashed, f"packages without hashes in uv.lock: {unhashed}"


def test_npm_lock_has_integrity() -> None:
    """Should record an integrity hash for every npm package the checks use."""
    lock = json.loads((REPO_ROOT / "package-lock.json").read_text(encoding="utf-8"))
    packages = {name: data for name, data in lock["packages"].items() if name}
    missing = [name for name, data in packages.items() if not data.get("integrity", "").startswith("sha512-")]
    assert packages and not missing, f"packages without integrity in package-lock.json: {missing}"


def test_ci_installs_are_locked() -> None:
    """Should make .ci/run refuse a uv.lock out of date with pyproject.toml, and npm install only from its lock."""
    script = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export UV_LOCKED=1" in script, ".ci/run must export UV_LOCKED=1 so that `uv run` refuses a stale uv.lock"
    installer = (REPO_ROOT / "harness" / "node_tools.py").read_text(encoding="utf-8")
    assert '[npm, "ci", ' in installer, "the suite must install the Node checkers with `npm ci` (package-lock.json only)"


def test_ci_and_workflow_share_the_prerequisites() -> None:
    """Should install the system packages from one script that .ci/run and the workflow both run."""
    assert "bash .ci/prerequisites" in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    workflow = (REPO_ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    installs = [line.strip() for line in workflow.splitlines() if "bash .ci/prerequisites" in line]
    assert installs, "the workflow must install what .ci/prerequisites lists"


def test_dependabot_keeps_pins_current() -> None:
    """Should update the actions, the uv lock and the npm lock weekly, each in one grouped pull request."""
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.dependabot", DEPENDABOT], capture_output=True, text=True
    )
    assert result.returncode == 0, f"{DEPENDABOT} is not valid:\n{result.stdout}{result.stderr}"
    updates = {u["package-ecosystem"]: u for u in yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))["updates"]}
    assert {"github-actions", "uv", "npm"} <= updates.keys()
    for ecosystem, update in updates.items():
        assert update["schedule"]["interval"] == "weekly", f"{ecosystem} is not checked weekly"
        assert update.get("groups"), f"{ecosystem} updates are not grouped"
