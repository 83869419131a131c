"""Keep strict mode strict under `--quiet`, and let `mkdocs serve --dirty` run in it.

`mkdocs build --quiet` raises the "mkdocs" logger to ERROR, so warnings are never
logged, strict mode never counts them, and a build with a broken link succeeds.
The plugin's on_startup lets warnings reach the logger again and moves the quietness to the
console handler instead: the output stays quiet, and strict mode still aborts.
"""

from __future__ import annotations

import logging


def keep_strict_when_quiet() -> None:
    """Log warnings again, but show on the console only what --quiet asked for."""
    logger = logging.getLogger("mkdocs")
    if logger.level <= logging.WARNING:
        return
    for handler in logger.handlers:
        # The console handler the mkdocs command line installs; strict mode's counter is added later.
        if handler.name == "MkDocsStreamHandler":
            handler.setLevel(max(handler.level, logger.level))
    logger.setLevel(logging.WARNING)


class _DirtyNotice(logging.Filter):
    """Drops MkDocs' warning that a --dirty build may leave navigation and links inaccurate.

    This site shows no navigation, and the plugin remakes every page that lists
    articles (the front page, the archive, the feed, the search index) on every
    build, dirty or not; in strict mode the warning would stop every `mkdocs serve
    --dirty` before it started. A real warning (a broken link) still stops it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


_DIRTY_NOTICE = _DirtyNotice()


def allow_dirty_previews() -> None:
    """Let `mkdocs serve --dirty` build in strict mode, once per process."""
    logger = logging.getLogger("mkdocs.commands.build")
    if _DIRTY_NOTICE not in logger.filters:
        logger.addFilter(_DIRTY_NOTICE)
