"""Run Lighthouse (pinned in package-lock.json) on a page, with the system browser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

from harness.browser import CHROMIUM_ARGS, chromium_path
from harness.node_tools import node_tool


def lighthouse(url: str, form_factor: str = "mobile", categories: tuple[str, ...] = ()) -> dict[str, Any]:
    """Lighthouse's report (as JSON data) for `url`: mobile uses its simulated slow 4G and 4x CPU.

    `categories` limits the audits to those categories (all four when empty): without
    performance, Lighthouse records no trace and takes half the time.
    """
    cli = node_tool("lighthouse", "cli", "index.js")
    node = shutil.which("node") or "node"
    options = ["--preset=desktop"] if form_factor == "desktop" else []
    if categories:
        options.append(f"--only-categories={','.join(categories)}")
    command = [node, str(cli), url, *options, "--quiet", "--output=json", "--output-path=stdout",
               f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}"]
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    if result.returncode != 0 and _browser_lost(result.stderr):
        # Lighthouse's own Chrome died under it (seen once with six runs sharing two cores): that says nothing about the
        # page, so it gets one more run. A second loss, or any other failure, is reported.
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"Lighthouse failed on {url} (exit {result.returncode}):\n{result.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(result.stdout)
    return report


# What Lighthouse prints when the browser it drives goes away mid-run (puppeteer's CDP errors).
_LOST_BROWSER = ("Session closed", "Target closed", "Connection closed", "WebSocket is not open")


def _browser_lost(stderr: str) -> bool:
    """Whether a failed run failed because its Chrome crashed or closed, not because of the page."""
    return any(marker in stderr for marker in _LOST_BROWSER)


def scores(report: dict[str, Any]) -> dict[str, int]:
    """Each category's score out of 100."""
    return {key: round((category["score"] or 0) * 100) for key, category in report["categories"].items()}


def failing_audits(report: dict[str, Any], category: str) -> list[str]:
    """The audits that cost `category` points, as 'id: title (score)'."""
    failing = []
    for reference in report["categories"][category]["auditRefs"]:
        audit = report["audits"][reference["id"]]
        if reference["weight"] and audit["score"] is not None and audit["score"] < 1:
            failing.append(f"{audit['id']}: {audit['title']} (score {audit['score']})")
    return failing
