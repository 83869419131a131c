"""Leave no site behind when `mkdocs build` fails.

In strict mode MkDocs writes every page first and only then aborts on the
warnings it counted (a broken link, a missing anchor), so a failed build still
leaves a complete-looking site in site_dir that a script could deploy. This hook
deletes it on any build error, so a failed build leaves nothing to publish.
`mkdocs serve` is left alone: it keeps showing the last good build.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.hooks.no_partial_site")

# Set per invocation: which command runs, and where it writes the site.
_build: dict[str, str] = {}


def on_startup(command: str, dirty: bool) -> None:
    """Remember the command: only `build` and `gh-deploy` leave a site to deploy."""
    _build["command"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Remember where the site is written; on_build_error is not given the config."""
    _build["site_dir"] = config.site_dir
    return config


def on_build_error(error: Exception) -> None:
    """Delete the half-built or unchecked site so that nothing can deploy it."""
    site_dir = _build.get("site_dir")
    if _build.get("command") not in ("build", "gh-deploy") or not site_dir:
        return
    if Path(site_dir).exists():
        shutil.rmtree(site_dir)
        log.error("Build failed: removed %s so that no broken site can be published", site_dir)
