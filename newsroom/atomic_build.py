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
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import clean_directory

log = logging.getLogger("mkdocs.plugins.newsroom")

# The commands that write a site someone could deploy.
DEPLOYABLE = ("build", "gh-deploy")


class Staging:
    """One build's hidden staging folder inside site_dir, published or discarded at the end."""

    def __init__(self, config: MkDocsConfig, dirty: bool) -> None:
        """Point site_dir at a fresh hidden staging folder inside the real one."""
        self.config = config
        self.dirty = dirty
        self.target = Path(config.site_dir).resolve()
        self.created_target = not self.target.exists()
        self.target.mkdir(parents=True, exist_ok=True)
        # Hidden, so that MkDocs' cleaning and Pages' artifact upload both pass over it.
        self.folder: Path | None = Path(tempfile.mkdtemp(prefix=".building-", dir=self.target))
        self.finished = False
        self.failed = False
        # An interrupted build (Ctrl-C) still removes its staging folder.
        atexit.register(self.discard)
        config.site_dir = str(self.folder)

    def close(self) -> None:
        """Publish the staged site if the build succeeded, else discard it; restore site_dir."""
        if self.folder is None:
            return
        if self.finished and not self.failed:
            self._publish(self.folder)
        else:
            self.discard()
            log.error("Build failed: %s is left as it was; nothing of this build was written there", self.target)
        # gh-deploy reads site_dir after the build to push it.
        self.config.site_dir = str(self.target)

    def _publish(self, folder: Path) -> None:
        """Replace the site in the target with the staged one, keeping dotfiles as MkDocs does."""
        if not self.dirty:
            clean_directory(str(self.target))
        for entry in folder.iterdir():
            destination = self.target / entry.name
            if destination.is_dir() and not destination.is_symlink():
                shutil.rmtree(destination)
            entry.replace(destination)
        folder.rmdir()
        self.folder = None

    def discard(self) -> None:
        """Delete the staging folder, and the target too if this build created it and it is empty."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        if self.created_target and self.target.is_dir() and not any(self.target.iterdir()):
            self.target.rmdir()
