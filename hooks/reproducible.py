"""Make a plain `mkdocs build` reproducible: date the build by the last commit.

MkDocs stamps sitemap.xml (and the gzip header of sitemap.xml.gz) with the build
date unless SOURCE_DATE_EPOCH is set. Setting it here from `git log` means the
README's commands, the tests and the workflow all give byte-identical output for
the same commit, with nobody setting the variable by hand.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.reproducible")


def _last_commit_epoch(root: Path) -> str | None:
    """Return the committer timestamp of HEAD, or None outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip() or None


def date_build_by_last_commit(root: Path) -> None:
    """Set SOURCE_DATE_EPOCH from the last commit unless the caller already set it."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return
    epoch = _last_commit_epoch(root)
    if epoch is None:
        # A copy outside git (an exported tarball, a test's scratch copy) still
        # builds; only its sitemap dates follow the clock.
        log.info("No git history in %s: the build date is today's", root)
        return
    os.environ["SOURCE_DATE_EPOCH"] = epoch
