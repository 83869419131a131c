"""Write the site all at once, or not at all: a failed build leaves site_dir as it was.

In strict mode MkDocs writes every page and only then aborts on the warnings it
counted, and before writing it empties site_dir of everything but dotfiles. So a
failed `mkdocs build -d DIR` would leave a broken but complete-looking site in DIR
(which a script could deploy) and would already have deleted what DIR held, such
as a `CNAME` in a gh-pages checkout. Instead, `build` and `gh-deploy` write into a
hidden staging folder inside site_dir. Only when the build has finished without
an error or a strict-mode warning does the staged site replace the old one, with
MkDocs' own rule (dotfiles such as `.git/` and `.nojekyll` stay). On failure the
staging folder is deleted and nothing else is touched. `mkdocs serve` is left
alone: it already keeps serving the last good build.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.utils import clean_directory

log = logging.getLogger("mkdocs.hooks.atomic_build")


@dataclass
class _Build:
    """One `mkdocs build` or `gh-deploy` invocation."""

    command: str = ""
    dirty: bool = False
    config: MkDocsConfig | None = None
    target: Path | None = None
    staging: Path | None = None
    created_target: bool = False
    finished: bool = False
    failed: bool = False


_build = _Build()


def on_startup(command: str, dirty: bool) -> None:
    """Remember the command: only `build` and `gh-deploy` write a site that could be deployed."""
    global _build
    _build = _Build(command=command, dirty=dirty)


@event_priority(100)  # before every other hook, so that all of them write into the staging folder
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Point site_dir at a fresh hidden staging folder inside the real one."""
    if _build.command not in ("build", "gh-deploy") or _build.staging is not None:
        return config
    target = Path(config.site_dir).resolve()
    _build.created_target = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    _build.config, _build.target = config, target
    # Hidden, so that MkDocs' cleaning and Pages' artifact upload both pass over it.
    _build.staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target))
    # An interrupted build (Ctrl-C) still removes its staging folder.
    atexit.register(_discard)
    config.site_dir = str(_build.staging)
    return config


@event_priority(-100)  # after every other hook has written its files
def on_post_build(config: MkDocsConfig) -> None:
    """Note that every file is written; strict mode may still fail the build after this."""
    _build.finished = True


def on_build_error(error: Exception) -> None:
    """Note the failure (strict mode's abort on warnings arrives here too)."""
    _build.failed = True


def on_shutdown() -> None:
    """Publish the staged site if the build succeeded, else discard it; restore site_dir."""
    if _build.staging is None or _build.target is None:
        return
    if _build.finished and not _build.failed:
        _publish(_build.staging, _build.target)
    else:
        _discard()
        log.error("Build failed: %s is left as it was; nothing of this build was written there", _build.target)
    if _build.config is not None:
        # gh-deploy reads site_dir after the build to push it.
        _build.config.site_dir = str(_build.target)


def _publish(staging: Path, target: Path) -> None:
    """Replace the site in `target` with the staged one, keeping dotfiles as MkDocs does."""
    if not _build.dirty:
        clean_directory(str(target))
    for entry in staging.iterdir():
        destination = target / entry.name
        if destination.is_dir() and not destination.is_symlink():
            shutil.rmtree(destination)
        entry.replace(destination)
    staging.rmdir()
    _build.staging = None


def _discard() -> None:
    """Delete the staging folder, and the target too if this build created it and it is empty."""
    if _build.staging is not None:
        shutil.rmtree(_build.staging, ignore_errors=True)
        _build.staging = None
    target = _build.target
    if _build.created_target and target is not None and target.is_dir() and not any(target.iterdir()):
        target.rmdir()
