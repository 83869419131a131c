"""Keep strict mode strict under `--quiet`, and let `mkdocs serve --dirty` run in it.

`mkdocs build --quiet` raises the "mkdocs" logger to ERROR, so warnings are never
logged, strict mode never counts them, and a build with a broken link succeeds.
The plugin's on_startup lets warnings reach the logger again and moves the quietness to the
console handler instead: the output stays quiet, and strict mode still aborts.

The loggers are found from the modules MkDocs runs, never by name: ProperDocs, a continuation of MkDocs 1.6, renames
them ("properdocs", "properdocs.commands.build") and its console handler, and a filter on the old names does nothing
there (tests/test_forks.py builds with it).
"""

from __future__ import annotations

import logging

import mkdocs
from mkdocs.commands.build import log as build_log


def keep_strict_when_quiet() -> None:
    """Log warnings again, but show on the console only what --quiet asked for."""
    # The command line's logger: "mkdocs", or "properdocs" under ProperDocs, whose `mkdocs` module is its own.
    logger = logging.getLogger(mkdocs.__name__)
    if logger.level <= logging.WARNING:
        return
    for handler in logger.handlers:
        # The console handler the command line installs (MkDocsStreamHandler, ProperDocsStreamHandler); strict mode's
        # counter, a NullHandler, is added later.
        if isinstance(handler, logging.StreamHandler):
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
    if _DIRTY_NOTICE not in build_log.filters:
        build_log.addFilter(_DIRTY_NOTICE)
